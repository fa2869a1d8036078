import type { SoapElement } from './element';
import { envelope, serializeEnvelope } from './envelope';
import type { SoapFault } from './fault';
import { faultElement } from './fault-element';
import type { SoapProtocol } from './protocol';
import { contentTypeFor } from './protocol';

export interface RenderedResponse {
  contentType: string;
  body: string;
}

export interface RenderedFault extends RenderedResponse {
  /** Zimbra answers every SOAP fault with HTTP 500, whichever side is at fault. */
  status: 500;
}

export interface SoapResponseInit {
  protocol: SoapProtocol;
  /** The response `<context xmlns="urn:zimbra">` (see responseContext), if any. */
  context?: SoapElement;
  body: SoapElement;
}

export function renderSoapResponse({ protocol, context, body }: SoapResponseInit): RenderedResponse {
  return { contentType: contentTypeFor(protocol), body: serializeEnvelope(protocol, envelope(protocol, body, context)) };
}

export function renderSoapFault(protocol: SoapProtocol, fault: SoapFault, context?: SoapElement): RenderedFault {
  const env = envelope(protocol, faultElement(protocol, fault), context);
  return { status: 500, contentType: contentTypeFor(protocol), body: serializeEnvelope(protocol, env) };
}
