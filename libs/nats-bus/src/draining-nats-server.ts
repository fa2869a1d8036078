import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';

const MAX_DRAIN_MS = 10_000;

/**
 * Nest's NATS server closes its connection on shutdown, dropping requests still being handled;
 * a plain NATS drain is not enough either, because it counts a message as handled when the
 * callback returns, while Nest's handlers reply later, asynchronously. So on shutdown this
 * server drains its subscriptions (the queue group hands new requests to the other
 * instances, and everything already sent to us is still delivered), waits until every handler
 * in flight has published its reply, and only then closes the connection.
 */
export class DrainingNatsServer extends ServerNats {
  private readonly subscriptions: Subscription[] = [];
  private inFlight = 0;
  private idle: (() => void) | null = null;

  override async createNatsClient(): ReturnType<ServerNats['createNatsClient']> {
    const client = await super.createNatsClient();
    // Nest types the connection with its own copy of nats' interfaces; it is nats' object.
    const nc = client as unknown as NatsConnection;
    const subscribe = nc.subscribe.bind(nc);
    nc.subscribe = (subject, opts) => {
      const sub = subscribe(subject, opts);
      this.subscriptions.push(sub);
      return sub;
    };
    return client;
  }

  override async handleMessage(channel: string, natsMsg: Parameters<ServerNats['handleMessage']>[1]): Promise<unknown> {
    this.inFlight++;
    try {
      return await super.handleMessage(channel, natsMsg);
    } finally {
      if (--this.inFlight === 0) this.idle?.();
    }
  }

  override async close(): Promise<void> {
    const self = this as unknown as { natsClient?: NatsConnection | null };
    const nc = self.natsClient;
    if (!nc || nc.isClosed()) return;
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, MAX_DRAIN_MS).unref();
      });
    }
    self.natsClient = null;
    await nc.drain().catch(() => nc.close());
  }
}
