import type { WbxmlElement } from './types';

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * XML text of a tree, for logs and debugging: each element whose code page differs from its
 * parent's carries `xmlns="Page:"` (the namespace style of the MS-ASCMD examples and of
 * libwbxml); opaque data is written as base64. With `indent`, one element a line.
 */
export function toXml(root: WbxmlElement, options: { indent?: string } = {}): string {
  const indent = options.indent;
  const out: string[] = [];
  const write = (element: WbxmlElement, parentNs: string | undefined, depth: number): void => {
    const pad = indent === undefined ? '' : indent.repeat(depth);
    const nl = indent === undefined ? '' : '\n';
    const open = element.ns === parentNs ? element.name : `${element.name} xmlns="${element.ns}:"`;
    const content = element.children.filter((c) => c !== '');
    if (content.length === 0) {
      out.push(`${pad}<${open}/>${nl}`);
      return;
    }
    if (content.every((c) => typeof c === 'string' || c instanceof Uint8Array)) {
      const body = content.map((c) => (typeof c === 'string' ? escapeText(c) : Buffer.from(c as Uint8Array).toString('base64'))).join('');
      out.push(`${pad}<${open}>${body}</${element.name}>${nl}`);
      return;
    }
    out.push(`${pad}<${open}>${nl}`);
    for (const c of content) {
      if (typeof c === 'string') out.push(`${indent === undefined ? '' : indent.repeat(depth + 1)}${escapeText(c)}${nl}`);
      else if (c instanceof Uint8Array) out.push(`${indent === undefined ? '' : indent.repeat(depth + 1)}${Buffer.from(c).toString('base64')}${nl}`);
      else write(c, element.ns, depth + 1);
    }
    out.push(`${pad}</${element.name}>${nl}`);
  };
  write(root, undefined, 0);
  return out.join('');
}
