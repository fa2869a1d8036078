import type { SoapElement } from './element';
import { SoapFault } from './fault';

/*
 * Readers that behave like Zimbra's Element getters, so a handler reads a request the same way
 * whichever dialect it came in: JSON clients send `"password": "x"` or
 * `"password": {"_content": "x"}`, XML clients `<password>x</password>`.
 */

/** The first child with this local name (Element.getOptionalElement). */
export function child(e: SoapElement, name: string): SoapElement | undefined {
  return e.children.find((c) => c.name === name);
}

/** Every child with this local name, in document order (Element.listElements). */
export function childrenNamed(e: SoapElement, name: string): SoapElement[] {
  return e.children.filter((c) => c.name === name);
}

/** The element's text, '' when it has none (Element.getText). */
export function text(e: SoapElement): string {
  return e.text ?? '';
}

/**
 * An attribute, or when absent the text of the first child element of that name
 * (Element.getAttribute). Values are strings, as Zimbra's getAttribute returns them.
 */
export function attr(e: SoapElement, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(e.attrs, name)) return String(e.attrs[name]);
  const c = child(e, name);
  return c ? text(c) : undefined;
}

export function requireAttr(e: SoapElement, name: string): string {
  const v = attr(e, name);
  if (v === undefined) throw SoapFault.invalidRequest(`missing required attribute: ${name}`);
  return v;
}

export function requireChild(e: SoapElement, name: string): SoapElement {
  const c = child(e, name);
  if (!c) throw SoapFault.invalidRequest(`missing required element: ${name}`);
  return c;
}

/** Zimbra's boolean parsing: "1"/"true" and "0"/"false" (case-insensitive), else INVALID_REQUEST. */
export function attrBool(e: SoapElement, name: string, fallback: boolean): boolean {
  const v = attr(e, name);
  if (v === undefined) return fallback;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  if (v === '0' || v.toLowerCase() === 'false') return false;
  throw SoapFault.invalidRequest(`invalid boolean value '${v}' for attribute: ${name}`);
}

/** An integer attribute (Element.getAttributeLong); a non-integer is INVALID_REQUEST. */
export function attrInt(e: SoapElement, name: string, fallback: number): number {
  const v = attr(e, name);
  if (v === undefined) return fallback;
  if (!/^[-+]?\d+$/.test(v.trim())) throw SoapFault.invalidRequest(`invalid long value '${v}' for attribute: ${name}`);
  return Number(v);
}

export interface KeyValuePair {
  key: string;
  value: string;
}

/**
 * Zimbra's listKeyValuePairs: `<a n="key">value</a>` children in XML, and the `_attrs`
 * object in JSON (which the JSON parser turns into `a n=` children marked with keyAttr).
 */
export function keyValuePairs(e: SoapElement, elName = 'a', keyAttr = 'n'): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  for (const c of e.children) {
    const k = c.keyAttr ?? (c.name === elName ? keyAttr : undefined);
    if (k === undefined || !Object.prototype.hasOwnProperty.call(c.attrs, k)) continue;
    pairs.push({ key: String(c.attrs[k]), value: text(c) });
  }
  return pairs;
}
