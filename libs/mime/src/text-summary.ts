/** Zimbra's fragments are "the first n characters" of the body; 150 is what its UI shows. */
export const FRAGMENT_LENGTH = 150;
/** The text kept for the search index. */
export const BODY_TEXT_MAX_BYTES = 32 * 1024;

/** The start of a text with whitespace runs (line breaks included) collapsed to single spaces. */
export function fragmentOf(text: string, length = FRAGMENT_LENGTH): string {
  return cutAtCodePoint(text.replace(/\s+/g, ' ').trim(), length).trimEnd();
}

/** At most `maxBytes` of UTF-8, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // Back up to the start of the character that would be cut (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

function cutAtCodePoint(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  // Do not keep half of a surrogate pair.
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * A rough HTML-to-text conversion, used only when mailparser could not read the message:
 * markup and scripts dropped, block ends as line breaks, common entities decoded.
 */
export function stripHtml(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6])\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return entities[name.toLowerCase()] ?? entity;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}
