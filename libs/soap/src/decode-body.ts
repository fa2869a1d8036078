import { TextDecoder } from 'node:util';
import { SoapFault } from './fault';

/**
 * Turns the raw HTTP body into text. Zimbra reads requests as UTF-8; we also honour a byte
 * order mark and an XML declaration's encoding, and refuse bytes that are not valid in the
 * encoding instead of silently replacing them (a mangled auth token or name helps nobody).
 */
export function decodeBody(body: Buffer | string): string {
  const text = typeof body === 'string' ? body : decodeBytes(body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeBytes(bytes: Buffer): string {
  const label = bomEncoding(bytes) ?? declaredEncoding(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw SoapFault.parseError(`unsupported encoding: ${label}`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw SoapFault.parseError(`request is not valid ${label}`);
  }
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
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head);
  return m?.[1];
}
