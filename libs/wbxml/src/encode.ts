import { codePageByName } from './code-pages';
import { DEFAULT_LIMITS } from './decode';
import { WbxmlError } from './errors';
import { END, HAS_CONTENT, HEADER, OPAQUE, STR_I, SWITCH_PAGE } from './tokens';
import type { WbxmlElement } from './types';

export interface EncodeOptions {
  /** Deepest nesting written (the root is depth 1); also stops cyclic trees. Default 64. */
  maxDepth?: number;
}

const LONE_SURROGATE = /\p{Cs}/u;

class Writer {
  private buf = Buffer.allocUnsafe(1024);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** STR_I content: the UTF-8 bytes and a terminating NUL. */
  cstring(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n + 1);
    this.buf.write(s, this.length, n, 'utf8');
    this.length += n;
    this.buf[this.length++] = 0;
  }

  mbUint32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new WbxmlError('INVALID_TREE', `${value} does not fit a WBXML mb_u_int32`);
    }
    const groups = [value % 128];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v % 128) | 0x80);
    for (const g of groups) this.byte(g);
  }

  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Writes an element tree as an ActiveSync WBXML document: header 03 01 6A 00, SWITCH_PAGE only
 * where the code page changes, STR_I for text, OPAQUE for bytes, and the content flag (0x40)
 * only on elements with content (empty strings count as no content).
 * Throws WbxmlError for unknown namespaces or tags and for content WBXML cannot carry.
 */
export function encode(root: WbxmlElement, options: EncodeOptions = {}): Buffer {
  const maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const w = new Writer();
  w.bytes(HEADER);
  let currentPage = 0;

  const write = (element: WbxmlElement, depth: number, path: string): void => {
    if (depth > maxDepth) throw new WbxmlError('DEPTH_LIMIT', `elements nested deeper than ${maxDepth} (a cycle?) at ${path}`);
    if (typeof element !== 'object' || element === null || typeof element.name !== 'string' || !Array.isArray(element.children)) {
      throw new WbxmlError('INVALID_TREE', `not an element at ${path}`);
    }
    const page = codePageByName(element.ns);
    if (!page) throw new WbxmlError('UNKNOWN_CODE_PAGE', `namespace ${String(element.ns)} is not an MS-ASWBXML code page at ${path}`);
    const token = page.byName.get(element.name);
    if (token === undefined) {
      throw new WbxmlError('UNKNOWN_TAG', `code page ${page.name} has no tag ${element.name} (at ${path})`);
    }
    if (page.page !== currentPage) {
      w.byte(SWITCH_PAGE);
      w.byte(page.page);
      currentPage = page.page;
    }
    const here = `${path}/${page.name}:${element.name}`;
    const hasContent = element.children.some((c) => c !== '');
    w.byte(hasContent ? token | HAS_CONTENT : token);
    if (!hasContent) return;
    for (const child of element.children) {
      if (typeof child === 'string') {
        if (child === '') continue;
        if (child.includes('\0')) throw new WbxmlError('INVALID_TREE', `text with a NUL character in ${here}`);
        if (LONE_SURROGATE.test(child)) throw new WbxmlError('INVALID_TREE', `text with a lone UTF-16 surrogate in ${here}`);
        w.byte(STR_I);
        w.cstring(child);
      } else if (child instanceof Uint8Array) {
        w.byte(OPAQUE);
        w.mbUint32(child.length);
        w.bytes(child);
      } else {
        write(child, depth + 1, here);
      }
    }
    w.byte(END);
  };

  write(root, 1, '');
  return w.result();
}
