import type { SoapProtocol } from './protocol';
import { SOAP11_NS } from './protocol';

/**
 * The dialect to answer in when a request could not be parsed, so the client can still read
 * the fault. Mirrors SoapEngine: unparseable JSON gets a JSON fault; for bad XML it looks for
 * the SOAP 1.1 envelope namespace and a `<format type="js"/>` header, defaulting to SOAP 1.2.
 * A cheap textual look, never a parse: the input is already known to be broken.
 */
export function sniffResponseProtocol(body: Buffer | string): SoapProtocol {
  const head = (typeof body === 'string' ? body.slice(0, 65536) : body.subarray(0, 65536).toString('utf8')).replace(/^\uFEFF/, '');
  if (head.trimStart().startsWith('{')) return 'json';
  if (/<(?:[\w.-]+:)?format\b[^>]*\btype\s*=\s*["']js["']/.test(head)) return 'json';
  const envelopeTag = /<(?:[\w.-]+:)?Envelope\b[^>]*>/.exec(head)?.[0] ?? '';
  return envelopeTag.includes(SOAP11_NS) ? 'soap11' : 'soap12';
}
