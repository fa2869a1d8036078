import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Commit, EventStore, NewEvent, SubscribeOptions, Subscription } from '../event-store';

/** What a test gets from the adapter under test. */
export interface EventStoreUnderTest {
  store: EventStore;
  /** Stops and restarts the backing server while the store stays open (adapters that have one). */
  restartServer?: () => Promise<void>;
  dispose(): Promise<void>;
}

export interface EventStoreFactory {
  create(): Promise<EventStoreUnderTest>;
}

/** Runs a test body against a fresh store and always disposes of it. */
export async function withStore(factory: EventStoreFactory, body: (sut: EventStoreUnderTest) => Promise<void>): Promise<void> {
  const sut = await factory.create();
  try {
    await body(sut);
  } finally {
    await sut.dispose();
  }
}

let nameCounter = 0;

/**
 * Stream names unique to one test, so the suite also holds when an adapter's factory hands out a
 * shared, non-empty store. Tests that filter by prefix use the returned value as a namespace.
 */
export function uniqueName(label: string): string {
  nameCounter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${nameCounter}`;
}

export function newEvent(type = 'Tested', data: unknown = {}): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata: { at: new Date().toISOString() } };
}

/** A subscription handler that records every commit it is given. */
export class CommitRecorder {
  readonly commits: Commit[] = [];
  readonly errors: unknown[] = [];

  constructor(private readonly options: { delayMs?: number; onlyStreamsStartingWith?: string } = {}) {}

  readonly handler = async (commit: Commit): Promise<void> => {
    const prefix = this.options.onlyStreamsStartingWith;
    if (prefix !== undefined && !commit.stream.startsWith(prefix)) return;
    this.commits.push(commit);
    if (this.options.delayMs) await sleep(this.options.delayMs);
  };

  readonly onError = (error: unknown): void => {
    this.errors.push(error);
  };

  subscribe(store: EventStore, options: Omit<SubscribeOptions, 'handler' | 'onError'>): Subscription {
    return store.subscribeToAll({ ...options, handler: this.handler, onError: this.onError });
  }

  positions(): bigint[] {
    return this.commits.map((commit) => commit.position);
  }

  eventIds(): string[] {
    return this.commits.flatMap((commit) => commit.events.map((event) => event.id));
  }

  async waitForCount(count: number, timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.commits.length >= count, timeoutMs, () => `expected ${count} commits, got ${this.commits.length}`);
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await sleep(10);
  }
}

/** Resolves with 'timeout' when the promise takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  const cancel = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, 'timeout' as const, { signal: cancel.signal })]);
  } finally {
    cancel.abort(); // do not keep the test process alive for the rest of the timer
  }
}

/**
 * Appends, retrying while the backing server is away. Retrying is safe because re-appending the
 * same event id is a no-op, which is exactly what clients rely on during an outage.
 */
export async function appendUntilAccepted(store: EventStore, stream: string, event: NewEvent, timeoutMs = 20_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await store.append(stream, [event])).position;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

export function assertStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (positions[i] <= positions[i - 1]) {
      throw new Error(`positions not strictly increasing at ${i}: ${positions[i - 1]} then ${positions[i]}`);
    }
  }
}
