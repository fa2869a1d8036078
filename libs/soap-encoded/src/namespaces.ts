/** Namespace URIs of SOAP 1.1 rpc/encoded, and the prefixes PHP's ext/soap writes for them. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** Apache SOAP's namespace: PHP's associative arrays travel as its `Map` type. */
export const APACHE_SOAP_NS = 'http://xml.apache.org/xml-soap';
/** Older schema namespaces some toolkits still write; read as their 2001 counterparts. */
export const XSD_1999_NS = 'http://www.w3.org/1999/XMLSchema';
export const XSI_1999_NS = 'http://www.w3.org/1999/XMLSchema-instance';
/** SOAP 1.1 §4.2.2: the actor a header entry without `actor` is addressed to. */
export const SOAP_ACTOR_NEXT = 'http://schemas.xmlsoap.org/soap/actor/next';

/** Fixed prefixes, as PHP declares them; any other namespace gets ns1, ns2, ... in order of use. */
export const FIXED_PREFIXES: ReadonlyMap<string, string> = new Map([
  [SOAP_ENV_NS, 'SOAP-ENV'],
  [SOAP_ENC_NS, 'SOAP-ENC'],
  [XSD_NS, 'xsd'],
  [XSI_NS, 'xsi'],
]);

/** The Content-Type PHP's SoapServer answers SOAP 1.1 requests with (responses and faults). */
export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';
/** PHP's SoapServer sends every fault with HTTP 500 Internal Server Error. */
export const FAULT_HTTP_STATUS = 500;
