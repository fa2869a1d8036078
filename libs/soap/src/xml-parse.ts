import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AttrValue, SoapElement } from './element';
import { setOwn } from './element';
import { SoapFault } from './fault';
import { decodeXmlReferences } from './xml-entities';
import { guardXmlText } from './xml-guards';

/*
 * XML → SoapElement, namespace-aware, with no entity expansion beyond the XML built-ins.
 *
 * fast-xml-parser does the tokenising (preserveOrder keeps sibling order, which Zimbra requests
 * rely on, e.g. BatchRequest). It is run with entity processing off and every name prefixed,
 * and its validator runs first because the parser alone accepts mismatched tags.
 * Namespaces and references are resolved here.
 */

/**
 * Prefix for every tag/attribute key so names like "constructor" are plain data to the parser.
 * '~' cannot start an XML name, so stripping every leading '~' is exact (fast-xml-parser applies
 * transformTagName twice to self-closing tags).
 */
const KEY_PREFIX = '~';
const KEY_PREFIX_RUN = /^~+/;
const TEXT_KEY = '#text';
const CDATA_KEY = '#cdata';
const ATTRS_KEY = ':@';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type OrderedNode = Record<string, unknown>;

interface Scope {
  defaultNs: string;
  prefixes: ReadonlyMap<string, string>;
}

/** Parses a whole document and returns its root element with namespaces resolved. */
export function parseXmlDocument(xml: string, maxDepth: number): SoapElement {
  // XML 1.0 §2.11 end-of-line handling, done first so every later check sees the final text.
  const doc = xml.replace(/\r\n?/g, '\n');
  guardXmlText(doc, maxDepth);

  const verdict = XMLValidator.validate(doc, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw SoapFault.parseError(`${msg} (line ${line}, column ${col})`);
  }

  let nodes: OrderedNode[];
  try {
    nodes = makeParser(maxDepth).parse(doc) as OrderedNode[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/nested tags/i.test(message)) throw tooDeep(maxDepth);
    throw SoapFault.parseError(message);
  }

  const roots = nodes.filter((n) => elementKey(n) !== undefined);
  if (roots.length !== 1) throw SoapFault.parseError('a document must have exactly one root element');
  const rootScope: Scope = { defaultNs: '', prefixes: new Map([['xml', XML_NS]]) };
  return convert(roots[0], rootScope, '', 1, maxDepth);
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
    // Off: references are resolved by decodeXmlReferences, which knows only the XML built-ins.
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: CDATA_KEY,
    // A backstop only; convert() enforces the exact limit.
    maxNestedTags: maxDepth + 2,
    transformTagName: (name: string) => KEY_PREFIX + name,
    transformAttributeName: (name: string) => KEY_PREFIX + name,
  });
}

function elementKey(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k.startsWith(KEY_PREFIX));
}

function convert(node: OrderedNode, parentScope: Scope, parentNs: string, depth: number, maxDepth: number): SoapElement {
  if (depth > maxDepth) throw tooDeep(maxDepth);
  const key = elementKey(node) as string;
  const qname = key.replace(KEY_PREFIX_RUN, '');
  const { scope, attrs } = readAttributes((node[ATTRS_KEY] ?? {}) as Record<string, unknown>, parentScope);

  const { prefix, local } = splitQName(qname);
  const ns = prefix === undefined ? scope.defaultNs : lookupPrefix(scope, prefix, qname);

  const e: SoapElement = { name: local, attrs, children: [] };
  // Children inherit their parent's namespace, so `ns` is only recorded where it changes.
  if (ns !== parentNs) e.ns = ns;

  let text = '';
  for (const item of (node[key] ?? []) as OrderedNode[]) {
    if (TEXT_KEY in item) {
      const raw = String(item[TEXT_KEY]);
      if (raw.includes(']]>')) throw SoapFault.parseError("']]>' is not allowed in character data");
      text += decodeXmlReferences(raw);
    } else if (CDATA_KEY in item) {
      text += cdataText(item[CDATA_KEY]);
    } else if (elementKey(item) !== undefined) {
      e.children.push(convert(item, scope, ns, depth + 1, maxDepth));
    }
  }
  // Like Zimbra's converter: whitespace between child elements is not text.
  if (text.trim() !== '') e.text = text;
  return e;
}

function readAttributes(raw: Record<string, unknown>, parentScope: Scope): { scope: Scope; attrs: Record<string, AttrValue> } {
  let defaultNs = parentScope.defaultNs;
  let prefixes = parentScope.prefixes;
  const plain: Array<[string, string]> = [];

  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const name = rawKey.replace(KEY_PREFIX_RUN, '');
    const value = attributeValue(name, String(rawValue));
    if (name === 'xmlns') {
      defaultNs = value;
    } else if (name.startsWith('xmlns:')) {
      const p = name.slice('xmlns:'.length);
      if (value === '') throw SoapFault.parseError(`namespace prefix '${p}' bound to an empty URI`);
      if (prefixes === parentScope.prefixes) prefixes = new Map(prefixes);
      (prefixes as Map<string, string>).set(p, value);
    } else {
      plain.push([name, value]);
    }
  }

  const scope: Scope = { defaultNs, prefixes };
  const attrs: Record<string, AttrValue> = {};
  for (const [name, value] of plain) {
    // Attribute names keep their prefix (Zimbra keeps the qualified name), but the prefix must be bound.
    const { prefix } = splitQName(name);
    if (prefix !== undefined) lookupPrefix(scope, prefix, name);
    setOwn(attrs, name, value);
  }
  return { scope, attrs };
}

/** XML 1.0 §3.3.3: literal whitespace in attribute values becomes spaces; references survive. */
function attributeValue(name: string, raw: string): string {
  if (raw.includes('<')) throw SoapFault.parseError(`'<' is not allowed in the value of attribute '${name}'`);
  return decodeXmlReferences(raw.replace(/[\t\n]/g, ' '));
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((part) => (part && typeof part === 'object' && TEXT_KEY in part ? String(part[TEXT_KEY]) : '')).join('');
}

function splitQName(qname: string): { prefix?: string; local: string } {
  const parts = qname.split(':');
  if (parts.length === 1) return { local: qname };
  if (parts.length > 2 || parts[0] === '' || parts[1] === '') throw SoapFault.parseError(`malformed qualified name '${qname}'`);
  return { prefix: parts[0], local: parts[1] };
}

function lookupPrefix(scope: Scope, prefix: string, qname: string): string {
  const uri = scope.prefixes.get(prefix);
  if (uri === undefined) throw SoapFault.parseError(`unbound namespace prefix in '${qname}'`);
  return uri;
}

function tooDeep(maxDepth: number): SoapFault {
  return SoapFault.parseError(`document nesting exceeds ${maxDepth} levels`);
}
