import { TextDecoder } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findMarkupProblem, xmlEncodingOf } from '@gw/soap';
import { SoapEncodedError } from './errors';

/*
 * A small, hardened, namespace-aware XML reader for SOAP requests.
 *
 * fast-xml-parser tokenises (its validator first, since the parser alone accepts mismatched
 * tags), with entity processing off. Before it sees anything, the raw text is checked: size,
 * characters, nesting depth, and no markup declarations at all, so DOCTYPE, entity expansion
 * and external entities are impossible. References are resolved here: the five XML built-ins
 * and character references, nothing else. The tree keeps each element's in-scope namespace
 * bindings, because SOAP encoding puts QNames in attribute values (xsi:type="xsd:int").
 */

export interface XAttr {
  /** Local name. */
  local: string;
  /** Namespace URI; '' for an unprefixed attribute. */
  ns: string;
  value: string;
}

export interface XScope {
  defaultNs: string;
  prefixes: ReadonlyMap<string, string>;
}

export interface XNode {
  local: string;
  /** Namespace URI; '' when the element is in no namespace. */
  ns: string;
  attrs: XAttr[];
  children: XNode[];
  /** Character data directly inside the element (text and CDATA), verbatim. */
  text: string;
  scope: XScope;
}

export interface XmlLimits {
  maxBytes: number;
  /** Element nesting, the document element counting as 1. */
  maxDepth: number;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const KEY_PREFIX = '~';
const KEY_PREFIX_RUN = /^~+/;
const TEXT_KEY = '#text';
const CDATA_KEY = '#cdata';
const ATTRS_KEY = ':@';
const ILLEGAL_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NCNAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u0300-\u036F]*$/;

type OrderedNode = Record<string, unknown>;

/** Whether s is an XML name without a colon (an element name we may write unprefixed). */
export function isNcName(s: string): boolean {
  return NCNAME.test(s);
}

/** Bytes (or text) → the document element. Throws SoapEncodedError only. */
export function readXml(body: Buffer | string, limits: XmlLimits): XNode {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (size > limits.maxBytes) throw SoapEncodedError.badRequest(`request of ${size} bytes exceeds the limit of ${limits.maxBytes}`);
  // XML 1.0 §2.11 end-of-line handling first, so every later check sees the final text.
  const doc = decodeText(body).replace(/\r\n?/g, '\n');
  if (doc.trim() === '') throw SoapEncodedError.badRequest('empty request');
  const bad = ILLEGAL_XML_CHAR.exec(doc);
  if (bad) throw SoapEncodedError.badRequest(`character U+${(doc.codePointAt(bad.index) ?? 0).toString(16).toUpperCase()} is not allowed in XML`);
  scanMarkup(doc, limits.maxDepth);

  const verdict = XMLValidator.validate(doc, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw SoapEncodedError.badRequest(`${msg} (line ${line}, column ${col})`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = makeParser(limits.maxDepth).parse(doc) as OrderedNode[];
  } catch (err) {
    throw SoapEncodedError.badRequest(err instanceof Error ? err.message : String(err));
  }
  const roots = nodes.filter((n) => elementKey(n) !== undefined);
  if (roots.length !== 1) throw SoapEncodedError.badRequest('a document has exactly one root element');
  return convert(roots[0], { defaultNs: '', prefixes: new Map([['xml', XML_NS]]) }, 1, limits.maxDepth);
}

/** The namespace and local name a QName-valued attribute (xsi:type, arrayType) refers to. */
export function resolveQName(node: XNode, qname: string): { ns: string; local: string } | undefined {
  const value = qname.trim();
  const colon = value.indexOf(':');
  if (colon === -1) return { ns: node.scope.defaultNs, local: value };
  const ns = node.scope.prefixes.get(value.slice(0, colon));
  return ns === undefined ? undefined : { ns, local: value.slice(colon + 1) };
}

export function attrValue(node: XNode, ns: string, local: string): string | undefined {
  return node.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}

function decodeText(body: Buffer | string): string {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    const label = xmlEncodingOf(body);
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      throw SoapEncodedError.badRequest(`unsupported encoding ${label}`);
    }
    try {
      text = decoder.decode(body);
    } catch {
      throw SoapEncodedError.badRequest(`request is not valid ${label}`);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The shared markup check, worded as PHP's SoapServer answers. */
function scanMarkup(xml: string, maxDepth: number): void {
  const problem = findMarkupProblem(xml, maxDepth);
  if (!problem) return;
  switch (problem.kind) {
    case 'doctype':
      throw SoapEncodedError.dtd();
    case 'declaration':
      throw SoapEncodedError.badRequest('markup declarations are not accepted');
    case 'too-deep':
      throw tooDeep(maxDepth);
    case 'unterminated':
      throw SoapEncodedError.badRequest(`unterminated ${problem.what}`);
    case 'comment-dashes':
      throw SoapEncodedError.badRequest("'--' is not allowed inside a comment");
  }
}

function makeParser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: CDATA_KEY,
    maxNestedTags: maxDepth + 2,
    // Every name gets a prefix that cannot start an XML name, so "__proto__" is plain data.
    transformTagName: (name: string) => KEY_PREFIX + name,
    transformAttributeName: (name: string) => KEY_PREFIX + name,
  });
}

function elementKey(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k.startsWith(KEY_PREFIX));
}

function convert(node: OrderedNode, parentScope: XScope, depth: number, maxDepth: number): XNode {
  if (depth > maxDepth) throw tooDeep(maxDepth);
  const key = elementKey(node) as string;
  const qname = key.replace(KEY_PREFIX_RUN, '');
  const { scope, attrs } = readAttributes((node[ATTRS_KEY] ?? {}) as Record<string, unknown>, parentScope);
  const { prefix, local } = splitQName(qname);
  const ns = prefix === undefined ? scope.defaultNs : lookupPrefix(scope, prefix, qname);

  const e: XNode = { local, ns, attrs, children: [], text: '', scope };
  for (const item of (node[key] ?? []) as OrderedNode[]) {
    if (TEXT_KEY in item) {
      const raw = String(item[TEXT_KEY]);
      if (raw.includes(']]>')) throw SoapEncodedError.badRequest("']]>' is not allowed in character data");
      e.text += decodeReferences(raw);
    } else if (CDATA_KEY in item) {
      const parts = item[CDATA_KEY];
      if (Array.isArray(parts)) for (const p of parts) if (p && typeof p === 'object' && TEXT_KEY in p) e.text += String(p[TEXT_KEY]);
    } else if (elementKey(item) !== undefined) {
      e.children.push(convert(item, scope, depth + 1, maxDepth));
    }
  }
  return e;
}

function readAttributes(raw: Record<string, unknown>, parent: XScope): { scope: XScope; attrs: XAttr[] } {
  let defaultNs = parent.defaultNs;
  let prefixes = parent.prefixes;
  const plain: Array<[string, string]> = [];
  for (const [rawName, rawValue] of Object.entries(raw)) {
    const name = rawName.replace(KEY_PREFIX_RUN, '');
    const text = String(rawValue);
    if (text.includes('<')) throw SoapEncodedError.badRequest(`'<' in the value of attribute ${name}`);
    // XML 1.0 §3.3.3: literal tabs and newlines become spaces; references survive.
    const value = decodeReferences(text.replace(/[\t\n]/g, ' '));
    if (name === 'xmlns') {
      defaultNs = value;
    } else if (name.startsWith('xmlns:')) {
      const p = name.slice(6);
      if (value === '') throw SoapEncodedError.badRequest(`prefix ${p} bound to an empty namespace`);
      if (prefixes === parent.prefixes) prefixes = new Map(prefixes);
      (prefixes as Map<string, string>).set(p, value);
    } else {
      plain.push([name, value]);
    }
  }
  const scope: XScope = { defaultNs, prefixes };
  const attrs: XAttr[] = [];
  for (const [name, value] of plain) {
    const { prefix, local } = splitQName(name);
    const ns = prefix === undefined ? '' : lookupPrefix(scope, prefix, name);
    if (attrs.some((a) => a.local === local && a.ns === ns)) throw SoapEncodedError.badRequest(`attribute ${name} is repeated`);
    attrs.push({ local, ns, value });
  }
  return { scope, attrs };
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));|&/g;

/** The only references a document without a DTD may use; anything else is malformed. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole: string, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name];
    if (hex === undefined && dec === undefined) throw SoapEncodedError.badRequest("undefined entity or stray '&'");
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec as string, 10);
    if (!(cp <= 0x10ffff) || ILLEGAL_XML_CHAR.test(String.fromCodePoint(cp))) {
      throw SoapEncodedError.badRequest(`reference to a character XML does not allow: ${whole}`);
    }
    return String.fromCodePoint(cp);
  });
}

function splitQName(qname: string): { prefix?: string; local: string } {
  const parts = qname.split(':');
  if (parts.length === 1) return { local: qname };
  if (parts.length > 2 || parts[0] === '' || parts[1] === '') throw SoapEncodedError.badRequest(`malformed name ${qname}`);
  return { prefix: parts[0], local: parts[1] };
}

function lookupPrefix(scope: XScope, prefix: string, qname: string): string {
  const ns = scope.prefixes.get(prefix);
  if (ns === undefined) throw SoapEncodedError.badRequest(`unbound namespace prefix in ${qname}`);
  return ns;
}

function tooDeep(maxDepth: number): SoapEncodedError {
  return SoapEncodedError.badRequest(`nesting deeper than ${maxDepth} levels`);
}
