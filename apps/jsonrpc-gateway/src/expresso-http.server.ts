import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server, ServerResponse } from 'node:http';
import { LOGGER, Logger, SystemHealthProbe } from '@gw/nats-bus';

/**
 * The Expresso API edge (POST /api/rest/<Resource>). Until its resources arrive it answers
 * /health and tells Expresso clients, in their own dialect, that a method is not there.
 */
@Injectable()
export class ExpressoHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly health: SystemHealthProbe,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    const port = Number(process.env.EXPRESSO_PORT ?? 8080);
    const host = process.env.HTTP_HOST ?? '0.0.0.0';
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') {
        void this.health.report().then((r) => send(res, r.status === 'ok' ? 200 : 503, JSON.stringify(r)));
        return;
      }
      if (!path.startsWith('/api/rest/')) {
        send(res, 404, JSON.stringify({ error: 'not found' }));
        return;
      }
      // Expresso answers every call with HTTP 200 and a JSON-RPC style error object.
      req.resume();
      send(res, 200, JSON.stringify({ id: null, error: { code: '-32601', message: 'Method not found' } }));
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => {
        this.logger.info({ port }, 'Expresso API listening');
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
