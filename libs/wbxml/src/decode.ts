import { TextDecoder } from 'node:util';
import { codePageByNumber, type CodePageInfo } from './code-pages';
import { WbxmlError } from './errors';
import {
  CHARSET_UTF8,
  END,
  HAS_ATTRIBUTES,
  HAS_CONTENT,
  OPAQUE,
  PUBLIC_ID_UNKNOWN,
  STR_I,
  SWITCH_PAGE,
  UNSUPPORTED_GLOBAL_TOKENS,
  VERSION_1_3,
} from './tokens';
import type { WbxmlElement } from './types';

export interface DecodeOptions {
  /** Deepest element nesting accepted; the root is depth 1. Default 64. */
  maxDepth?: number;
  /** Largest input accepted, in bytes. Default 32 MiB (a SendMail with attachments). */
  maxBytes?: number;
  /** Most nodes (elements, texts, opaque blocks) accepted in one document. Default 100,000. */
  maxNodes?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<DecodeOptions>> = Object.freeze({
  maxDepth: 64,
  maxBytes: 32 * 1024 * 1024,
  maxNodes: 100_000,
});

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Reader {
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  byte(what: string): number {
    if (this.pos >= this.bytes.length) throw new WbxmlError('TRUNCATED', `input ends before ${what}`, this.pos);
    return this.bytes[this.pos++];
  }

  /** mb_u_int32: 7 bits a byte, most significant first, high bit set on all but the last byte. */
  mbUint32(what: string): number {
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte(what);
      value = value * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new WbxmlError('BAD_MB_UINT32', `${what} exceeds 32 bits`, start);
        return value;
      }
    }
    throw new WbxmlError('BAD_MB_UINT32', `${what} is longer than 5 bytes`, start);
  }

  /** STR_I content: UTF-8 up to a NUL byte. */
  cstring(): string {
    const start = this.pos;
    const end = this.bytes.indexOf(0, start);
    if (end < 0) throw new WbxmlError('TRUNCATED', 'inline string has no terminating NUL', start);
    this.pos = end + 1;
    try {
      return utf8.decode(this.bytes.subarray(start, end));
    } catch {
      throw new WbxmlError('INVALID_UTF8', 'inline string is not valid UTF-8', start);
    }
  }

  take(length: number, what: string): Uint8Array {
    if (length > this.bytes.length - this.pos) {
      throw new WbxmlError('TRUNCATED', `${what} of ${length} bytes runs past the end of the input`, this.pos);
    }
    const start = this.pos;
    this.pos += length;
    return this.bytes.subarray(start, this.pos);
  }
}

/**
 * Reads an ActiveSync WBXML document (MS-ASWBXML: WBXML 1.3, public id 1, UTF-8, no string
 * table) into its root element. Adjacent inline strings are joined and empty ones dropped;
 * opaque data comes back as Buffers of their own (copies, not views of the input).
 * Throws WbxmlError for anything malformed, unknown or beyond the limits.
 */
export function decode(input: Uint8Array, options: DecodeOptions = {}): WbxmlElement {
  if (!(input instanceof Uint8Array)) throw new TypeError('decode: input must be a Buffer or Uint8Array');
  const maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxNodes = options.maxNodes ?? DEFAULT_LIMITS.maxNodes;
  if (input.length > maxBytes) {
    throw new WbxmlError('SIZE_LIMIT', `document of ${input.length} bytes exceeds the limit of ${maxBytes}`, 0);
  }
  const r = new Reader(input);
  readHeader(r);

  let page: CodePageInfo = codePageByNumber(0)!;
  const open: WbxmlElement[] = [];
  let root: WbxmlElement | undefined;
  let nodes = 0;

  const countNode = (at: number) => {
    if (++nodes > maxNodes) throw new WbxmlError('SIZE_LIMIT', `more than ${maxNodes} nodes`, at);
  };
  const appendContent = (node: string | Uint8Array, at: number) => {
    const parent = open[open.length - 1];
    if (typeof node === 'string') {
      if (node === '') return;
      const last = parent.children.length - 1;
      if (last >= 0 && typeof parent.children[last] === 'string') {
        parent.children[last] = (parent.children[last] as string) + node;
        return;
      }
    }
    countNode(at);
    parent.children.push(node);
  };

  for (;;) {
    if (root && open.length === 0) {
      if (!r.atEnd) throw new WbxmlError('TRAILING_DATA', `${input.length - r.pos} bytes after the root element`, r.pos);
      return root;
    }
    if (r.atEnd) {
      if (!root) throw new WbxmlError('TRUNCATED', 'the document has no root element', r.pos);
      throw new WbxmlError('TRUNCATED', `input ends inside <${open[open.length - 1].name}>`, r.pos);
    }
    const at = r.pos;
    const token = r.byte('a token');
    switch (token) {
      case SWITCH_PAGE: {
        const number = r.byte('the SWITCH_PAGE code page');
        const next = codePageByNumber(number);
        if (!next) throw new WbxmlError('UNKNOWN_CODE_PAGE', `code page ${number} is not defined by MS-ASWBXML`, at + 1);
        page = next;
        break;
      }
      case END:
        if (open.length === 0) throw new WbxmlError('BAD_STRUCTURE', 'END before the root element', at);
        open.pop();
        break;
      case STR_I: {
        if (open.length === 0) throw new WbxmlError('BAD_STRUCTURE', 'inline string outside the root element', at);
        appendContent(r.cstring(), at);
        break;
      }
      case OPAQUE: {
        if (open.length === 0) throw new WbxmlError('BAD_STRUCTURE', 'opaque data outside the root element', at);
        const length = r.mbUint32('the OPAQUE length');
        appendContent(Buffer.from(r.take(length, 'opaque data')), at);
        break;
      }
      default: {
        const global = UNSUPPORTED_GLOBAL_TOKENS[token];
        if (global) throw new WbxmlError('UNSUPPORTED_TOKEN', `${global} (0x${hex(token)}) is not used by ActiveSync`, at);
        if (token & HAS_ATTRIBUTES) {
          throw new WbxmlError('UNSUPPORTED_TOKEN', `tag 0x${hex(token)} has attributes, which ActiveSync never uses`, at);
        }
        const name = page.byToken.get(token & 0x3f);
        if (name === undefined) {
          throw new WbxmlError('UNKNOWN_TAG', `token 0x${hex(token & 0x3f)} is not defined in code page ${page.page} (${page.name})`, at);
        }
        if (open.length >= maxDepth) throw new WbxmlError('DEPTH_LIMIT', `elements nested deeper than ${maxDepth}`, at);
        countNode(at);
        const element: WbxmlElement = { ns: page.name, name, children: [] };
        if (open.length > 0) open[open.length - 1].children.push(element);
        else root = element;
        if (token & HAS_CONTENT) open.push(element);
      }
    }
  }
}

function readHeader(r: Reader): void {
  const version = r.byte('the WBXML version');
  if (version !== VERSION_1_3) {
    throw new WbxmlError('BAD_HEADER', `WBXML version byte 0x${hex(version)}; ActiveSync uses 1.3 (0x03)`, 0);
  }
  const publicId = r.mbUint32('the public identifier');
  if (publicId !== PUBLIC_ID_UNKNOWN) {
    throw new WbxmlError('BAD_HEADER', `public identifier ${publicId}; ActiveSync uses 1 (unknown)`, 1);
  }
  const at = r.pos;
  const charset = r.mbUint32('the charset');
  if (charset !== CHARSET_UTF8) {
    throw new WbxmlError('BAD_HEADER', `charset MIBenum ${charset}; ActiveSync uses UTF-8 (106)`, at);
  }
  const tableAt = r.pos;
  const stringTable = r.mbUint32('the string table length');
  if (stringTable !== 0) {
    throw new WbxmlError('BAD_HEADER', `string table of ${stringTable} bytes; ActiveSync uses none`, tableAt);
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}
