/** The three dialects Zimbra speaks on /service/soap. */
export type SoapProtocol = 'soap11' | 'soap12' | 'json';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** SoapJSProtocol's envelope namespace: the top-level `_jsns` of every JSON response. */
export const ZIMBRA_SOAP_NS = 'urn:zimbraSoap';
/** Namespace of the context header, BatchRequest/BatchResponse and fault Error details. */
export const ZIMBRA_NS = 'urn:zimbra';

/** The prefix Zimbra (SoapProtocol.NS_PREFIX) gives the envelope namespace in XML. */
export const ENVELOPE_PREFIX = 'soap';

export function envelopeNamespace(protocol: SoapProtocol): string {
  switch (protocol) {
    case 'soap11':
      return SOAP11_NS;
    case 'soap12':
      return SOAP12_NS;
    case 'json':
      return ZIMBRA_SOAP_NS;
  }
}

/**
 * Response Content-Type per dialect. Our contract asks for the registered media types;
 * real Zimbra sends text/xml for SOAP 1.2 ("Safari croaks") and text/javascript for JSON.
 */
export function contentTypeFor(protocol: SoapProtocol): string {
  switch (protocol) {
    case 'soap11':
      return 'text/xml; charset=utf-8';
    case 'soap12':
      return 'application/soap+xml; charset=utf-8';
    case 'json':
      return 'application/json; charset=utf-8';
  }
}
