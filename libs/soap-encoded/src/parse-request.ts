import { collectIds, decodeValue } from './decode';
import { SoapEncodedError } from './errors';
import { SOAP12_ENV_NS, SOAP_ACTOR_NEXT, SOAP_ENC_NS, SOAP_ENV_NS } from './namespaces';
import type { XNode } from './xml-read';
import { attrValue, readXml } from './xml-read';

export interface RpcRequest {
  /** Local name of the call element: the PHP method name. */
  method: string;
  /** Namespace URI of the call element (SoapClient's `uri` option); '' if none. */
  namespace: string;
  /** The call's parameters in order (SoapClient names them param0, param1, ...; names are ignored). */
  params: unknown[];
}

export interface ParseRpcOptions {
  /** Largest request accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deepest element nesting, the Envelope counting as 1 (default 64). */
  maxDepth?: number;
  /** Most values decoded, each followed reference counted again (default 100000). */
  maxValues?: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<Required<ParseRpcOptions>> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxValues: 100_000,
});

/**
 * Reads a SOAP 1.1 rpc/encoded call as PHP's SoapClient (non-WSDL mode) sends it.
 * Throws SoapEncodedError only, carrying the faultcode/faultstring PHP's SoapServer would answer.
 */
export function parseRpcRequest(body: Buffer | string, options: ParseRpcOptions = {}): RpcRequest {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...definedOnly(options) };
  try {
    const envelope = readXml(body, limits);
    if (envelope.local !== 'Envelope' || envelope.ns !== SOAP_ENV_NS) {
      const what = envelope.ns === SOAP12_ENV_NS ? 'SOAP 1.2 is not supported' : `the document element is {${envelope.ns}}${envelope.local}, not a SOAP 1.1 Envelope`;
      throw SoapEncodedError.wrongVersion(what);
    }
    const parts = envelope.children.filter((c) => c.ns === SOAP_ENV_NS);
    const header = parts.find((c) => c.local === 'Header');
    if (header) checkHeaders(header);
    const bodyEl = parts.find((c) => c.local === 'Body');
    if (!bodyEl) throw SoapEncodedError.client('Body must be present in a SOAP envelope');
    // Independent elements (multiRef) may follow the call; SOAP-ENC:root="0" marks them too.
    const call = bodyEl.children.find((c) => attrValue(c, SOAP_ENC_NS, 'root')?.trim() !== '0');
    if (!call) throw SoapEncodedError.client('looks like we got "Body" without function call');

    const ctx = { ids: collectIds(bodyEl), budget: limits.maxValues, active: new Set<XNode>() };
    const params = call.children.map((param) => decodeValue(param, ctx));
    return { method: call.local, namespace: call.ns, params };
  } catch (err) {
    if (err instanceof SoapEncodedError) throw err;
    // e.g. a RangeError on a pathological input: still the client's unreadable request.
    throw SoapEncodedError.badRequest(err instanceof Error ? err.message : String(err));
  }
}

/** SOAP 1.1 §4.2.3: we understand no header, so one that must be understood by us is a fault. */
function checkHeaders(header: XNode): void {
  for (const entry of header.children) {
    const mustUnderstand = attrValue(entry, SOAP_ENV_NS, 'mustUnderstand')?.trim();
    const actor = attrValue(entry, SOAP_ENV_NS, 'actor')?.trim();
    if ((mustUnderstand === '1' || mustUnderstand === 'true') && (actor === undefined || actor === SOAP_ACTOR_NEXT)) {
      throw new SoapEncodedError('MustUnderstand', 'Header not understood', `Header not understood: {${entry.ns}}${entry.local}`);
    }
  }
}

function definedOnly(options: ParseRpcOptions): ParseRpcOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
