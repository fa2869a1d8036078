import type { AttrValue, SoapElement } from './element';

/*
 * SoapElement → Zimbra JSON, following Element.JSONElement.marshal:
 *   attributes as keys with their JSON type, text as "_content", child elements as arrays
 *   (single objects for unique elements), attrInJson children as plain keys, key/value pairs
 *   under "_attrs", and "_jsns" last, only where the namespace differs from the parent's.
 */

export function renderJson(root: SoapElement): string {
  return objectOf(root, undefined);
}

function objectOf(e: SoapElement, inheritedNs: string | undefined): string {
  // A Map keeps first-insertion order and lets a later write replace a value in place.
  const entries = new Map<string, string>();
  for (const [k, v] of Object.entries(e.attrs)) entries.set(k, scalar(v));
  if (e.text !== undefined) entries.set('_content', str(e.text));

  const ns = e.ns ?? inheritedNs;
  const groups = new Map<string, SoapElement[]>();
  const pairs = new Map<string, string[]>();
  for (const c of e.children) {
    if (c.keyAttr !== undefined) {
      if (!entries.has('_attrs')) entries.set('_attrs', '');
      const key = String(c.attrs[c.keyAttr] ?? '');
      pairs.set(key, [...(pairs.get(key) ?? []), pairValue(c)]);
    } else if (c.attrInJson) {
      entries.set(c.name, c.jsonValue !== undefined ? scalar(c.jsonValue) : str(c.text ?? ''));
    } else {
      const group = groups.get(c.name);
      if (group) group.push(c);
      else {
        groups.set(c.name, [c]);
        entries.set(c.name, '');
      }
    }
  }
  for (const [name, list] of groups) {
    const single = list.length === 1 && list[0].unique;
    entries.set(name, single ? objectOf(list[0], ns) : `[${list.map((c) => objectOf(c, ns)).join(',')}]`);
  }
  if (pairs.size > 0) {
    const body = [...pairs].map(([k, vs]) => `${str(k)}:${vs.length === 1 ? vs[0] : `[${vs.join(',')}]`}`);
    entries.set('_attrs', `{${body.join(',')}}`);
  }
  if (e.ns !== undefined && e.ns !== inheritedNs) {
    entries.delete('_jsns');
    entries.set('_jsns', str(e.ns));
  }
  return `{${[...entries].map(([k, v]) => `${str(k)}:${v}`).join(',')}}`;
}

/** A pair is a bare string unless it carries attributes besides its key (JSONKeyValuePair.toString). */
function pairValue(c: SoapElement): string {
  const extra = Object.entries(c.attrs).filter(([k]) => k !== c.keyAttr);
  if (extra.length === 0) return str(c.text ?? '');
  const fields = extra.map(([k, v]) => `${str(k)}:${scalar(v)}`);
  if (c.text !== undefined) fields.push(`"_content":${str(c.text)}`);
  return `{${fields.join(',')}}`;
}

function scalar(v: AttrValue): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : str(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return str(v);
}

/**
 * JSON string literal. U+2028/U+2029 are escaped too: legal in JSON but not in pre-ES2019
 * JavaScript, and older Zimbra web clients evaluate responses as script.
 */
function str(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
