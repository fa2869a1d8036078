import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BLOB_STORE, BusClient, LOGGER, Logger } from '@gw/nats-bus';
import {
  SoapElement,
  SoapFault,
  SoapProtocol,
  SoapRequest,
  attr,
  el,
  faultElement,
  parseSoapRequest,
  renderSoapFault,
  renderSoapResponse,
  responseContext,
  sniffResponseProtocol,
  withRequestId,
} from '@gw/soap';
import { Principal, querySubject } from '@gw/contracts';
import { SOAP_GATEWAY_CONFIG, SoapGatewayConfig } from '../config';
import { HandlerRegistry } from './handler-registry';
import { SoapCallContext, SoapPort } from './soap-handler';
import { BlobStore } from '@gw/blob-store';
import { WaiterRegistry } from '../waiting/waiter-registry';
import { SoapSessions } from '../sessions/soap-sessions';
import { collectExtensions } from './context-extensions';


export interface HttpReply {
  status: number;
  contentType: string;
  body: string;
}

const ZIMBRA_NS = 'urn:zimbra';

/**
 * The SOAP pipeline of both ports: parse any dialect, authenticate, dispatch each request
 * document (or each part of a BatchRequest) to its handler, and render the reply or fault in the
 * dialect the client asked for. Every failure leaves here as a Zimbra fault, never as a crash.
 */
@Injectable()
export class SoapDispatcher {
  constructor(
    private readonly bus: BusClient,
    private readonly registry: HandlerRegistry,
    @Inject(SOAP_GATEWAY_CONFIG) private readonly config: SoapGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly waiters: WaiterRegistry,
    private readonly sessions: SoapSessions,
  ) {}

  async dispatch(port: SoapPort, body: Buffer, cookieToken?: string): Promise<HttpReply> {
    let request: SoapRequest;
    try {
      request = parseSoapRequest(body, { maxDepth: this.config.maxXmlDepth });
    } catch (error) {
      return this.fault(sniffResponseProtocol(body), error);
    }
    const protocol = request.responseProtocol;
    const authToken = request.context.authToken ?? cookieToken;
    try {
      const ctx = this.callContext(port, request, authToken);
      const document = request.body;
      const response =
        document.name === 'BatchRequest' && document.ns === ZIMBRA_NS
          ? await this.batch(document, ctx, protocol)
          : withRequestId(await this.runOne(document, ctx), request.requestId);
      const context = await this.sessions.contextFor(ctx);
      if (ctx.noopWait?.disallowed) response.attrs.waitDisallowed = 1;
      const extra = [...(context.extra ?? []), ...collectExtensions(ctx.extensions)];
      const rendered = renderSoapResponse({ protocol, context: responseContext({ ...context, extra }), body: response });
      return { status: 200, ...rendered };
    } catch (error) {
      return this.fault(protocol, error);
    }
  }

  /** `onerror="continue"` (the default) runs every part; `stop` ends at the first fault. */
  private async batch(batch: SoapElement, ctx: SoapCallContext, protocol: SoapProtocol): Promise<SoapElement> {
    const stopOnError = attr(batch, 'onerror') === 'stop';
    const responses: SoapElement[] = [];
    for (const part of batch.children) {
      const requestId = attr(part, 'requestId');
      try {
        responses.push(withRequestId(await this.runOne(part, ctx), requestId));
      } catch (error) {
        responses.push(faultElement(protocol, this.asFault(error), requestId));
        if (stopOnError) break;
      }
    }
    return el('BatchResponse', {}, responses, ZIMBRA_NS);
  }

  private async runOne(document: SoapElement, ctx: SoapCallContext): Promise<SoapElement> {
    const handler = this.registry.find(ctx.port, document.ns, document.name);
    if (!handler) throw SoapFault.unknownDocument(document.name);
    if (handler.auth !== 'none') {
      const principal = await this.authenticate(ctx);
      if ((handler.auth === 'admin' || ctx.port === 'admin') && !principal.isAdmin) throw SoapFault.permDenied('need admin token');
    }
    return handler.handle(document, ctx);
  }

  private callContext(port: SoapPort, request: SoapRequest, authToken: string | undefined): SoapCallContext {
    const change = request.context.change;
    if (change && !/^\d{1,19}$/.test(change.token) && change.token !== '-1') throw SoapFault.invalidRequest(`invalid change token: ${change.token}`);
    // Zimbra reads a negative token as "no check".
    const changeCheck = change && change.token !== '-1' ? { token: change.token, type: change.type ?? ('mod' as const) } : undefined;
    const ctx: SoapCallContext = {
      port,
      soap: request.context,
      authToken,
      storeContent: async (content: Buffer) => (await this.blobs.put(content)).hash,
      waiters: this.waiters,
      extensions: [],
      call: async <R>(subject: string, payload: unknown): Promise<R> => {
        const reply = await this.bus.request<R>(subject, payload, { principal: ctx.principal, id: randomUUID(), changeCheck });
        if (!reply.ok) {
          // Whose fault it is (Sender/Receiver) follows from the code, as in Zimbra.
          throw new SoapFault(reply.error.code, reply.error.message, { args: reply.error.args });
        }
        if (reply.contextExtensions) ctx.extensions.push(...reply.contextExtensions);
        return reply.result;
      },
    };
    return ctx;
  }

  /** Resolves the auth token once per HTTP request (a batch shares it). */
  private async authenticate(ctx: SoapCallContext): Promise<Principal> {
    if (ctx.principal) return ctx.principal;
    if (!ctx.authToken) throw SoapFault.authRequired();
    // On the admin port <account> does not change who acts: admin requests name their targets.
    const target = ctx.port === 'user' ? ctx.soap.account : undefined;
    ctx.principal = await ctx.call<Principal>(querySubject('mailbox', 'VerifyToken'), {
      authToken: ctx.authToken,
      ...(target ? { onBehalfOf: target } : {}),
    });
    return ctx.principal;
  }

  private asFault(error: unknown): SoapFault {
    if (error instanceof SoapFault) return error;
    this.logger.error({ err: error }, 'unexpected error in SOAP handler');
    return SoapFault.failure('internal error');
  }

  private fault(protocol: SoapProtocol, error: unknown): HttpReply {
    return renderSoapFault(protocol, this.asFault(error), responseContext());
  }
}
