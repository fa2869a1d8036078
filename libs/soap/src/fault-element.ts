import type { SoapElement } from './element';
import { attrEl, el, textEl, uniqueEl } from './element';
import type { SoapFault } from './fault';
import type { SoapProtocol } from './protocol';
import { ENVELOPE_PREFIX, ZIMBRA_NS, envelopeNamespace } from './protocol';

/**
 * The fault as an element, as Soap11Protocol / Soap12Protocol / SoapJSProtocol.soapFault build it.
 * Use it directly inside a BatchResponse (`<soap:Fault requestId="1">`, JSON `"Fault":[{..}]`);
 * renderSoapFault wraps it in an envelope.
 */
export function faultElement(protocol: SoapProtocol, fault: SoapFault, requestId?: string): SoapElement {
  const ns = envelopeNamespace(protocol);
  const attrs = requestId !== undefined && requestId !== '' ? { requestId } : {};
  const error = errorDetail(fault);

  if (protocol === 'soap11') {
    // SOAP 1.1 wants faultcode/faultstring/detail unqualified; soap.txt shows soap:faultcode, but
    // Soap11Protocol writes them unqualified because SOAP toolkits (JAX-WS, the npm soap package)
    // fail to read qualified ones. ns '' = "no namespace" (xmlns="" where a default is in scope).
    const code = fault.sender ? 'Client' : 'Server';
    return el('Fault', attrs, [
      { ...textEl('faultcode', `${ENVELOPE_PREFIX}:${code}`), ns: '' },
      { ...textEl('faultstring', fault.message), ns: '' },
      el('detail', {}, [error], ''),
    ], ns);
  }

  // SOAP 1.2 and JSON share a shape; in JSON Value, Text, Code and Trace become plain keys
  // (SoapJSProtocol adds them as attributes), in XML they are elements.
  const value = fault.sender ? 'Sender' : 'Receiver';
  return el('Fault', attrs, [
    uniqueEl('Code', {}, [{ ...attrEl('Value', `${ENVELOPE_PREFIX}:${value}`), ns }], ns),
    uniqueEl('Reason', {}, [{ ...attrEl('Text', fault.message), ns }], ns),
    uniqueEl('Detail', {}, [error], ns),
  ], ns);
}

/** `<Error xmlns="urn:zimbra"><Code>..</Code><Trace>..</Trace><a n=".." t="STR">..</a></Error>`. */
function errorDetail(fault: SoapFault): SoapElement {
  const args = Object.entries(fault.args ?? {}).map(([n, v]) => textEl('a', v, { n, t: fault.argTypes?.[n] ?? 'STR' }));
  return uniqueEl('Error', {}, [attrEl('Code', fault.code), attrEl('Trace', fault.trace), ...args], ZIMBRA_NS);
}
