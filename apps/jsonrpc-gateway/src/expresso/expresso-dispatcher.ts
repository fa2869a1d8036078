import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BlobStore } from '@gw/blob-store';
import { BusReply, ErrorCode, Principal, querySubject } from '@gw/contracts';
import { BLOB_STORE, BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { EXPRESSO_GATEWAY_CONFIG, ExpressoGatewayConfig } from '../config';
import { errorBody, ExpressoRequest, FileReply, invalidParams, resultBody } from './codec';
import { ExpressoError, fromBusError } from './errors';
import { ExpressoContext, ExpressoResource, ResourceRegistry } from './resource';
import { decodeAuth } from './session-auth';

export interface ExpressoCall {
  /** The path after `/api/rest/`: `Mail/Folders`. */
  resource: string;
  method: string;
  request: ExpressoRequest;
  baseUrl: string;
}

export type ExpressoReply = { kind: 'json'; body: string } | { kind: 'file'; file: FileReply };

/**
 * The Expresso pipeline: find the resource, check the session named by `auth`, validate the
 * params, run the resource, and write the answer or error in Expresso's JSON. Every failure
 * leaves here as an Expresso error object, never as a crash or an HTTP error.
 */
@Injectable()
export class ExpressoDispatcher {
  constructor(
    private readonly bus: BusClient,
    private readonly registry: ResourceRegistry,
    @Inject(EXPRESSO_GATEWAY_CONFIG) private readonly config: ExpressoGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async dispatch(call: ExpressoCall): Promise<ExpressoReply> {
    const { id } = call.request;
    try {
      const found = this.registry.find(call.resource);
      if (!found) throw new ExpressoError('E_METHOD_NOT_FOUND');
      if (call.method !== 'POST' && !(call.method === 'GET' && found.allowGet)) throw new ExpressoError('E_INVALID_REQUEST', undefined, `Invalid Request: ${found.name} is called with POST`);
      const result = await this.run(found, call);
      if (result instanceof FileReply) return { kind: 'file', file: result };
      return { kind: 'json', body: resultBody(id, result) };
    } catch (error) {
      return { kind: 'json', body: errorBody(id, this.asExpressoError(error, call.resource)) };
    }
  }

  private async run(found: ExpressoResource, call: ExpressoCall): Promise<unknown> {
    const { auth, ...params } = call.request.params;
    const ctx = this.context(found, call, typeof auth === 'string' ? auth.trim() : undefined);
    if (found.auth === 'session') ctx.principal = await this.session(ctx);
    const parsed = found.params.safeParse(params);
    if (!parsed.success) throw invalidParams(parsed.error);
    return found.handle(parsed.data, ctx);
  }

  private context(found: ExpressoResource, call: ExpressoCall, auth: string | undefined): ExpressoContext {
    const folderID = call.request.params.folderID;
    const ctx: ExpressoContext = {
      resource: found.name,
      ...(auth ? { auth } : {}),
      files: call.request.files,
      baseUrl: call.baseUrl,
      config: this.config,
      request: <R>(subject: string, payload: unknown, principal?: Principal): Promise<BusReply<R>> =>
        this.bus.request<R>(subject, payload, { principal: principal ?? ctx.principal, id: randomUUID() }),
      call: async <R>(subject: string, payload: unknown, principal?: Principal): Promise<R> => {
        const reply = await ctx.request<R>(subject, payload, principal);
        if (reply.ok) return reply.result;
        if (reply.error.code === ErrorCode.TEMPORARILY_UNAVAILABLE) this.logger.warn({ subject, error: reply.error.message }, 'service unavailable');
        throw fromBusError(reply.error, found.name, typeof folderID === 'string' ? { folderID } : {});
      },
      storeContent: async (content: Buffer) => (await this.blobs.put(content)).hash,
    };
    return ctx;
  }

  /** No `auth`: not logged in; an `auth` that is not a live session: invalid (ExpressoAdapter::isLoggedIn). */
  private async session(ctx: ExpressoContext): Promise<Principal> {
    if (!ctx.auth) throw new ExpressoError('LOGIN_NOT_LOGGED_IN');
    const authToken = decodeAuth(ctx.auth);
    if (!authToken) throw new ExpressoError('LOGIN_AUTH_INVALID');
    return ctx.call<Principal>(querySubject('mailbox', 'VerifyToken'), { authToken });
  }

  private asExpressoError(error: unknown, resource: string): ExpressoError {
    if (error instanceof ExpressoError) return error;
    this.logger.error({ err: error, resource }, 'unexpected error in Expresso resource');
    return new ExpressoError('E_INTERNAL_ERROR');
  }
}
