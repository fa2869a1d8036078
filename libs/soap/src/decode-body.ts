import { TextDecoder } from 'node:util';
import { SoapFault } from './fault';
import { xmlEncodingOf } from './xml-scan';

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
  const label = xmlEncodingOf(bytes);
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
