const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * Decodes text in the charset a message declares. TextDecoder knows the WHATWG encodings
 * (ISO-8859-*, Windows-125*, KOI8, GBK/GB18030, Big5, Shift_JIS, EUC-*, ISO-2022-JP, UTF-16).
 * Without a usable declaration: UTF-8 when the bytes are valid UTF-8, else Windows-1252, which
 * is what undeclared 8-bit mail mostly is.
 */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  const label = charset?.trim().toLowerCase();
  if (label) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: guess below.
    }
  }
  return decodeUndeclared(bytes);
}

/** Header bytes have no declared charset: UTF-8 (RFC 6532) when valid, else Windows-1252. */
export function decodeUndeclared(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}
