/**
 * The event store port. Domain services append facts to streams and projections subscribe to
 * everything; the adapter behind this interface is swappable (JetStream today, KurrentDB later)
 * and proven by the conformance suite in `conformance.ts`.
 *
 * Positions: every append is one commit with a global, strictly increasing position. A stream's
 * revision is the position of its last commit, so a revision is opaque and monotonic rather than
 * a count; that lets the JetStream adapter check concurrency in one round trip and lets the
 * mailbox use its revision directly as Zimbra's change token.
 */

/** Who caused a change: the authenticated account (or `system`). */
export interface Actor {
  id: string;
  name: string;
}

export interface EventMetadata {
  /** Id of the command that produced the event. */
  causationId?: string;
  actor?: Actor;
  /** ISO-8601 time the event was recorded. */
  at: string;
}

/** An event as a domain service hands it to the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Unique id; re-appending an event id that is already stored is a no-op (idempotency). */
  id: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
}

/** An event as read back: where it lives and where it stands in the global order. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  stream: string;
  /** Global position of the commit that holds this event. */
  position: bigint;
  /** Index of the event inside its commit (events of one append share a position). */
  index: number;
}

/** `'no_stream'`: the stream must not exist yet; `'any'`: no check; a bigint: the stream's current revision. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

export interface AppendResult {
  /** Position of the commit, which is also the stream's new revision. */
  position: bigint;
  /** True when the same event ids had been appended before and nothing new was written. */
  duplicate: boolean;
}

export interface ReadStreamResult {
  events: RecordedEvent[];
  /** The stream's revision (position of its last commit), or null when it has no events. */
  revision: bigint | null;
}

/** A batch of events handed to a subscriber: all events of one commit. */
export interface Commit {
  position: bigint;
  stream: string;
  events: RecordedEvent[];
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  close(): Promise<void>;
  /** Resolves when the subscription has delivered everything that existed when it started. */
  caughtUp: Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver commits with a position strictly greater than this (0n: from the beginning). */
  after: bigint;
  /**
   * Called once per commit, in position order, one at a time; the next commit is delivered
   * only after the returned promise resolves. A rejection stops the subscription and is
   * reported through `onError`.
   */
  handler: (commit: Commit) => Promise<void>;
  onError?: (error: unknown) => void;
  /** Only streams whose name starts with this prefix (for example `mailbox-`). */
  streamPrefix?: string;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  readStream(stream: string, options?: { after?: bigint }): Promise<ReadStreamResult>;
  /** The position of the newest commit in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** Thrown by `append` when the expected revision does not match. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | null,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual === null ? 'none' : String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Stream names travel in NATS subjects, so they are restricted to a safe alphabet. */
export const STREAM_NAME = /^[A-Za-z0-9_-]{1,200}$/;

export function assertStreamName(stream: string): void {
  if (!STREAM_NAME.test(stream)) throw new Error(`invalid stream name: ${JSON.stringify(stream)}`);
}
