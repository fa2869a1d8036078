import { APACHE_SOAP_NS, FIXED_PREFIXES, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from './namespaces';
import { formatPhpFloat } from './php-float';
import type { PhpKey } from './php-values';
import { PhpFloat, isIntKey, isList, phpArrayEntries } from './php-values';
import { isNcName } from './xml-read';

/*
 * JavaScript → the envelope PHP's SoapServer (non-WSDL, SOAP 1.1, rpc/encoded) writes, byte for
 * byte: the same elements, xsi:types, arrayTypes, multi-references and namespace declarations.
 * PHP declares every namespace on the Envelope in the order its encoder first needs it, which
 * depends on the value; the encoder below asks for namespaces in the same order:
 *   scalar: xsd (the type's namespace) then xsi; null: xsi;
 *   list: the item type's namespace (or nothing for mixed/empty lists), SOAP-ENC for arrayType,
 *         xsd for a mixed list's "xsd:ur-type", then the items, then xsi:type;
 *   map: each key (xsi) and value, then ns2 and xsi:type; object: the properties, then xsi:type;
 *   and finally xsd and SOAP-ENC if nothing asked for them yet.
 */

export const SOAP_ENCODING_STYLE = SOAP_ENC_NS;

interface Node {
  name: string;
  attrs: Array<[string, string]>;
  children: Node[];
  /** Set (even to '') when the element holds a text node: then it is never written as `<x/>`. */
  text?: string;
}

type Kind = 'null' | 'string' | 'int' | 'float' | 'true' | 'false' | 'list' | 'map' | 'object';

interface Classified {
  kind: Kind;
  text?: string;
  entries?: Array<[PhpKey, unknown]>;
}

class Encoder {
  /** Namespace URI → prefix, in declaration order. */
  readonly prefixes = new Map<string, string>();
  private counter = 0;
  /** PHP objects already written: a second occurrence becomes href="#refN". */
  private readonly objects = new Map<object, { node: Node; id?: string }>();
  private refCounter = 0;
  /** Arrays being written: PHP arrays are values, so one that contains itself cannot be written. */
  private readonly open = new Set<object>();

  use(ns: string): string {
    let prefix = this.prefixes.get(ns);
    if (prefix === undefined) {
      prefix = FIXED_PREFIXES.get(ns) ?? `ns${++this.counter}`;
      this.prefixes.set(ns, prefix);
    }
    return prefix;
  }

  private qname(ns: string, local: string): string {
    return `${this.use(ns)}:${local}`;
  }

  encode(name: string, value: unknown, c: Classified = classify(value)): Node {
    const node: Node = { name, attrs: [], children: [] };
    switch (c.kind) {
      case 'null':
        node.attrs.push([this.qname(XSI_NS, 'nil'), 'true']);
        return node;
      case 'string':
      case 'int':
      case 'float':
      case 'true':
      case 'false': {
        const type = this.qname(XSD_NS, XSD_TYPE[c.kind]);
        node.attrs.push([this.qname(XSI_NS, 'type'), type]);
        node.text = c.text as string;
        return node;
      }
      case 'list':
        return this.list(node, value as object, (c.entries as Array<[PhpKey, unknown]>).map(([, v]) => v));
      case 'map':
        return this.map(node, value as object, c.entries as Array<[PhpKey, unknown]>);
      case 'object':
        return this.object(node, value as object);
    }
  }

  private list(node: Node, source: object, items: unknown[]): Node {
    const classified = items.map(classify);
    const first = classified[0]?.kind;
    const uniform = first !== undefined && classified.every((c) => c.kind === first);
    let itemType: string | undefined;
    if (uniform) itemType = this.itemTypeName(first);
    const arrayType = this.qname(SOAP_ENC_NS, 'arrayType');
    if (itemType === undefined) itemType = this.qname(XSD_NS, 'ur-type');
    node.attrs.push([arrayType, `${itemType}[${items.length}]`]);
    this.within(source, () => {
      items.forEach((item, i) => node.children.push(this.encode('item', item, classified[i])));
    });
    node.attrs.push([this.qname(XSI_NS, 'type'), this.qname(SOAP_ENC_NS, 'Array')]);
    return node;
  }

  private itemTypeName(kind: Kind): string {
    switch (kind) {
      case 'null':
        return this.qname(XSI_NS, 'nil');
      case 'list':
        return this.qname(SOAP_ENC_NS, 'Array');
      case 'map':
        return this.qname(APACHE_SOAP_NS, 'Map');
      case 'object':
        return this.qname(SOAP_ENC_NS, 'Struct');
      default:
        return this.qname(XSD_NS, XSD_TYPE[kind]);
    }
  }

  private map(node: Node, source: object, entries: Array<[PhpKey, unknown]>): Node {
    this.within(source, () => {
      for (const [key, value] of entries) {
        const keyText = String(key);
        const keyNode: Node = { name: 'key', attrs: [[this.qname(XSI_NS, 'type'), isIntKey(key) ? 'xsd:int' : 'xsd:string']], children: [] };
        // PHP sets a key's text as element content: an empty key is written <key .../>.
        if (keyText !== '') keyNode.text = keyText;
        node.children.push({ name: 'item', attrs: [], children: [keyNode, this.encode('value', value)] });
      }
    });
    const type = this.qname(APACHE_SOAP_NS, 'Map');
    node.attrs.push([this.qname(XSI_NS, 'type'), type]);
    return node;
  }

  private object(node: Node, value: object): Node {
    const seen = this.objects.get(value);
    if (seen) {
      if (seen.id === undefined) {
        seen.id = `ref${++this.refCounter}`;
        seen.node.attrs.push(['id', seen.id]);
      }
      node.attrs.push(['href', `#${seen.id}`]);
      return node;
    }
    this.objects.set(value, { node });
    for (const [prop, propValue] of Object.entries(value)) {
      if (!isNcName(prop)) throw new TypeError(`object property '${prop}' cannot be an XML element name`);
      node.children.push(this.encode(prop, propValue));
    }
    const type = this.qname(SOAP_ENC_NS, 'Struct');
    node.attrs.push([this.qname(XSI_NS, 'type'), type]);
    return node;
  }

  private within(source: object, fn: () => void): void {
    if (this.open.has(source)) throw new TypeError('a PHP array cannot contain itself');
    this.open.add(source);
    try {
      fn();
    } finally {
      this.open.delete(source);
    }
  }
}

const XSD_TYPE: Record<Kind, string> = {
  null: 'nil',
  string: 'string',
  int: 'int',
  float: 'float',
  true: 'boolean',
  false: 'boolean',
  list: 'Array',
  map: 'Map',
  object: 'Struct',
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Which PHP value a JavaScript value stands for (see php-values.ts). */
function classify(value: unknown): Classified {
  if (value === null || value === undefined) return { kind: 'null' };
  switch (typeof value) {
    case 'string':
      return { kind: 'string', text: value };
    case 'boolean':
      return value ? { kind: 'true', text: 'true' } : { kind: 'false', text: 'false' };
    case 'number':
      return Number.isSafeInteger(value) ? { kind: 'int', text: String(value) } : { kind: 'float', text: formatPhpFloat(value) };
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${value} does not fit a PHP int`);
      return { kind: 'int', text: value.toString() };
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} has no PHP counterpart`);
  }
  if (value instanceof PhpFloat) return { kind: 'float', text: formatPhpFloat(value.value) };
  if (Buffer.isBuffer(value)) {
    try {
      return { kind: 'string', text: utf8.decode(value) };
    } catch {
      throw new TypeError('a Buffer must hold UTF-8 text to be sent as xsd:string');
    }
  }
  const entries = phpArrayEntries(value);
  if (entries) return { kind: isList(entries) ? 'list' : 'map', entries };
  if (isBuiltIn(value as object)) throw new TypeError(`a ${(value as object).constructor?.name ?? 'built-in object'} has no PHP counterpart`);
  return { kind: 'object' };
}

function isBuiltIn(value: object): boolean {
  return (
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Set ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Promise ||
    value instanceof Error ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  );
}

/**
 * The body PHP's SoapServer sends for a call to `method` returning `value`:
 * `<ns1:{method}Response><return ...>` in namespace `namespace` (SoapServer's `uri`).
 * Send it with HTTP 200 and Content-Type SOAP11_CONTENT_TYPE.
 */
export function renderRpcResponse(method: string, namespace: string, value: unknown): string {
  if (!isNcName(method)) throw new TypeError(`'${method}' cannot be an XML element name`);
  if (namespace === '') throw new TypeError('the response needs a namespace (the SoapServer uri)');
  const enc = new Encoder();
  enc.use(SOAP_ENV_NS);
  const prefix = enc.use(namespace);
  const ret = enc.encode('return', value);
  enc.use(XSD_NS);
  enc.use(SOAP_ENC_NS);
  const decls = [...enc.prefixes].map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`).join('');
  const responseName = `${prefix}:${method}Response`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope${decls} SOAP-ENV:encodingStyle="${SOAP_ENC_NS}"><SOAP-ENV:Body>` +
    `<${responseName}>${serialize(ret)}</${responseName}>` +
    '</SOAP-ENV:Body></SOAP-ENV:Envelope>\n'
  );
}

/** The codes PHP qualifies with the envelope prefix; others (Z-Push's "ERROR") go as they are. */
const STANDARD_CODES = new Set(['VersionMismatch', 'MustUnderstand', 'Client', 'Server']);

/**
 * The fault PHP's SoapServer sends for `throw new SoapFault($code, $reason)`:
 * faultcode and faultstring only. Send it with HTTP 500 (FAULT_HTTP_STATUS) and SOAP11_CONTENT_TYPE.
 */
export function renderRpcFault(code: string, reason: string): string {
  const faultcode = STANDARD_CODES.has(code) ? `SOAP-ENV:${code}` : code;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV_NS}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    `<faultcode>${escapeText(faultcode)}</faultcode><faultstring>${escapeText(reason)}</faultstring>` +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>\n'
  );
}

function serialize(node: Node): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (node.children.length === 0 && node.text === undefined) return `<${node.name}${attrs}/>`;
  const content = node.text !== undefined ? escapeText(node.text) : node.children.map(serialize).join('');
  return `<${node.name}${attrs}>${content}</${node.name}>`;
}

const ILLEGAL_XML_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * As libxml writes text: '&', '<', '>' and CR as references. Characters XML cannot carry at all
 * (PHP writes them raw, and its own SoapClient then rejects the response) become '?'.
 */
function escapeText(s: string): string {
  return s
    .replace(ILLEGAL_XML_CHARS, '?')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
