/**
 * Protocol-neutral checks on raw XML text and bytes, shared by the Zimbra codec and the PHP
 * rpc/encoded codec: each reports a problem as data, and each edge words it in its own dialect.
 */

export type MarkupProblem =
  | { kind: 'unterminated'; what: 'comment' | 'CDATA section' | 'processing instruction' }
  | { kind: 'comment-dashes' }
  | { kind: 'doctype' }
  | { kind: 'declaration' }
  | { kind: 'too-deep'; maxDepth: number };

/**
 * Walks the markup once, left to right, so that "<!" inside comments, CDATA and processing
 * instructions is not mistaken for a declaration, and counts element nesting on the way so a
 * nesting attack is refused after reading only as far as the limit. Any markup declaration
 * (<!DOCTYPE, <!ENTITY, ...) is a problem: no DTD, no entity expansion, no external entity.
 * Malformed tags are left for the validator. Linear: every scan resumes where the last ended.
 */
export function findMarkupProblem(xml: string, maxDepth: number): MarkupProblem | undefined {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return { kind: 'unterminated', what: 'comment' };
      const body = xml.slice(i + 4, end);
      // XML 1.0 §2.5: "--" may not occur inside a comment.
      if (body.includes('--') || body.endsWith('-')) return { kind: 'comment-dashes' };
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return { kind: 'unterminated', what: 'CDATA section' };
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) return { kind: 'unterminated', what: 'processing instruction' };
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      return /^<!DOCTYPE/i.test(xml.slice(i, i + 9)) ? { kind: 'doctype' } : { kind: 'declaration' };
    } else if (xml.startsWith('</', i)) {
      depth--;
      i += 2;
    } else {
      const end = startTagEnd(xml, i + 1);
      if (xml[end] === '>') {
        if (xml[end - 1] !== '/' && ++depth > maxDepth) return { kind: 'too-deep', maxDepth };
        i = end + 1;
      } else {
        i = end; // malformed: resume at the stray '<' (or the end) without skipping anything
      }
    }
    i = xml.indexOf('<', i);
  }
  return undefined;
}

/**
 * Position of the '>' closing a start tag, honouring quoted attribute values (which may hold
 * '>'). Stops early at a '<', which is never legal inside a tag, so nothing can hide there.
 */
function startTagEnd(xml: string, from: number): number {
  let quote = '';
  for (let j = from; j < xml.length; j++) {
    const c = xml[j];
    if (c === '<') return j;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return xml.length;
}

/** The encoding of an XML document's bytes: its byte order mark, else its declaration, else UTF-8. */
export function xmlEncodingOf(bytes: Buffer): string {
  return bomEncoding(bytes) ?? declaredEncoding(bytes) ?? 'utf-8';
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** `<?xml version="1.0" encoding="ISO-8859-1"?>`: the declaration is ASCII, so peek at it as latin1. */
function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 200).toString('latin1');
  return /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1];
}
