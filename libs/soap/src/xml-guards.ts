import { SoapFault } from './fault';
import { findIllegalXmlChar } from './xml-chars';

/**
 * Checks run on the raw text before any XML parser sees it.
 *
 * fast-xml-parser reads DOCTYPE internal subsets and expands their entities (within limits);
 * Zimbra's parser is configured with disallow-doctype-decl, and so are we: any markup
 * declaration (<!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST, ...) is refused outright, which rules
 * out entity-expansion bombs and external entities before they can be read.
 */
export function guardXmlText(xml: string, maxDepth: number): void {
  const bad = findIllegalXmlChar(xml);
  if (bad !== -1) {
    const code = xml.codePointAt(bad) ?? 0;
    throw SoapFault.parseError(`illegal XML character U+${code.toString(16).toUpperCase().padStart(4, '0')} at offset ${bad}`);
  }
  scanMarkup(xml, maxDepth);
}

/**
 * Walks the markup once, left to right, so that "<!" inside comments, CDATA and processing
 * instructions is not mistaken for a declaration, and counts element nesting on the way so a
 * nesting attack is refused after reading only as far as the limit. Malformed tags are left
 * for the validator to report. Linear in the input: every scan resumes where the last ended.
 */
function scanMarkup(xml: string, maxDepth: number): void {
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) throw SoapFault.parseError('unterminated comment');
      const body = xml.slice(i + 4, end);
      // XML 1.0 §2.5: "--" may not occur inside a comment.
      if (body.includes('--') || body.endsWith('-')) throw SoapFault.parseError("'--' is not allowed inside a comment");
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) throw SoapFault.parseError('unterminated CDATA section');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) throw SoapFault.parseError('unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      throw SoapFault.parseError('DOCTYPE is disallowed: DTDs, entity and markup declarations are not accepted');
    } else if (xml.startsWith('</', i)) {
      depth--;
      i += 2;
    } else {
      const end = startTagEnd(xml, i + 1);
      if (xml[end] === '>') {
        if (xml[end - 1] !== '/' && ++depth > maxDepth) throw SoapFault.parseError(`document nesting exceeds ${maxDepth} levels`);
        i = end + 1;
      } else {
        i = end; // malformed: resume at the stray '<' (or the end) without skipping anything
      }
    }
    i = xml.indexOf('<', i);
  }
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
