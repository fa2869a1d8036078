import {
  assertStreamName,
  WrongExpectedRevisionError,
  type AppendResult,
  type Commit,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamResult,
  type SubscribeOptions,
  type Subscription,
} from '@gw/event-store';

/**
 * A test double of the event store port, enough to drive a ProjectionRunner: ordered commits
 * with global positions, subscriptions delivering one commit at a time and waiting for the
 * handler, `caughtUp`, stream-prefix filtering. `redeliver` imitates an at-least-once
 * transport by delivering every commit twice.
 */
export class InMemoryEventStore implements EventStore {
  private readonly commits: Commit[] = [];
  private readonly eventIds = new Map<string, bigint>();
  private wake: (() => void)[] = [];
  /** Every delivery goes to the handler twice when set. */
  redeliver = false;

  async append(stream: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    assertStreamName(stream);
    const known = events.map((event) => this.eventIds.get(event.id));
    if (known.length > 0 && known.every((position) => position !== undefined)) return { position: known[0]!, duplicate: true };
    const revision = this.revisionOf(stream);
    const expected = options.expectedRevision ?? 'any';
    if ((expected === 'no_stream' && revision !== null) || (typeof expected === 'bigint' && expected !== revision)) {
      throw new WrongExpectedRevisionError(stream, expected, revision);
    }
    const position = BigInt(this.commits.length + 1);
    const recorded = events.map((event, index) => ({ ...event, stream, position, index }));
    this.commits.push({ position, stream, events: recorded });
    for (const event of events) this.eventIds.set(event.id, position);
    const waiting = this.wake;
    this.wake = [];
    for (const wake of waiting) wake();
    return { position, duplicate: false };
  }

  async readStream(stream: string, options: { after?: bigint } = {}): Promise<ReadStreamResult> {
    const commits = this.commits.filter((commit) => commit.stream === stream);
    return {
      events: commits.filter((commit) => commit.position > (options.after ?? 0n)).flatMap((commit) => commit.events),
      revision: this.revisionOf(stream),
    };
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.commits.length);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const matches = (commit: Commit) => !options.streamPrefix || commit.stream.startsWith(options.streamPrefix);
    const head = BigInt(this.commits.length);
    let closed = false;
    let stopWaiting = () => {};
    let markCaughtUp!: () => void;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    const deliver = async () => {
      let next = Number(options.after); // positions are 1-based indexes + 1
      while (!closed) {
        if (BigInt(next) >= head) markCaughtUp();
        const commit = this.commits[next];
        if (!commit) {
          await new Promise<void>((resolve) => {
            stopWaiting = resolve;
            this.wake.push(resolve);
          });
          continue;
        }
        next++;
        if (!matches(commit)) continue;
        try {
          await options.handler(commit);
          if (this.redeliver && !closed) await options.handler(commit);
        } catch (error) {
          closed = true;
          options.onError?.(error);
        }
      }
    };
    // Asynchronous like a real transport: nothing is delivered before subscribeToAll returns.
    const running = Promise.resolve().then(deliver);
    return {
      caughtUp,
      close: async () => {
        closed = true;
        stopWaiting();
        await running;
      },
    };
  }

  async close(): Promise<void> {}

  private revisionOf(stream: string): bigint | null {
    for (let i = this.commits.length - 1; i >= 0; i--) if (this.commits[i]!.stream === stream) return this.commits[i]!.position;
    return null;
  }
}
