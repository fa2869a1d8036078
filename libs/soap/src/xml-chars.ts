/*
 * XML 1.0 character rules, shared by the parser (to refuse) and the renderer (to repair).
 * Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
 */

/** Matches one character that may not appear in an XML 1.0 document, including lone surrogates. */
const ILLEGAL_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ILLEGAL_XML_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function findIllegalXmlChar(s: string): number {
  const m = ILLEGAL_XML_CHAR.exec(s);
  return m ? m.index : -1;
}

export function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Zimbra's XMLElement.xmlEncode replaces characters XML cannot carry with '?'. Numeric
 * references would not help: `&#1;` is just as illegal in XML 1.0 as the raw byte.
 */
export function replaceIllegalXmlChars(s: string): string {
  return ILLEGAL_XML_CHAR.test(s) ? s.replace(ILLEGAL_XML_CHARS, '?') : s;
}

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = NAME_START + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`);

/** Whether s is a valid XML Name (element or attribute name). */
export function isXmlName(s: string): boolean {
  return XML_NAME.test(s);
}
