import { SoapEncodedError } from './errors';
import { APACHE_SOAP_NS, SOAP_ENC_NS, XSD_1999_NS, XSD_NS, XSI_1999_NS, XSI_NS } from './namespaces';
import type { PhpKey } from './php-values';
import { PhpObject, isList, phpKey, setOwn } from './php-values';
import type { XNode } from './xml-read';
import { attrValue, resolveQName } from './xml-read';

/*
 * SOAP 1.1 section 5 encoding → JavaScript, the way PHP's SoapServer decodes a non-WSDL call:
 * values are typed by xsi:type; untyped elements are strings, or objects when they have
 * children; unknown types are treated as untyped. References (href="#id") resolve to an
 * element with that id anywhere in the Body, inline (as PHP's SoapClient writes them) or
 * independent (multiRef elements after the call).
 */

interface QName {
  ns: string;
  local: string;
}

export interface DecodeContext {
  ids: ReadonlyMap<string, XNode>;
  /** Values still allowed, references counted each time they are followed. */
  budget: number;
  /** Elements with an id being decoded: a reference back to one of them is a cycle. */
  active: Set<XNode>;
}

const INT_TYPES = new Set([
  'int', 'integer', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'negativeInteger',
  'nonPositiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
]);
const FLOAT_TYPES = new Set(['float', 'double', 'decimal']);
const UNTYPED = new Set(['anyType', 'ur-type', 'anySimpleType']);
const INT_TEXT = /^[+-]?[0-9]+$/;
const FLOAT_TEXT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every element of the Body subtree carrying an `id`, for href resolution. */
export function collectIds(root: XNode): Map<string, XNode> {
  const ids = new Map<string, XNode>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as XNode;
    const id = attrValue(node, '', 'id');
    if (id !== undefined) {
      if (ids.has(id)) throw SoapEncodedError.encoding('Violation of encoding rules', `id '${id}' is used twice`);
      ids.set(id, node);
    }
    stack.push(...node.children);
  }
  return ids;
}

export function decodeValue(node: XNode, ctx: DecodeContext, implied?: QName): unknown {
  if (--ctx.budget < 0) throw SoapEncodedError.badRequest('too many values');
  const href = attrValue(node, '', 'href');
  if (href !== undefined) return follow(href, ctx);

  const hasId = attrValue(node, '', 'id') !== undefined;
  if (hasId) ctx.active.add(node);
  try {
    return decodeTyped(node, ctx, implied);
  } finally {
    if (hasId) ctx.active.delete(node);
  }
}

function follow(href: string, ctx: DecodeContext): unknown {
  const target = href.startsWith('#') ? ctx.ids.get(href.slice(1)) : undefined;
  if (!target) throw SoapEncodedError.encoding(`Unresolved reference '${href}'`);
  if (ctx.active.has(target)) throw SoapEncodedError.encoding('Violation of encoding rules', `cyclic reference '${href}'`);
  if (attrValue(target, '', 'href') !== undefined) throw SoapEncodedError.encoding('Violation of encoding rules', `reference '${href}' points to a reference`);
  // Each reference is decoded afresh (PHP arrays are values too); the budget bounds the fan-out.
  return decodeValue(target, ctx);
}

function decodeTyped(node: XNode, ctx: DecodeContext, implied?: QName): unknown {
  const nil = attrValue(node, XSI_NS, 'nil') ?? attrValue(node, XSI_1999_NS, 'null');
  if (nil !== undefined && ['true', '1'].includes(nil.trim())) return null;

  const declared = attrValue(node, XSI_NS, 'type') ?? attrValue(node, XSI_1999_NS, 'type');
  // A type whose prefix is not bound is unknown, as for PHP: the value is then untyped.
  const type = declared !== undefined ? resolveQName(node, declared) : implied;
  if (type) {
    if (type.ns === XSD_NS || type.ns === XSD_1999_NS) {
      if (!UNTYPED.has(type.local)) return decodeSimple(node, type.local);
    } else if (type.ns === SOAP_ENC_NS) {
      if (type.local === 'Array') return decodeArray(node, ctx);
      if (type.local === 'Struct') return decodeStruct(node, ctx);
      if (type.local === 'base64') return decodeSimple(node, 'base64Binary');
      if (!UNTYPED.has(type.local)) return decodeSimple(node, type.local);
    } else if (type.ns === APACHE_SOAP_NS && type.local === 'Map') {
      return decodeMap(node, ctx);
    }
  }
  return node.children.length > 0 ? decodeStruct(node, ctx) : node.text;
}

/** Simple XSD types by local name; those without a JavaScript counterpart stay text (as in PHP). */
function decodeSimple(node: XNode, local: string): unknown {
  const text = node.text;
  if (INT_TYPES.has(local)) {
    const t = text.trim();
    if (!INT_TEXT.test(t)) throw violation(`'${clip(text)}' is not an ${local}`);
    return Number(t);
  }
  if (FLOAT_TYPES.has(local)) {
    const t = text.trim();
    if (t === 'INF' || t === '+INF') return Infinity;
    if (t === '-INF') return -Infinity;
    if (t === 'NaN' || t === 'NAN') return NaN;
    if (!FLOAT_TEXT.test(t)) throw violation(`'${clip(text)}' is not a ${local}`);
    return Number(t);
  }
  if (local === 'boolean') {
    const t = text.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    throw violation(`'${clip(text)}' is not a boolean`);
  }
  if (local === 'base64Binary') {
    const t = text.replace(/\s+/g, '');
    if (!BASE64_TEXT.test(t)) throw violation('invalid base64Binary');
    return Buffer.from(t, 'base64');
  }
  if (local === 'hexBinary') {
    const t = text.trim();
    if (!/^([0-9A-Fa-f]{2})*$/.test(t)) throw violation('invalid hexBinary');
    return Buffer.from(t, 'hex');
  }
  return text;
}

/** SOAP-ENC:Array → a list. Items without xsi:type take the arrayType's item type. */
function decodeArray(node: XNode, ctx: DecodeContext): unknown[] {
  const arrayType = attrValue(node, SOAP_ENC_NS, 'arrayType');
  let itemType: QName | undefined;
  if (arrayType !== undefined) {
    const m = /^\s*([^[\s]+)\s*((?:\[[0-9,\s]*\]\s*)+)$/.exec(arrayType);
    if (!m) throw violation(`malformed arrayType '${clip(arrayType)}'`);
    // "xsd:int[2]" is one-dimensional; "xsd:int[2,3]" is not, "xsd:int[][2]" is a list of lists.
    const dims = m[2].replace(/\s+/g, '').match(/\[[^\]]*\]/g) as string[];
    if (dims[dims.length - 1].includes(',')) throw violation('multi-dimensional arrays are not supported');
    if (dims.length === 1) itemType = resolveQName(node, m[1]);
  }
  if (attrValue(node, SOAP_ENC_NS, 'offset') !== undefined) throw violation('partially transmitted arrays are not supported');
  const list: unknown[] = [];
  for (const item of node.children) {
    if (attrValue(item, SOAP_ENC_NS, 'position') !== undefined) throw violation('sparse arrays are not supported');
    list.push(decodeValue(item, ctx, itemType));
  }
  return list;
}

/** Apache Map (a PHP associative array): `<item><key>..</key><value>..</value></item>`. */
function decodeMap(node: XNode, ctx: DecodeContext): unknown {
  const entries = new Map<string, [PhpKey, unknown]>();
  for (const item of node.children) {
    const keyNode = item.children.find((c) => c.local === 'key');
    if (!keyNode) throw SoapEncodedError.encoding("Can't decode apache map, missing key");
    const valueNode = item.children.find((c) => c.local === 'value');
    if (!valueNode) throw SoapEncodedError.encoding("Can't decode apache map, missing value");
    const rawKey = decodeValue(keyNode, ctx);
    if (typeof rawKey !== 'string' && !(typeof rawKey === 'number' && Number.isSafeInteger(rawKey))) {
      throw SoapEncodedError.encoding("Can't decode apache map, only Strings or Longs are allowd as keys");
    }
    const key = phpKey(rawKey);
    const value = decodeValue(valueNode, ctx);
    const id = `${typeof key}:${key}`;
    const existing = entries.get(id);
    // As in PHP, a repeated key overwrites the value where the key first appeared.
    entries.set(id, [existing ? existing[0] : key, value]);
  }
  const list = [...entries.values()];
  if (isList(list)) return list.map(([, v]) => v);
  const obj: Record<string, unknown> = {};
  for (const [k, v] of list) setOwn(obj, String(k), v);
  return obj;
}

/** SOAP-ENC:Struct, or an untyped element with children → a PHP object; repeated names become lists. */
function decodeStruct(node: XNode, ctx: DecodeContext): PhpObject {
  const obj = new PhpObject();
  const repeated = new Set<string>();
  for (const child of node.children) {
    const name = child.local;
    const value = decodeValue(child, ctx);
    if (!Object.prototype.hasOwnProperty.call(obj, name)) {
      setOwn(obj, name, value);
    } else if (repeated.has(name)) {
      (obj[name] as unknown[]).push(value);
    } else {
      repeated.add(name);
      setOwn(obj, name, [obj[name], value]);
    }
  }
  return obj;
}

function violation(detail: string): SoapEncodedError {
  return SoapEncodedError.encoding('Violation of encoding rules', detail);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
