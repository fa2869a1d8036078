import { Events, type NatsConnection, type Status } from 'nats';

/** The connection dropped while a request was waiting for its answer; the request's outcome is unknown. */
export class ConnectionLostError extends Error {
  constructor() {
    super('connection to NATS lost while waiting for an answer (the request may or may not have taken effect)');
    this.name = 'ConnectionLostError';
  }
}

/**
 * Follows the connection's state for the store. Three nats.js behaviours make this necessary:
 * - whatever is published while disconnected is discarded when the client reconnects, so a
 *   request sent then is lost and only fails at its timeout; waiting for the connection first
 *   turns that into a short delay;
 * - a request in flight when the connection drops is not failed either, it also runs into its
 *   timeout; failing it at the disconnect lets callers retry as soon as the server is back;
 * - messages the server pushed into a dead connection are lost to an unacknowledged consumer, and
 *   the consumer itself may be gone after a server restart, so readers start over from the last
 *   position they actually received whenever the connection comes back.
 */
export class ConnectionWatch {
  private connected = true; // the store is only built on a connection that just answered
  private readonly waiters = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly disconnectListeners = new Set<() => void>();
  private readonly status: AsyncIterable<Status> & { stop?: () => void };

  constructor(nc: NatsConnection) {
    this.status = nc.status();
    void this.watch();
  }

  /** Calls `listener` after every reconnect; returns the function that stops listening. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Resolves true once connected, false if that did not happen within `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (connected: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(connected);
      };
      const wake = () => settle(true);
      const timer = setTimeout(() => settle(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  /** Settles like `request`, but rejects with ConnectionLostError as soon as the connection drops. */
  failOnDisconnect<T>(request: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onDisconnect = () => reject(new ConnectionLostError());
      this.disconnectListeners.add(onDisconnect);
      // The abandoned request still settles later (usually with a timeout); that outcome is ignored.
      request.then(resolve, reject).finally(() => this.disconnectListeners.delete(onDisconnect));
    });
  }

  stop(): void {
    this.reconnectListeners.clear();
    this.disconnectListeners.clear();
    // nats.js hands out a QueuedIterator; stopping it ends `watch` even if the connection stays open.
    this.status.stop?.();
  }

  private async watch(): Promise<void> {
    for await (const status of this.status) {
      if (status.type === Events.Disconnect) {
        this.connected = false;
        for (const listener of [...this.disconnectListeners]) listener();
      } else if (status.type === Events.Reconnect) {
        this.connected = true;
        for (const wake of [...this.waiters]) wake();
        for (const listener of [...this.reconnectListeners]) listener();
      }
    }
  }
}
