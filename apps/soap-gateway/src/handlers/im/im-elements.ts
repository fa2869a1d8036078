import { ChatParticipant } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrBool, child, el } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { handler } from '../directory-elements';

/** soap-im.txt: every IM request lives in urn:zimbraIM, on the user port, with a user token. */
export const IM_NS = 'urn:zimbraIM';

export const imHandler = (name: string, handle: (request: SoapElement, ctx: SoapCallContext) => Promise<SoapElement>) =>
  handler('user', IM_NS, name, 'user', handle);

/** A required attribute with a non-blank value (Zimbra's getAttribute): INVALID_REQUEST otherwise. */
export function requiredAttr(e: SoapElement, name: string): string {
  const v = attr(e, name);
  if (v === undefined || v.trim() === '') throw SoapFault.invalidRequest(`missing required attribute: ${name}`);
  return v;
}

/** A required boolean ("1"/"true"/"0"/"false"), as Zimbra's getAttributeBool(name). */
export function requiredBool(e: SoapElement, name: string): boolean {
  requiredAttr(e, name);
  return attrBool(e, name, false);
}

/** An optional non-negative integer attribute; anything else is INVALID_REQUEST. */
export function optionalCount(e: SoapElement, name: string): number | undefined {
  const v = attr(e, name);
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\+?\d{1,15}$/.test(v.trim())) throw SoapFault.invalidRequest(`invalid value for ${name}: ${v}`);
  return Number(v);
}

/** `groups="a,b"` (soap-im.txt) as a list: blanks dropped; undefined when the attribute is absent. */
export function groupsOf(e: SoapElement): string[] | undefined {
  const raw = attr(e, 'groups');
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
}

/**
 * A child element, or in JSON an attribute standing for a text-only child (`"body": "hi"` for
 * `<body>hi</body>`), as Zimbra's JSONElement.getOptionalElement reads it.
 */
export function optionalElement(e: SoapElement, name: string): SoapElement | undefined {
  const found = child(e, name);
  if (found) return found;
  if (!Object.prototype.hasOwnProperty.call(e.attrs, name)) return undefined;
  return { name, attrs: {}, children: [], text: String(e.attrs[name]) };
}

/**
 * The SOAP session the request names (`<session id>` in the context), for per-session presence and
 * idle state. A bare `<session/>` gets its id only after the handler ran, so it names none yet.
 */
export function requestSessionId(ctx: SoapCallContext): string | undefined {
  return ctx.soap.noSession ? undefined : ctx.soap.session?.id;
}

/** soap-im.txt `<p addr [me="1"] [fulladdr] [name] [role] [affiliation]/>`. */
export function participantElement(p: ChatParticipant): SoapElement {
  return el('p', { addr: p.addr, me: p.me ? true : undefined, fulladdr: p.fulladdr, name: p.name, role: p.role, affiliation: p.affiliation });
}

/** `<pcps>` with one `<p>` per participant. */
export const participantsElement = (participants: ChatParticipant[]) => el('pcps', {}, participants.map(participantElement));
