import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';

/**
 * Nest's NATS server closes its connection on shutdown, dropping requests still being handled.
 * Draining instead unsubscribes first (the queue group hands new requests to the other
 * instances), lets the handlers in flight publish their replies, then closes.
 */
export class DrainingNatsServer extends ServerNats {
  override async close(): Promise<void> {
    const self = this as unknown as { natsClient?: NatsConnection | null };
    const nc = self.natsClient;
    self.natsClient = null;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
