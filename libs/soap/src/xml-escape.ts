import { replaceIllegalXmlChars } from './xml-chars';

/** Text content: '<' and '&' must go; '>' too, so "]]>" can never appear. */
export function escapeXmlText(s: string): string {
  return replaceIllegalXmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A raw CR would be folded into LF by the receiving parser; a reference survives.
    .replace(/\r/g, '&#13;');
}

/**
 * Attribute values (always double-quoted). Tab, CR and LF are written as references because
 * a parser normalises the raw characters to spaces (XML 1.0 §3.3.3) and the value would change.
 */
export function escapeXmlAttr(s: string): string {
  return replaceIllegalXmlChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
