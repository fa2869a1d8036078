import { lineAt } from './lines';

const EQUALS = 0x3d;

/** Removes the Content-Transfer-Encoding. 7bit, 8bit, binary and unknown encodings pass as they are. */
export function decodeTransferEncoding(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return decodeBase64(body);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** The decoded length, computed without decoding base64 (a large attachment is not copied to be measured). */
export function decodedLength(body: Buffer, encoding: string): number {
  if (encoding === 'base64') {
    let total = 0;
    for (const segment of base64Segments(body)) total += Math.floor((segment.length * 3) / 4);
    return total;
  }
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body).length;
  return body.length;
}

function decodeBase64(body: Buffer): Buffer {
  const segments = base64Segments(body).map((segment) => Buffer.from(segment, 'base64'));
  return segments.length === 1 ? segments[0] : Buffer.concat(segments);
}

/**
 * The base64 alphabet runs of a body, split at padding: some mailers encode every line on its
 * own, so "=" can occur mid-body, and everything outside the alphabet (line breaks, junk) is
 * skipped. Node decodes both the standard and the URL-safe alphabet.
 */
function base64Segments(body: Buffer): string[] {
  return body
    .toString('latin1')
    .replace(/[^A-Za-z0-9+/=_-]+/g, '')
    .split(/=+/)
    .filter((segment) => segment.length > 0);
}

/**
 * RFC 2045 §6.7: "=XX" is a byte, "=" at the end of a line joins it to the next, trailing
 * whitespace on a line is padding. A malformed "=" is kept as it is (best effort, like readers do).
 * Line breaks are kept in the style the message used.
 */
function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let length = 0;
  let pos = 0;
  while (pos < body.length) {
    const { contentEnd, next } = lineAt(body, pos, body.length);
    let end = contentEnd;
    while (end > pos && (body[end - 1] === 0x20 || body[end - 1] === 0x09)) end--;
    const softBreak = end > pos && body[end - 1] === EQUALS;
    if (softBreak) end--;
    for (let i = pos; i < end; i++) {
      const hex = body[i] === EQUALS && i + 2 < end ? hexByte(body[i + 1], body[i + 2]) : -1;
      if (hex >= 0) {
        out[length++] = hex;
        i += 2;
      } else out[length++] = body[i];
    }
    if (!softBreak) for (let i = contentEnd; i < next; i++) out[length++] = body[i];
    pos = next;
  }
  return out.subarray(0, length);
}

function hexByte(high: number, low: number): number {
  const h = hexDigit(high);
  const l = hexDigit(low);
  return h < 0 || l < 0 ? -1 : h * 16 + l;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
