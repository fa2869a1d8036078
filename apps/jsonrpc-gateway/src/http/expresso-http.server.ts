import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { LOGGER, Logger, SystemHealthProbe } from '@gw/nats-bus';
import { EXPRESSO_GATEWAY_CONFIG, ExpressoGatewayConfig, SERVER_CONTEXT } from '../config';
import { decodeRequest, errorBody, ExpressoRequest, FileReply } from '../expresso/codec';
import { ExpressoError } from '../expresso/errors';
import { ExpressoDispatcher } from '../expresso/expresso-dispatcher';
import { BodyTooLargeError, readBody } from '@gw/http-edge';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The Expresso API listener (EXPRESSO_PORT): `POST /api/rest/<Resource>` and `GET /health`.
 * Plain node:http keeps the body limit and the always-200 rule under our control.
 */
@Injectable()
export class ExpressoHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly dispatcher: ExpressoDispatcher,
    private readonly health: SystemHealthProbe,
    @Inject(EXPRESSO_GATEWAY_CONFIG) private readonly config: ExpressoGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err) => {
        this.logger.error({ err }, 'unhandled HTTP error');
        if (!res.headersSent) sendJson(res, errorBody(null, new ExpressoError('E_INTERNAL_ERROR')));
        else res.destroy();
      });
    });
    server.headersTimeout = 30_000;
    server.requestTimeout = 120_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        this.logger.info({ port: this.config.port }, 'Expresso API listening');
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The web build of the mobile client calls cross-origin; `auth` travels in the body, never
    // in a cookie, so allowing any origin gives a page nothing it did not already hold.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (url.pathname === '/health') {
      const report = await this.health.report();
      sendJson(res, JSON.stringify(report), report.status === 'ok' ? 200 : 503);
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'POST, GET, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' }).end();
      return;
    }
    if (!url.pathname.startsWith(SERVER_CONTEXT)) {
      req.resume();
      sendJson(res, errorBody(null, new ExpressoError('E_HTTP_NOT_FOUND', url.pathname)), 404);
      return;
    }
    let resource: string;
    try {
      resource = decodeURIComponent(url.pathname.slice(SERVER_CONTEXT.length));
    } catch {
      req.resume();
      sendJson(res, errorBody(null, new ExpressoError('E_INVALID_REQUEST')));
      return;
    }
    let request: ExpressoRequest;
    try {
      const body = req.method === 'POST' ? await readBody(req, this.config.maxRequestBytes) : Buffer.alloc(0);
      request = decodeRequest(String(req.headers['content-type'] ?? ''), body, url.searchParams);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        const limit = String(this.config.maxRequestBytes);
        const refusal = /^\/?mail\/(send|saveasdraft)\/?$/i.test(resource)
          ? new ExpressoError('MAIL_NOT_SENT_LIMIT_EXCEEDED', limit)
          : new ExpressoError('E_INVALID_REQUEST', undefined, `Invalid Request: larger than ${limit} bytes`);
        res.setHeader('Connection', 'close');
        sendJson(res, errorBody(null, refusal));
        return;
      }
      if (error instanceof ExpressoError) {
        sendJson(res, errorBody(null, error));
        return;
      }
      throw error;
    }
    const reply = await this.dispatcher.dispatch({ resource, method: req.method ?? 'GET', request, baseUrl: baseUrlOf(req) });
    if (reply.kind === 'json') sendJson(res, reply.body);
    else sendFile(res, reply.file);
  }
}

function baseUrlOf(req: IncomingMessage): string {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' ? 'https' : 'http';
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost').split(',')[0].trim();
  return `${proto}://${host}`;
}

/** Expresso answers every call with HTTP 200; the outcome is in the body. */
function sendJson(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendFile(res: ServerResponse, file: FileReply): void {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    'Content-Type': /^[\x21-\x7e][\x20-\x7e]*$/.test(file.contentType) ? file.contentType : 'application/octet-stream',
    'Content-Length': file.content.length,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(file.content);
}
