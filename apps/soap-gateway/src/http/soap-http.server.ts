import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { SoapFault, renderSoapFault } from '@gw/soap';
import { LOGGER, Logger } from '@gw/nats-bus';
import { SOAP_GATEWAY_CONFIG, SoapGatewayConfig } from '../config';
import { SoapDispatcher } from '../soap/soap-dispatcher';
import { SoapPort } from '../soap/soap-handler';
import { BodyTooLargeError, cookie, readBody } from '@gw/http-edge';
import { SystemHealthProbe } from '@gw/nats-bus';
import { WaiterRegistry } from '../waiting/waiter-registry';
import { ActiveSyncEdge } from '../activesync/activesync-edge';
import { XMPP_STATUS_PATH, XmppStatusEdge } from '../presence/xmpp-status';

const PATHS: Record<SoapPort, RegExp> = {
  user: /^\/service\/soap(\/[A-Za-z]*)?\/?$/,
  admin: /^\/service\/admin\/soap(\/[A-Za-z]*)?\/?$/,
};
/** ActiveSync and the Z-Push webservice share the user port, as in Zimbra and Z-Push. */
const ACTIVESYNC_PATH = /^\/Microsoft-Server-ActiveSync\/?$/i;
const COOKIES: Record<SoapPort, string> = { user: 'ZM_AUTH_TOKEN', admin: 'ZM_ADMIN_AUTH_TOKEN' };

/**
 * The two HTTP listeners: user SOAP on SOAP_PORT (with ActiveSync and `/xmpp/status`) and admin
 * SOAP on SOAP_ADMIN_PORT. Plain node:http keeps the body limit and, later, long-held WaitSet
 * requests under our control.
 */
@Injectable()
export class SoapHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly servers: Server[] = [];

  constructor(
    private readonly dispatcher: SoapDispatcher,
    private readonly health: SystemHealthProbe,
    private readonly waiters: WaiterRegistry,
    private readonly activeSync: ActiveSyncEdge,
    private readonly xmppStatus: XmppStatusEdge,
    @Inject(SOAP_GATEWAY_CONFIG) private readonly config: SoapGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen('user', this.config.userPort);
    await this.listen('admin', this.config.adminPort);
  }

  async onApplicationShutdown(): Promise<void> {
    // Blocked WaitSet/NoOp requests would hold close() for minutes: answer them first.
    this.waiters.releaseAll();
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }

  private listen(port: SoapPort, portNumber: number): Promise<void> {
    const server = createServer((req, res) => {
      this.route(port, req, res).catch((err) => {
        this.logger.error({ err }, 'unhandled HTTP error');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    // Long-polling clients (WaitSet, NoOp wait) come back on the same connection: keep it a
    // minute, as Zimbra's Jetty does, rather than Node's 5 s that races their next request.
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
    // Receiving a request may take this long; a WaitSet held after that is not limited by it.
    server.requestTimeout = 120_000;
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(portNumber, this.config.host, () => {
        this.logger.info({ port: portNumber, endpoint: port }, `${port} SOAP listening`);
        resolve();
      });
    });
  }

  private async route(port: SoapPort, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const report = await this.health.report();
      send(res, report.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(report));
      return;
    }
    if (port === 'user' && ACTIVESYNC_PATH.test(path)) {
      const body = req.method === 'POST' ? await readBody(req, this.config.maxRequestBytes).catch((e) => (e instanceof BodyTooLargeError ? null : Promise.reject(e))) : Buffer.alloc(0);
      if (body === null) send(res, 413, 'text/plain; charset=utf-8', 'request too big\n');
      else await this.activeSync.handle(req, res, body);
      return;
    }
    const xmppStatus = port === 'user' ? XMPP_STATUS_PATH.exec(path) : null;
    if (xmppStatus) {
      await this.xmppStatus.handle(req, res, xmppStatus[1]);
      return;
    }
    if (!PATHS[port].test(path)) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      send(res, 405, 'text/plain; charset=utf-8', 'SOAP requests are POSTed\n');
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, this.config.maxRequestBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        const fault = renderSoapFault('soap12', SoapFault.invalidRequest(`request too big (limit ${this.config.maxRequestBytes} bytes)`));
        send(res, 413, fault.contentType, fault.body);
        return;
      }
      throw error;
    }
    const reply = await this.dispatcher.dispatch(port, body, cookie(req, COOKIES[port]));
    send(res, reply.status, reply.contentType, reply.body);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
