import type { SoapElement } from './element';
import { setOwn } from './element';
import { SoapFault } from './fault';

/*
 * Zimbra JSON → SoapElement, following soap.txt's JSON rules and Element.JSONElement:
 *   "_jsns": namespace, "_content": text, "_attrs": key/value pairs,
 *   primitive: attribute, object: one child, array: repeated children.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Parses the JSON envelope (which has no "Envelope" key: the top-level object is the envelope). */
export function parseJsonDocument(json: string, rootName: string, maxDepth: number): SoapElement {
  // Each element level can cost two bracket levels ({"a":[{...}]}), hence the factor.
  checkBracketDepth(json, maxDepth * 2);
  let value: Json;
  try {
    value = JSON.parse(json) as Json;
  } catch (err) {
    throw SoapFault.parseError(err instanceof Error ? err.message : 'malformed JSON');
  }
  if (!isObject(value)) throw SoapFault.parseError('a JSON request must be an object');
  return toElement(rootName, value, 1, maxDepth);
}

function toElement(name: string, obj: JsonObject, depth: number, maxDepth: number): SoapElement {
  if (depth > maxDepth) throw SoapFault.parseError(`document nesting exceeds ${maxDepth} levels`);
  const e: SoapElement = { name, attrs: {}, children: [] };
  for (const [key, value] of Object.entries(obj)) {
    if (value === null) continue; // Zimbra ignores nulls
    if (key === '_jsns') {
      if (typeof value !== 'string') throw SoapFault.invalidRequest(`_jsns of '${name}' must be a string`);
      e.ns = value;
    } else if (key === '_content') {
      if (typeof value === 'object') throw SoapFault.invalidRequest(`_content of '${name}' must be a string`);
      e.text = String(value);
    } else if (key === '_attrs' && isObject(value)) {
      e.children.push(...keyValueChildren(value, depth + 1, maxDepth));
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (item === null) continue;
        if (Array.isArray(item)) throw SoapFault.invalidRequest(`nested arrays are not allowed ('${key}')`);
        e.children.push(isObject(item) ? toElement(key, item, depth + 1, maxDepth) : textChild(key, item, depth + 1, maxDepth));
      }
    } else if (isObject(value)) {
      e.children.push(toElement(key, value, depth + 1, maxDepth));
    } else {
      setOwn(e.attrs, key, value);
    }
  }
  return e;
}

function textChild(name: string, value: string | number | boolean, depth: number, maxDepth: number): SoapElement {
  if (depth > maxDepth) throw SoapFault.parseError(`document nesting exceeds ${maxDepth} levels`);
  return { name, attrs: {}, children: [], text: String(value) };
}

/**
 * `"_attrs": {"zimbraPrefSkin": "harmony", "mail": ["a", "b"]}` becomes `<a n="zimbraPrefSkin">harmony</a>...`,
 * the elements JSONElement.listElements("a") presents to handlers.
 */
function keyValueChildren(attrs: JsonObject, depth: number, maxDepth: number): SoapElement[] {
  if (depth > maxDepth) throw SoapFault.parseError(`document nesting exceeds ${maxDepth} levels`);
  const out: SoapElement[] = [];
  const add = (key: string, value: Json): void => {
    if (value === null) return;
    if (Array.isArray(value)) throw SoapFault.invalidRequest(`nested arrays are not allowed in _attrs ('${key}')`);
    const pair: SoapElement = { name: 'a', attrs: {}, children: [], keyAttr: 'n' };
    if (isObject(value)) {
      const parsed = toElement('a', value, depth, maxDepth);
      pair.attrs = parsed.attrs;
      if (parsed.text !== undefined) pair.text = parsed.text;
    } else {
      pair.text = String(value);
    }
    setOwn(pair.attrs, 'n', key);
    out.push(pair);
  };
  for (const [key, value] of Object.entries(attrs)) {
    if (Array.isArray(value)) value.forEach((v) => add(key, v));
    else add(key, value);
  }
  return out;
}

/**
 * Refuses absurd nesting before JSON.parse builds it, so a few kilobytes of '[' cannot cost
 * stack or memory. Brackets inside strings do not count.
 */
function checkBracketDepth(json: string, limit: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) throw SoapFault.parseError(`document nesting exceeds ${limit / 2} levels`);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
