import { createHash } from 'node:crypto';

/**
 * Expresso's `auth` is `"<sessionid>:<key>"` (seed: "KP3+SESSIONID"; the reference server checks
 * the pair with session->verify). Our session is the mailbox's auth token: signed and
 * self-contained, so the gateway keeps no session table and any instance can serve any call.
 * The token is the session id; the key is a digest of it, which keeps Expresso's two-part shape
 * and lets the edge refuse a truncated or mangled pair without a round trip to the mailbox. It
 * adds no secrecy: the token alone is the credential, as a session id is in Expresso.
 */
const keyOf = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

export function encodeAuth(authToken: string): string {
  return `${authToken}:${keyOf(authToken)}`;
}

/** The auth token inside an Expresso auth, or undefined when the pair does not hold together. */
export function decodeAuth(auth: string): string | undefined {
  const at = auth.lastIndexOf(':');
  if (at <= 0) return undefined;
  const token = auth.slice(0, at).trim();
  const key = auth.slice(at + 1).trim().toLowerCase();
  return token && key === keyOf(token) ? token : undefined;
}
