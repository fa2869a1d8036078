/**
 * The element model shared by the XML and JSON dialects of Zimbra SOAP.
 *
 * It mirrors com.zimbra.common.soap.Element closely enough that a handler can build one tree
 * and have it rendered as either dialect, the way Zimbra handlers do.
 */

export type AttrValue = string | number | boolean;

export interface SoapElement {
  /** Local name (no prefix). */
  name: string;
  /**
   * Namespace URI. undefined: inherit the parent's (children of a request usually do);
   * '': explicitly no namespace (rendered as xmlns="" where a default namespace is in scope).
   */
  ns?: string;
  attrs: Record<string, AttrValue>;
  children: SoapElement[];
  text?: string;
  /**
   * A text-only element that Zimbra adds with addAttribute(..., Disposition.CONTENT):
   * `<lifetime>123</lifetime>` in XML, but a plain key `"lifetime": 123` in JSON.
   */
  attrInJson?: boolean;
  /** The JSON type of an attrInJson value (text keeps its XML string form). */
  jsonValue?: number | boolean;
  /**
   * Zimbra's addUniqueElement: JSON renders the child as a single object (`"session": {...}`)
   * rather than a one-element array. Zimbra uses it for envelope parts, the context header
   * children session/change, GetInfo's prefs/attrs and the fault structure.
   */
  unique?: boolean;
  /**
   * Zimbra's addKeyValuePair: in XML `<pref name="k">v</pref>`, in JSON the pair is folded
   * into the parent's `"_attrs": {"k": "v"}`. The value names the attribute holding the key.
   */
  keyAttr?: string;
}

/** A plain element. `ns` is only needed where the namespace changes (request/response roots). */
export function el(
  name: string,
  attrs: Record<string, AttrValue | undefined | null> = {},
  children: SoapElement[] = [],
  ns?: string,
): SoapElement {
  const e: SoapElement = { name, attrs: definedAttrs(attrs), children };
  if (ns !== undefined) e.ns = ns;
  return e;
}

/** An element rendered as a single JSON object, like Zimbra's addUniqueElement. */
export function uniqueEl(
  name: string,
  attrs: Record<string, AttrValue | undefined | null> = {},
  children: SoapElement[] = [],
  ns?: string,
): SoapElement {
  return { ...el(name, attrs, children, ns), unique: true };
}

/** `<name attrs>text</name>`; in JSON `"name": [{"_content": "text", ...attrs}]`. */
export function textEl(name: string, text: string, attrs: Record<string, AttrValue | undefined | null> = {}): SoapElement {
  return { name, attrs: definedAttrs(attrs), children: [], text };
}

/** Zimbra's addAttribute(name, value, DISP_ELEMENT): a child element in XML, a plain key in JSON. */
export function attrEl(name: string, value: AttrValue): SoapElement {
  const e: SoapElement = { name, attrs: {}, children: [], text: xmlAttrString(value), attrInJson: true };
  if (typeof value !== 'string') e.jsonValue = value;
  return e;
}

/**
 * Zimbra's addKeyValuePair: `<elName keyAttr="key">value</elName>` in XML and an entry of the
 * parent's `_attrs` object in JSON. Zimbra's defaults are `<a n="key">`.
 */
export function kvpEl(key: string, value: string, elName = 'a', keyAttr = 'n'): SoapElement {
  return { name: elName, attrs: { [keyAttr]: key }, children: [], text: value, keyAttr };
}

/** The response element echoes the request's requestId (SoapEngine does this for every response). */
export function withRequestId(e: SoapElement, requestId: string | undefined | null): SoapElement {
  if (requestId === undefined || requestId === null || requestId === '') return e;
  return { ...e, attrs: { ...e.attrs, requestId } };
}

/** Zimbra renders booleans as "1"/"0" in XML (Element.addAttribute(String, boolean)). */
export function xmlAttrString(value: AttrValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Zimbra drops attributes whose value is null; undefined is the TypeScript equivalent. */
function definedAttrs(attrs: Record<string, AttrValue | undefined | null>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) setOwn(out, k, v);
  }
  return out;
}

/** Assigns without tripping the `__proto__` setter: keys come from untrusted JSON too. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
