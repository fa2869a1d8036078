import { Events, type NatsConnection, type Status } from 'nats';

/**
 * Tells subscriptions when the connection came back. Messages the server pushed into a dead
 * connection are lost to an unacknowledged consumer, and the consumer itself may be gone after a
 * server restart, so readers start over from the last position they actually received.
 */
export class ReconnectSignal {
  private readonly listeners = new Set<() => void>();
  private readonly status: AsyncIterable<Status> & { stop?: () => void };

  constructor(nc: NatsConnection) {
    this.status = nc.status();
    void this.watch();
  }

  /** Returns the function that stops listening. */
  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.listeners.clear();
    // nats.js hands out a QueuedIterator; stopping it ends `watch` even if the connection stays open.
    this.status.stop?.();
  }

  private async watch(): Promise<void> {
    for await (const status of this.status) {
      if (status.type !== Events.Reconnect) continue;
      for (const listener of [...this.listeners]) listener();
    }
  }
}
