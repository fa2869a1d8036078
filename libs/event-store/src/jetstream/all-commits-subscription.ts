import type { ConsumerMessages, JsMsg } from 'nats';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Commit, SubscribeOptions, Subscription } from '../event-store';
import { decodeCommit } from './commit-codec';
import type { JetStreamContext } from './context';
import { openEphemeralConsumer } from './ephemeral-consumer';
import type { ConnectionWatch } from './connection-watch';
import { streamHead } from './stream-head';

/** Small batches keep a slow handler from having thousands of commits buffered in memory. */
const FETCH_BATCH = 256;
const FETCH_EXPIRES_MS = 5000;
/** Long enough to outlive a slow handler between two pulls; a removed consumer is recreated anyway. */
const CONSUMER_IDLE_THRESHOLD_MS = 60_000;
const RETRY_DELAYS_MS = [50, 100, 250, 500, 1000, 2000];
/** How often a subscription waiting for the connection looks whether it was closed meanwhile. */
const CONNECTION_WAIT_MS = 1000;

/** Which subscription's handler is running, so a handler closing its own subscription does not wait on itself. */
const runningHandler = new AsyncLocalStorage<AllCommitsSubscription>();

/** The subscriber (or its data) failed: retrying would fail the same way, so the subscription stops. */
class SubscriberFailure {
  constructor(readonly cause: unknown) {}
}

/** The consumer skipped a delivery, e.g. pushed it into a connection that died. */
class DeliveryGap extends Error {}

/**
 * Delivers every commit after a checkpoint, in order, then follows new ones.
 *
 * It pulls from a throwaway consumer rather than nats.js's ordered consumer, which prefetches
 * without bound. Correctness rests on `lastSeen`, the last position received (delivered or
 * filtered out): whenever the consumer becomes doubtful (reconnect, delivery gap, server error),
 * a new one starts right after `lastSeen`, and anything at or before it is skipped. That gives no
 * gap and no duplicate across server restarts.
 */
export class AllCommitsSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private settleCaughtUp!: { resolve: () => void; reject: (error: unknown) => void };
  private caughtUpSettled = false;
  private headAtStart: bigint | null = null;
  private lastSeen: bigint;
  private closed = false;
  private reconnects = 0;
  private batch: ConsumerMessages | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly wakeUp = new AbortController();
  private readonly stopListening: () => void;

  constructor(
    private readonly ctx: JetStreamContext,
    private readonly connection: ConnectionWatch,
    private readonly options: SubscribeOptions,
    private readonly onStopped: (subscription: AllCommitsSubscription) => void,
  ) {
    this.lastSeen = options.after;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = { resolve, reject };
    });
    // A subscription that fails reports through onError; nobody has to observe caughtUp.
    this.caughtUp.catch(() => undefined);
    this.stopListening = connection.onReconnect(() => {
      this.reconnects += 1;
      this.batch?.stop();
    });
    void this.run();
  }

  async close(): Promise<void> {
    this.stop(new Error('subscription closed before it caught up'));
    if (runningHandler.getStore() === this) return;
    await this.inFlight?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      // Requests sent while disconnected are dropped; waiting saves a timeout per attempt.
      if (!(await this.connection.whenConnected(CONNECTION_WAIT_MS))) continue;
      try {
        if (this.headAtStart === null) {
          this.headAtStart = await this.connection.failOnDisconnect(streamHead(this.ctx));
          this.noteProgress();
        }
        await this.deliverUntilInterrupted();
        failures = 0;
      } catch (error) {
        if (error instanceof SubscriberFailure) return this.fail(error.cause);
        // Only reachable when the caller closed a connection it lent to the store: nothing to retry.
        if (this.ctx.nc.isClosed()) return this.fail(new Error('NATS connection closed under a live subscription'));
        // Server or connection trouble: wait a little and resume from lastSeen.
        const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
        failures += 1;
        await sleep(delay, undefined, { signal: this.wakeUp.signal }).catch(() => undefined);
      }
    }
  }

  /** Consumes until closed, reconnected or broken; a normal return means "start a new consumer". */
  private async deliverUntilInterrupted(): Promise<void> {
    const reconnectsAtStart = this.reconnects;
    const interrupted = () => this.closed || this.reconnects !== reconnectsAtStart;
    const opening = openEphemeralConsumer(this.ctx, {
      startSequence: this.lastSeen + 1n,
      idleThresholdMs: CONSUMER_IDLE_THRESHOLD_MS,
    });
    // Should the answer arrive after all, the consumer it made is not needed: remove it.
    const opened = await this.connection.failOnDisconnect(opening).catch((error: unknown) => {
      opening.then((late) => late.dispose(), () => undefined);
      throw error;
    });
    try {
      let expectedDelivery = 1;
      while (!interrupted()) {
        const batch = await opened.consumer.fetch({ max_messages: FETCH_BATCH, expires: FETCH_EXPIRES_MS });
        this.batch = batch;
        try {
          if (interrupted()) return;
          for await (const message of batch) {
            if (message.info.deliverySequence !== expectedDelivery) {
              throw new DeliveryGap(`expected delivery ${expectedDelivery}, got ${message.info.deliverySequence}`);
            }
            expectedDelivery += 1;
            // Messages already queued before an interruption are not trusted any more.
            if (interrupted()) return;
            await this.accept(message);
          }
        } finally {
          this.batch = null;
          batch.stop();
        }
      }
    } finally {
      opened.dispose();
    }
  }

  private async accept(message: JsMsg): Promise<void> {
    const position = BigInt(message.seq);
    if (position <= this.lastSeen) return;
    const stream = this.ctx.subjects.streamOf(message.subject);
    if (this.options.streamPrefix === undefined || stream.startsWith(this.options.streamPrefix)) {
      this.inFlight = this.handle(message, stream, position);
      await this.inFlight;
    }
    this.lastSeen = position;
    this.noteProgress();
  }

  private async handle(message: JsMsg, stream: string, position: bigint): Promise<void> {
    let commit: Commit;
    try {
      commit = decodeCommit(message.data, stream, position);
      await runningHandler.run(this, () => this.options.handler(commit));
    } catch (error) {
      throw new SubscriberFailure(error);
    }
  }

  private noteProgress(): void {
    if (this.caughtUpSettled || this.headAtStart === null || this.lastSeen < this.headAtStart) return;
    this.caughtUpSettled = true;
    this.settleCaughtUp.resolve();
  }

  private fail(cause: unknown): void {
    this.stop(cause);
    if (this.options.onError) this.options.onError(cause);
    else console.error('event store subscription stopped', cause);
  }

  private stop(reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.batch?.stop();
    this.wakeUp.abort();
    if (!this.caughtUpSettled) {
      this.caughtUpSettled = true;
      this.settleCaughtUp.reject(reason);
    }
    this.onStopped(this);
  }
}
