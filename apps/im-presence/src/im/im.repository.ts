import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, IM_EVENT_SCHEMA_VERSION, ImEvent, imStream } from '@gw/contracts';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@gw/event-store';
import { EVENT_STORE } from '@gw/service-infra';
import { decide } from '../domain/decide';
import { Effect, ImCommand } from '../domain/im-command';
import { emptyIm, evolve, ImState } from '../domain/im-state';

interface Loaded {
  state: ImState;
  revision: bigint | null;
}

export interface ImActor {
  id: string;
  name: string;
}

export interface ImOutcome {
  events: ImEvent[];
  effects: Effect[];
  /** Position of the commit, or null when the command changed nothing. */
  position: bigint | null;
  state: ImState;
}

const MAX_ATTEMPTS = 8;
const CACHED_ACCOUNTS = 5000;

/**
 * The IM state of each account: one stream per account, folded on demand and cached. A command is
 * decided on the cached state and appended with the stream's revision as the expected one; a
 * clash (another instance wrote) means catch up and decide again.
 */
@Injectable()
export class ImRepository {
  private readonly cache = new Map<string, Loaded>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(accountId: string): Promise<Loaded> {
    const cached = this.cache.get(accountId) ?? { state: emptyIm(), revision: null };
    const { events, revision } = await this.store.readStream(imStream(accountId), { after: cached.revision ?? 0n });
    let state = cached.state;
    for (const e of events) state = evolve(state, { type: e.type, data: e.data } as ImEvent);
    const loaded = { state, revision: revision ?? cached.revision };
    this.remember(accountId, loaded);
    return loaded;
  }

  execute(accountId: string, command: ImCommand, actor: ImActor, commandId: string = randomUUID()): Promise<ImOutcome> {
    // Commands on one account run one at a time in this instance; other instances are kept out
    // by the expected revision.
    const previous = this.locks.get(accountId) ?? Promise.resolve();
    const run = previous.then(() => this.executeNow(accountId, command, actor, commandId));
    const settled = run.catch(() => undefined);
    this.locks.set(accountId, settled);
    void settled.then(() => {
      if (this.locks.get(accountId) === settled) this.locks.delete(accountId);
    });
    return run;
  }

  private async executeNow(accountId: string, command: ImCommand, actor: ImActor, commandId: string): Promise<ImOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = (attempt === 1 ? this.cache.get(accountId) : undefined) ?? (await this.load(accountId));
      const { events, effects } = decide(loaded.state, command);
      if (!events.length) return { events, effects, position: null, state: loaded.state };
      const at = new Date(command.at).toISOString();
      const records: NewEvent[] = events.map((e, i) => ({
        // The command id as the first event id makes a retried command a duplicate append.
        id: i === 0 ? commandId : randomUUID(),
        type: e.type,
        schemaVersion: IM_EVENT_SCHEMA_VERSION,
        data: e.data,
        metadata: { causationId: commandId, actor: { id: actor.id, name: actor.name }, at },
      }));
      try {
        const result = await this.store.append(imStream(accountId), records, { expectedRevision: loaded.revision ?? 'no_stream' });
        const state = events.reduce(evolve, loaded.state);
        this.remember(accountId, { state, revision: result.position });
        return { events, effects, position: result.position, state };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'IM state busy, try again');
  }

  private remember(accountId: string, loaded: Loaded) {
    this.cache.delete(accountId);
    this.cache.set(accountId, loaded);
    if (this.cache.size > CACHED_ACCOUNTS) this.cache.delete(this.cache.keys().next().value as string);
  }
}
