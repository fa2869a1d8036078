import type { SoapElement } from './element';
import { el, uniqueEl } from './element';
import { SoapFault } from './fault';
import type { SoapProtocol } from './protocol';
import { ZIMBRA_NS } from './protocol';
import { attr, attrBool, child, text } from './read';

/** What a request's `<context xmlns="urn:zimbra">` header asks for (ZimbraSoapContext). */
export interface SoapContext {
  authToken?: string;
  /** Present when the client wants a session (`<session/>`, possibly with the id it holds). */
  session?: { id?: string; seq?: string; type?: string };
  noSession?: boolean;
  nonotify?: boolean;
  noqualify?: boolean;
  /** Run the request on behalf of another account (`<account by="name|id">`). */
  account?: { by: string; value: string };
  change?: { token: string; type?: 'mod' | 'new' };
  userAgent?: { name?: string; version?: string };
  format?: 'xml' | 'js';
  via?: string;
  /** Proxy target server id (`<targetServer>`). */
  targetServer?: string;
  /** `<authTokenControl voidOnExpired="1"/>`: treat an expired token as absent instead of failing. */
  voidOnExpired?: boolean;
  /** The web client's CSRF token (`<csrfToken>`). */
  csrfToken?: string;
}

/** Header children ZimbraSoapContext understands; anything else is an extension. */
const KNOWN_CONTEXT_CHILDREN: ReadonlySet<string> = new Set([
  'authToken',
  'authTokenControl',
  'jwtToken',
  'jwtSalt',
  'session',
  'sessionId',
  'nosession',
  'nonotify',
  'noqualify',
  'notify',
  'account',
  'change',
  'targetServer',
  'userAgent',
  'via',
  'format',
  'csrfToken',
  'soapId',
]);

/** Reads the request context header. Dialect-neutral: it only uses the lenient readers. */
export function readSoapContext(ctxt: SoapElement | undefined): SoapContext {
  const context: SoapContext = {};
  if (!ctxt) return context;

  const authToken = attr(ctxt, 'authToken')?.trim();
  if (authToken) context.authToken = authToken;

  const control = child(ctxt, 'authTokenControl');
  if (control && attrBool(control, 'voidOnExpired', false)) context.voidOnExpired = true;

  if (child(ctxt, 'nosession')) context.noSession = true;
  if (child(ctxt, 'nonotify')) context.nonotify = true;
  if (child(ctxt, 'noqualify')) context.noqualify = true;

  const session = readSession(ctxt);
  if (session) context.session = session;

  const account = child(ctxt, 'account');
  const by = account && attr(account, 'by');
  if (account && by !== undefined) {
    // ZimbraSoapContext rejects anything but name|id before any handler runs.
    if (by !== 'name' && by !== 'id') throw SoapFault.invalidRequest(`unknown value for by: ${by}`);
    context.account = { by, value: text(account).trim() };
  }

  const change = child(ctxt, 'change');
  const token = change && attr(change, 'token');
  if (change && token !== undefined) {
    const type = attr(change, 'type');
    // Zimbra: "mod" (the default) checks modifications; any other value checks creations.
    context.change = type === undefined ? { token } : { token, type: type === 'mod' ? 'mod' : 'new' };
  }

  const ua = child(ctxt, 'userAgent');
  if (ua) {
    context.userAgent = {};
    const name = attr(ua, 'name');
    const version = attr(ua, 'version');
    if (name !== undefined) context.userAgent.name = name;
    if (version !== undefined) context.userAgent.version = version;
  }

  const format = child(ctxt, 'format');
  if (format) {
    // A <format/> without type means xml, as in ZimbraSoapContext.
    const type = attr(format, 'type') ?? 'xml';
    if (type === 'xml' || type === 'js') context.format = type;
  }

  const via = child(ctxt, 'via');
  if (via) context.via = text(via);
  const targetServer = attr(ctxt, 'targetServer');
  if (targetServer) context.targetServer = targetServer;
  const csrfToken = attr(ctxt, 'csrfToken');
  if (csrfToken) context.csrfToken = csrfToken;

  return context;
}

/** The session id travels as text (`<session>12</session>`) or as the id attribute; text wins. */
function readSession(ctxt: SoapElement): SoapContext['session'] | undefined {
  const s = child(ctxt, 'session');
  if (!s) return undefined;
  const session: NonNullable<SoapContext['session']> = {};
  const id = text(s).trim() || attr(s, 'id');
  if (id) session.id = id;
  // The session's seq defaults to <notify seq=".."> (notification acknowledgement).
  const notify = child(ctxt, 'notify');
  const seq = attr(s, 'seq') ?? (notify ? attr(notify, 'seq') : undefined);
  if (seq !== undefined) session.seq = seq;
  const type = attr(s, 'type');
  if (type !== undefined) session.type = type;
  return session;
}

/**
 * `<format type="js|xml">` picks the response dialect: js → JSON; xml → the request's own SOAP
 * version, or SOAP 1.2 for a JSON request (ZimbraSoapContext's rule).
 */
export function responseProtocolFor(requestProtocol: SoapProtocol, context: SoapContext): SoapProtocol {
  if (context.format === 'js') return 'json';
  if (context.format === 'xml' && requestProtocol === 'json') return 'soap12';
  return requestProtocol;
}

/** Children of a request context that ZimbraSoapContext does not interpret (soap-context-extension.txt). */
export function extensionsFrom(ctxt: SoapElement | undefined): SoapElement[] {
  if (!ctxt) return [];
  return ctxt.children.filter((c) => !KNOWN_CONTEXT_CHILDREN.has(c.name) || (c.ns !== undefined && c.ns !== ZIMBRA_NS));
}

export interface ResponseContextInit {
  sessionId?: string;
  /** "admin" for admin sessions; Zimbra omits the attribute for mail sessions. */
  sessionType?: string;
  changeToken?: string | number;
  /** refresh/notify blocks and extensions (e.g. `<zdsync xmlns="urn:zimbraOffline">`), in order. */
  extra?: SoapElement[];
}

/**
 * The response `<context xmlns="urn:zimbra">` header. Shapes follow ZimbraSoapContext.encodeSession
 * and SoapEngine.generateResponseHeader: `<session type="admin" id="12">12</session>` (the id is
 * both attribute and text) and `<change token="555"/>`, both unique elements, so JSON renders
 * them as objects: `"session":{"id":"12","_content":"12"}`, `"change":{"token":555}`.
 */
export function responseContext(init: ResponseContextInit = {}): SoapElement {
  const children: SoapElement[] = [];
  if (init.sessionId !== undefined) {
    const session = uniqueEl('session', { type: init.sessionType, id: init.sessionId });
    session.text = init.sessionId;
    children.push(session);
  }
  if (init.changeToken !== undefined) children.push(uniqueEl('change', { token: init.changeToken }));
  children.push(...(init.extra ?? []));
  return el('context', {}, children, ZIMBRA_NS);
}
