import type { SoapElement } from './element';
import { uniqueEl } from './element';
import { renderJson } from './json-render';
import type { SoapProtocol } from './protocol';
import { ENVELOPE_PREFIX, envelopeNamespace } from './protocol';
import { renderXml } from './xml-render';

/**
 * Wraps a document (and optional context header) in the protocol's envelope
 * (SoapProtocol.soapEnvelope). Everything is a unique element there, so JSON reads
 * `{"Header":{"context":{..}},"Body":{"FooResponse":{..}},"_jsns":"urn:zimbraSoap"}`.
 */
export function envelope(protocol: SoapProtocol, body: SoapElement, context?: SoapElement): SoapElement {
  const ns = envelopeNamespace(protocol);
  const parts: SoapElement[] = [];
  if (context) parts.push(uniqueEl('Header', {}, [{ ...context, unique: true }], ns));
  parts.push(uniqueEl('Body', {}, [{ ...body, unique: true }], ns));
  return uniqueEl('Envelope', {}, parts, ns);
}

/** Serialises an envelope in its protocol's dialect. */
export function serializeEnvelope(protocol: SoapProtocol, env: SoapElement): string {
  if (protocol === 'json') return renderJson(env);
  return renderXml(env, new Map([[envelopeNamespace(protocol), ENVELOPE_PREFIX]]));
}
