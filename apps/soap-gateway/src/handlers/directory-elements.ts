import { Attrs, DirectoryEntry, Selector } from '@gw/contracts';
import { SoapElement, SoapFault, child, el, keyValuePairs, requireChild, text, textEl, attr } from '@gw/soap';
import { SoapHandler, SoapCallContext, SoapPort, responseName } from '../soap/soap-handler';

export const ADMIN_NS = 'urn:zimbraAdmin';
export const ACCOUNT_NS = 'urn:zimbraAccount';

/** `<a n="name">value</a>` children as multi-valued attributes (a name may repeat). */
export function attrsFrom(request: SoapElement): Attrs {
  const attrs: Attrs = {};
  for (const { key, value } of keyValuePairs(request, 'a', 'n')) (attrs[key] ??= []).push(value);
  return attrs;
}

/** `<account by="id|name">value</account>`; Zimbra's default `by` is name. */
export function selectorFrom(request: SoapElement, name: string, required = true): Selector | undefined {
  const e = required ? requireChild(request, name) : child(request, name);
  if (!e) return undefined;
  const by = attr(e, 'by') ?? 'name';
  if (by !== 'id' && by !== 'name') throw SoapFault.invalidRequest(`unsupported ${name} selector: by="${by}"`);
  const value = text(e).trim();
  if (!value) throw SoapFault.invalidRequest(`missing ${name} value`);
  return { by, value };
}

/** A directory entry as Zimbra's ldapRecord: `<account name id><a n>v</a>…</account>`. */
export function entryElement(tag: string, entry: DirectoryEntry, extra: SoapElement[] = []): SoapElement {
  const attrs: SoapElement[] = [];
  for (const name of Object.keys(entry.attrs).sort()) for (const value of entry.attrs[name]) attrs.push(textEl('a', value, { n: name }));
  return el(tag, { name: entry.name, id: entry.id }, [...extra, ...attrs]);
}

/** Comma-separated attribute names (`attrs="a,b"`). */
export function attrList(request: SoapElement): string[] | undefined {
  const raw = attr(request, 'attrs');
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export const flag = (request: SoapElement, name: string, fallback: boolean): boolean => {
  const v = attr(request, name);
  if (v === undefined) return fallback;
  return v === '1' || v.toLowerCase() === 'true';
};

type Handle = (request: SoapElement, ctx: SoapCallContext) => Promise<SoapElement>;

/** A request document in `ns`, answered on `port`. */
export function handler(port: SoapPort, ns: string, name: string, auth: SoapHandler['auth'], handle: Handle): SoapHandler {
  return { port, ns, name, auth, handle };
}

export const adminHandler = (name: string, handle: Handle, auth: SoapHandler['auth'] = 'admin') => handler('admin', ADMIN_NS, name, auth, handle);

/** `<FooResponse xmlns="…">children</FooResponse>` for `FooRequest`. */
export const response = (request: SoapElement, children: SoapElement[] = [], attrs: Record<string, string | number | boolean | undefined> = {}) =>
  el(responseName(request.name), attrs, children, request.ns);
