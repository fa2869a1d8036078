import { SoapFault } from './fault';
import { isXmlCodePoint } from './xml-chars';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A reference we accept, or a lone '&' (which is then an error). */
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));|&/g;

/**
 * Resolves the only references a document without a DTD may use: the five predefined
 * entities and numeric character references. Anything else (`&xxe;`, a bare '&') is a
 * well-formedness error; there is deliberately no table to look other names up in, so no
 * input can make us expand anything.
 */
export function decodeXmlReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole: string, hex?: string, dec?: string, name?: string, offset?: number) => {
    if (name !== undefined) return PREDEFINED[name];
    if (hex === undefined && dec === undefined) {
      throw SoapFault.parseError(`undefined entity or stray '&' near "${raw.slice(offset, (offset ?? 0) + 20)}"`);
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec as string, 10);
    if (!isXmlCodePoint(cp)) throw SoapFault.parseError(`character reference to an illegal XML character: ${whole}`);
    return String.fromCodePoint(cp);
  });
}
