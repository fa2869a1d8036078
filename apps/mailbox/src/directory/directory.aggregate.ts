import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DIRECTORY_EVENT_SCHEMA_VERSION,
  DIRECTORY_STREAM,
  DirectoryEvent,
  DomainError,
  ErrorCode,
  Principal,
} from '@gw/contracts';
import { EventStore, NewEvent, Subscription, WrongExpectedRevisionError } from '@gw/event-store';
import { EVENT_STORE } from '@gw/service-infra';
import { DirectoryState, emptyDirectory, evolve } from './domain/directory-state';
import { decide, DirectoryCommand } from './domain/decide';

export interface CommandOutcome {
  events: DirectoryEvent[];
  /** Position of the commit (null when the command changed nothing). */
  position: bigint | null;
}

const MAX_ATTEMPTS = 8;

/**
 * The directory aggregate at run time: its state is folded live from the `directory` stream, so
 * every instance of the mailbox service sees the others' changes; a command is decided against
 * the state and appended with the state's revision as the expected one, and retried on a clash.
 */
@Injectable()
export class DirectoryAggregate implements OnModuleInit, OnModuleDestroy {
  private state: DirectoryState = emptyDirectory();
  private revision: bigint | null = null;
  private subscription?: Subscription;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  /** Commands of this instance run one at a time, so they never clash with each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    this.subscription = this.store.subscribeToAll({
      after: 0n,
      streamPrefix: DIRECTORY_STREAM,
      handler: async (commit) => {
        if (commit.stream !== DIRECTORY_STREAM) return;
        for (const e of commit.events) evolve(this.state, { type: e.type, data: e.data } as DirectoryEvent);
        this.revision = commit.position;
        this.releaseWaiters();
      },
      onError: (err) => {
        // The state would silently go stale; better to stop and let the supervisor restart us.
        console.error(JSON.stringify({ level: 50, msg: 'directory subscription failed', err: String(err) }));
        process.exit(1);
      },
    });
    await this.subscription.caughtUp;
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }

  /** Read access for decisions that need no event (authentication, token checks). */
  get current(): DirectoryState {
    return this.state;
  }

  execute(command: DirectoryCommand, actor: Principal | { id: string; name: string } | undefined, commandId: string): Promise<CommandOutcome> {
    const run = this.queue.then(() => this.executeNow(command, actor, commandId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async executeNow(command: DirectoryCommand, actor: { id: string; name: string } | undefined, commandId: string): Promise<CommandOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const expected = this.revision;
      const events = decide(this.state, command, { now: new Date(), newId: randomUUID });
      if (events.length === 0) return { events, position: null };
      const at = new Date().toISOString();
      const records: NewEvent[] = events.map((e, i) => ({
        id: i === 0 ? commandId : randomUUID(),
        type: e.type,
        schemaVersion: DIRECTORY_EVENT_SCHEMA_VERSION,
        data: e.data,
        metadata: { causationId: commandId, actor: actor ? { id: actor.id, name: actor.name } : { id: 'system', name: 'system' }, at },
      }));
      try {
        const result = await this.store.append(DIRECTORY_STREAM, records, { expectedRevision: expected ?? 'no_stream' });
        await this.waitFor(result.position);
        return { events, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Another instance wrote first: wait until our state has its change, then decide again.
        if (error.actual !== null) await this.waitFor(error.actual, 2000);
      }
    }
    throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'directory busy, try again');
  }

  /** Resolves once the live state includes the commit at `position`. */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.revision !== null && this.revision >= position) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs).unref();
    });
  }

  private releaseWaiters(): void {
    if (this.revision === null) return;
    const done = this.waiters.filter((w) => w.position <= this.revision!);
    this.waiters = this.waiters.filter((w) => w.position > this.revision!);
    done.forEach((w) => w.resolve());
  }
}
