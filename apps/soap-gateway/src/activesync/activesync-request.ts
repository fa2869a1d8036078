import { IncomingMessage } from 'node:http';

/** What every ActiveSync request says about itself (MS-ASHTTP), whichever command it carries. */
export interface ActiveSyncRequest {
  cmd: string;
  /** `User=`: the account the request is for (may differ from who authenticated, for admins). */
  user: string;
  deviceId: string;
  deviceType: string;
  protocolVersion?: string;
  policyKey?: string;
  /** The HTTP User-Agent header. */
  userAgent?: string;
  /** From HTTP Basic authentication; absent when the client sent none. */
  credentials?: { user: string; password: string };
}

export class ActiveSyncRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the query string (the plain form `?Cmd=..&User=..&DeviceId=..&DeviceType=..`; the
 * base64-encoded form of MS-ASHTTP is not accepted yet) and the ActiveSync headers.
 */
export function readActiveSyncRequest(req: IncomingMessage): ActiveSyncRequest {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = (name: string) => url.searchParams.get(name) ?? '';
  const cmd = q('Cmd');
  if (!cmd) throw new ActiveSyncRequestError(400, 'missing Cmd');
  const protocolVersion = header(req, 'ms-asprotocolversion');
  const policyKey = header(req, 'x-ms-policykey');
  const userAgent = header(req, 'user-agent');
  return {
    cmd,
    user: q('User'),
    deviceId: q('DeviceId'),
    deviceType: q('DeviceType'),
    ...(protocolVersion ? { protocolVersion } : {}),
    ...(policyKey ? { policyKey } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...basicCredentials(req),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `Authorization: Basic base64(user:password)`; the password may contain colons. */
export function basicCredentials(req: IncomingMessage): { credentials?: { user: string; password: string } } {
  const auth = header(req, 'authorization');
  const m = auth && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (!m) return {};
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return {};
  return { credentials: { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
}
