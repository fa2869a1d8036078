import { connect, type NatsConnection } from 'nats';
import {
  assertStreamName,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamResult,
  type SubscribeOptions,
  type Subscription,
} from './event-store';
import { AllCommitsSubscription } from './jetstream/all-commits-subscription';
import { appendCommit } from './jetstream/append-commit';
import { ConnectionWatch } from './jetstream/connection-watch';
import type { JetStreamContext } from './jetstream/context';
import { ensureEventStream } from './jetstream/event-stream-setup';
import { revisionCheckFor, type RevisionCheck } from './jetstream/revision-check';
import { readStreamCommits } from './jetstream/stream-reader';
import { streamHead } from './jetstream/stream-head';
import { SubjectLayout } from './jetstream/subject-layout';

export interface JetStreamEventStoreOptions {
  /** JetStream stream holding every commit. Default `EVENTS`. */
  streamName?: string;
  /** Commits of stream `s` are published on `<subjectPrefix>.s`. Default `es`. */
  subjectPrefix?: string;
  /** Used only when the JetStream stream is created. Default 1. */
  replicas?: number;
  /**
   * How long JetStream remembers event ids for idempotent re-appends; used only when the stream is
   * created. Retries with an expected revision are recognised even after it. Default 10 minutes.
   */
  duplicateWindowMs?: number;
}

export interface JetStreamConnectOptions extends JetStreamEventStoreOptions {
  servers: string | string[];
}

const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
/** How long a call made during a reconnect waits for the connection before giving up. */
const CONNECTION_WAIT_MS = 5000;

/**
 * The event store on NATS JetStream: one JetStream stream, one subject per event-store stream,
 * one message per commit, the message's stream sequence being the commit's global position.
 *
 * Idempotency is keyed by the commit's first event id: JetStream's duplicate window catches any
 * retry within it, and a retry carrying an expected revision is recognised at any age. A retry
 * with `'any'` after the window is appended again.
 *
 * On replicated streams of nats-server before 2.9.21 the expected-revision check is fenced by the
 * stream's head (see RevisionCheck), because those servers let concurrent appends slip through.
 */
export class JetStreamEventStore implements EventStore {
  private readonly subscriptions = new Set<AllCommitsSubscription>();
  private readonly connection: ConnectionWatch;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly ctx: JetStreamContext,
    private readonly ownsConnection: boolean,
  ) {
    this.connection = new ConnectionWatch(ctx.nc);
  }

  /** Opens (and owns) a connection that keeps reconnecting for as long as the store is open. */
  static async connect(options: JetStreamConnectOptions): Promise<JetStreamEventStore> {
    const nc = await connect({
      servers: options.servers,
      name: 'event-store',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    try {
      return await JetStreamEventStore.create(nc, options, true);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  /** Uses a connection owned by the caller; `close()` leaves it open. */
  static async fromConnection(nc: NatsConnection, options: JetStreamEventStoreOptions = {}): Promise<JetStreamEventStore> {
    return JetStreamEventStore.create(nc, options, false);
  }

  private static async create(
    nc: NatsConnection,
    options: JetStreamEventStoreOptions,
    ownsConnection: boolean,
  ): Promise<JetStreamEventStore> {
    const location = {
      jsm: await nc.jetstreamManager(),
      streamName: options.streamName ?? 'EVENTS',
      subjects: new SubjectLayout(options.subjectPrefix ?? 'es'),
    };
    const config = await ensureEventStream(location, {
      replicas: options.replicas ?? 1,
      duplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    });
    const ctx: JetStreamContext = {
      ...location,
      nc,
      js: nc.jetstream(),
      revisionCheck: revisionCheckFor(nc.info?.version, config.num_replicas),
    };
    return new JetStreamEventStore(ctx, ownsConnection);
  }

  async append(
    stream: string,
    events: NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertStreamName(stream);
    if (events.length === 0) throw new Error(`append to ${stream}: a commit needs at least one event`);
    // The first id travels in a NATS header, where line breaks would corrupt the protocol.
    if (!events.every((event) => typeof event.id === 'string' && /^[^\r\n]+$/.test(event.id))) {
      throw new Error(`append to ${stream}: every event needs a non-empty single-line id`);
    }
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'bigint' && expected < 0n) throw new RangeError(`negative expected revision ${expected}`);
    await this.connected();
    return this.connection.failOnDisconnect(appendCommit(this.ctx, stream, events, expected));
  }

  async readStream(stream: string, options: { after?: bigint } = {}): Promise<ReadStreamResult> {
    assertStreamName(stream);
    await this.connected();
    return this.connection.failOnDisconnect(readStreamCommits(this.ctx, stream, options.after ?? 0n));
  }

  async headPosition(): Promise<bigint> {
    await this.connected();
    return this.connection.failOnDisconnect(streamHead(this.ctx));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closing) throw new Error('event store is closed');
    const subscription = new AllCommitsSubscription(this.ctx, this.connection, options, (stopped) =>
      this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** How expected revisions are enforced on this server and stream (see RevisionCheck). */
  get revisionCheck(): RevisionCheck {
    return this.ctx.revisionCheck;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** nats.js drops what is sent while disconnected, so wait for the connection instead of timing out. */
  private async connected(): Promise<void> {
    if (this.closing) throw new Error('event store is closed');
    if (!(await this.connection.whenConnected(CONNECTION_WAIT_MS))) {
      throw new Error(`event store: no connection to NATS for ${CONNECTION_WAIT_MS} ms`);
    }
  }

  private async shutDown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.connection.stop();
    if (this.ownsConnection && !this.ctx.nc.isClosed()) await this.ctx.nc.drain();
  }
}
