import type { SoapContext } from './context';
import { readSoapContext, responseProtocolFor } from './context';
import { decodeBody } from './decode-body';
import type { SoapElement } from './element';
import { SoapFault } from './fault';
import { parseJsonDocument } from './json-parse';
import type { SoapProtocol } from './protocol';
import { SOAP11_NS, SOAP12_NS, ZIMBRA_NS } from './protocol';
import { attr } from './read';
import { parseXmlDocument } from './xml-parse';

export interface SoapRequest {
  protocol: SoapProtocol;
  context: SoapContext;
  /** The raw `<context>` header element, for extensions (see extensionsFrom). */
  contextElement?: SoapElement;
  /** The first element in Body (the request document); `ns` holds its namespace URI. */
  body: SoapElement;
  responseProtocol: SoapProtocol;
  /** The body's requestId, to echo with withRequestId. */
  requestId?: string;
}

export interface ParseOptions {
  /** Maximum element nesting, counting the Envelope as level 1 (default 100). */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 100;

/**
 * Parses a request to /service/soap in any of Zimbra's three dialects.
 * Throws only SoapFault: service.PARSE_ERROR for unreadable input, service.INVALID_REQUEST
 * for a readable document that is not a usable SOAP request.
 */
export function parseSoapRequest(body: Buffer | string, opts: ParseOptions = {}): SoapRequest {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  try {
    const text = decodeBody(body);
    const start = text.search(/\S/);
    if (start === -1) throw SoapFault.parseError('empty request payload');
    // soap.txt: a JSON request starts with '{'; everything else is XML.
    return text[start] === '{' ? fromJson(text, maxDepth) : fromXml(text, maxDepth);
  } catch (err) {
    if (err instanceof SoapFault) throw err;
    // e.g. a RangeError from a pathological input: still the client's malformed request.
    throw SoapFault.parseError(err instanceof Error ? err.message : 'unreadable request');
  }
}

function fromJson(text: string, maxDepth: number): SoapRequest {
  const envelope = parseJsonDocument(text, 'Envelope', maxDepth);
  // JSON namespaces are optional, so Header/context/Body are found by name alone.
  const header = firstChild(envelope, 'Header');
  const contextElement = header && firstChild(header, 'context');
  const bodyEl = firstChild(envelope, 'Body');
  const doc = bodyEl?.children[0];
  if (!doc) throw SoapFault.invalidRequest('No SOAP body');
  return assemble('json', contextElement, doc);
}

function fromXml(text: string, maxDepth: number): SoapRequest {
  const envelope = parseXmlDocument(text, maxDepth);
  const protocol = envelope.name === 'Envelope' ? protocolOf(envelope.ns) : undefined;
  if (!protocol) throw SoapFault.invalidRequest('unable to determine SOAP version');
  const envNs = envelope.ns as string;

  const header = envelope.children.find((c) => c.name === 'Header' && nsOf(c, envNs) === envNs);
  const contextElement = header?.children.find((c) => c.name === 'context' && nsOf(c, envNs) === ZIMBRA_NS);
  const bodyEl = envelope.children.find((c) => c.name === 'Body' && nsOf(c, envNs) === envNs);
  const doc = bodyEl?.children[0];
  if (!doc) throw SoapFault.invalidRequest('No SOAP body');
  return assemble(protocol, contextElement && withNs(contextElement, ZIMBRA_NS), withNs(doc, nsOf(doc, envNs)));
}

function assemble(protocol: SoapProtocol, contextElement: SoapElement | undefined, body: SoapElement): SoapRequest {
  const context = readSoapContext(contextElement);
  const request: SoapRequest = { protocol, context, body, responseProtocol: responseProtocolFor(protocol, context) };
  if (contextElement) request.contextElement = contextElement;
  const requestId = attr(body, 'requestId');
  if (requestId !== undefined && requestId !== '') request.requestId = requestId;
  return request;
}

function protocolOf(ns: string | undefined): SoapProtocol | undefined {
  if (ns === SOAP11_NS) return 'soap11';
  if (ns === SOAP12_NS) return 'soap12';
  return undefined;
}

/** A child's namespace: its own, or inherited from a parent whose namespace is parentNs. */
function nsOf(e: SoapElement, parentNs: string): string {
  return e.ns ?? parentNs;
}

/** Detached elements carry their namespace explicitly; "no namespace" is left undefined. */
function withNs(e: SoapElement, ns: string | undefined): SoapElement {
  const copy: SoapElement = { ...e };
  if (ns) copy.ns = ns;
  else delete copy.ns;
  return copy;
}

function firstChild(e: SoapElement, name: string): SoapElement | undefined {
  return e.children.find((c) => c.name === name);
}
