import { codePageByName, type CodePageName, type TagName } from './code-pages';
import type { WbxmlElement, WbxmlNode } from './types';

/**
 * What `el` accepts as content: nodes, numbers (written as decimal text), and arrays of them,
 * flattened; null, undefined and false are skipped so optional parts read
 * `cond && el(...)` or `value ?? null`.
 */
export type Content = WbxmlNode | number | null | undefined | false | readonly Content[];

/**
 * Builds an element; the tag name is checked against the code page at compile time.
 *   el('Provision', 'Status', 1)
 *   el('FolderHierarchy', 'Folder', [el('FolderHierarchy', 'ServerId', id), ...])
 */
export function el<P extends CodePageName>(ns: P, name: TagName<P>, ...content: Content[]): WbxmlElement {
  const children: WbxmlNode[] = [];
  const add = (c: Content): void => {
    if (c === null || c === undefined || c === false) return;
    if (typeof c === 'number') children.push(String(c));
    else if (Array.isArray(c)) for (const item of c as readonly Content[]) add(item);
    else children.push(c as WbxmlNode);
  };
  for (const c of content) add(c);
  return { ns, name, children };
}

export function isElement(node: WbxmlNode | undefined | null): node is WbxmlElement {
  return typeof node === 'object' && node !== null && !(node instanceof Uint8Array);
}

/**
 * Splits a path step: 'Name' is a tag of the namespace searched in, 'Ns:Name' names the code
 * page explicitly ('Settings:DeviceInformation' inside a Provision element).
 */
function step(s: string, inNs: CodePageName): [CodePageName, string] {
  const colon = s.indexOf(':');
  if (colon < 0) return [inNs, s];
  const ns = s.slice(0, colon);
  if (!codePageByName(ns)) throw new TypeError(`wbxml: "${ns}" in "${s}" is not a code page name`);
  return [ns as CodePageName, s.slice(colon + 1)];
}

/** The child elements of `parent`, all of them or those matching one path step. */
export function children(parent: WbxmlElement, match?: string): WbxmlElement[] {
  const all = parent.children.filter(isElement);
  if (match === undefined) return all;
  const [ns, name] = step(match, parent.ns);
  return all.filter((c) => c.ns === ns && c.name === name);
}

/**
 * Follows a path of first matching children: child(provision, 'Policies', 'Policy', 'PolicyKey').
 * Each step without a prefix is in the namespace of the element it is looked up in.
 */
export function child(parent: WbxmlElement | undefined, ...path: string[]): WbxmlElement | undefined {
  let at = parent;
  for (const s of path) {
    if (!at) return undefined;
    const [ns, name] = step(s, at.ns);
    at = at.children.find((c): c is WbxmlElement => isElement(c) && c.ns === ns && c.name === name);
  }
  return at;
}

/** The text of an element: its strings (and opaque data read as UTF-8), child elements skipped. */
export function text(element: WbxmlElement): string {
  let out = '';
  for (const c of element.children) {
    if (typeof c === 'string') out += c;
    else if (c instanceof Uint8Array) out += Buffer.from(c.buffer, c.byteOffset, c.length).toString('utf8');
  }
  return out;
}

/** The text at a path, or undefined when an element on the path is missing. */
export function childText(parent: WbxmlElement | undefined, ...path: string[]): string | undefined {
  const found = child(parent, ...path);
  return found ? text(found) : undefined;
}

/** The content of an element as bytes: opaque data as is, strings as UTF-8 (for Mime, ConversationId, ...). */
export function bytes(element: WbxmlElement): Buffer {
  const parts: Buffer[] = [];
  for (const c of element.children) {
    if (typeof c === 'string') parts.push(Buffer.from(c, 'utf8'));
    else if (c instanceof Uint8Array) parts.push(Buffer.from(c.buffer, c.byteOffset, c.length));
  }
  return Buffer.concat(parts);
}
