import { ImPresence } from '@gw/contracts';
import { el, renderXml, SoapElement, textEl } from '@gw/soap';

export const JABBER_CLIENT_NS = 'jabber:client';
/** XEP-0256 (Last Activity in Presence) reuses XEP-0012's namespace. */
export const JABBER_LAST_NS = 'jabber:iq:last';

/** RFC 6121 §4.7.2.1 `<show>` values; plain `online` has no `<show>`, `offline` is type="unavailable". */
const SHOWN = new Set(['away', 'xa', 'dnd', 'chat']);

/**
 * The presence stanza published at `/xmpp/status/<jid>` (seeds/003): RFC 6121 `<presence>` from the
 * bare JID, `type="unavailable"` when offline, an optional `<show>`, and XEP-0256's
 * `<query xmlns="jabber:iq:last" seconds="N"/>` where the last activity is known. The status text
 * is left out: it is meant for the user's contacts, not for the public.
 */
export function renderPresence(jid: string, presence: ImPresence): string {
  const children: SoapElement[] = [];
  if (!presence.unavailable && SHOWN.has(presence.show)) children.push(textEl('show', presence.show));
  const seconds = presence.secondsSinceLastActivity;
  if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) children.push(el('query', { seconds: Math.floor(seconds) }, [], JABBER_LAST_NS));
  return `${renderXml(el('presence', { from: jid, type: presence.unavailable ? 'unavailable' : undefined }, children, JABBER_CLIENT_NS))}\n`;
}

/** An XMPP localpart as far as our accounts can have one (RFC 7622 forbids `"&'/:<>@` and spaces). */
const LOCALPART = /^[^\s"&'/:<>@\p{Cc}]{1,64}$/u;
const DOMAINPART = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * The bare JID asked for in `/xmpp/status/<jid>` (percent-decoded, lower case; a `/resource` is
 * dropped: presence is published per account), or null when it is not one of an account's.
 */
export function bareJid(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const slash = decoded.indexOf('/');
  const bare = (slash >= 0 ? decoded.slice(0, slash) : decoded).toLowerCase();
  const at = bare.indexOf('@');
  if (at <= 0) return null;
  return LOCALPART.test(bare.slice(0, at)) && DOMAINPART.test(bare.slice(at + 1)) ? bare : null;
}
