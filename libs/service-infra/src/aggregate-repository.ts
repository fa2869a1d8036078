import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@gw/contracts';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@gw/event-store';

/** An event as the domain sees it: a type and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** An aggregate's folded state with the stream revision it is folded up to (null: no stream yet). */
export interface LoadedAggregate<State> {
  state: State;
  revision: bigint | null;
}

/** What a command did: its events, the commit's position (null when nothing changed) and the state after it. */
export interface AggregateOutcome<State, Event> {
  events: Event[];
  position: bigint | null;
  state: State;
}

/** Who issued a command and when; recorded on every event it produces. */
export interface CommandMetadata {
  /** The first event's id, so that a retried command appends a duplicate; also the causation id. */
  commandId?: string;
  actor: { id: string; name: string };
  /** When the command happened; by default the time of each attempt. */
  at?: string | number | Date;
}

export interface AggregateRepositoryOptions<State, Event extends DomainEvent> {
  /** The stream of an aggregate. */
  streamName(id: string): string;
  /** The state of an aggregate without events. */
  initialState(): State;
  /** Applies one event, committed at the given revision; may update the state in place and return it. */
  evolve(state: State, event: Event, revision: bigint): State;
  /** The schema version the events are written with. */
  schemaVersion: number;
  /** How many aggregates to keep folded in memory. */
  cacheSize: number;
  /** The message of the TEMPORARILY_UNAVAILABLE error when clashes go on. */
  busyMessage: string;
  /** How many times to decide before giving up; 8 by default. */
  maxAttempts?: number;
}

/**
 * Event-sourced aggregates at run time, in the manner of Emmett's command handler: one stream per
 * aggregate, folded on demand and kept in a bounded cache. A command is decided on the cached
 * state and appended with the stream's revision as the expected one (`'no_stream'` for a new
 * one); a clash (another instance wrote) means catch up with the stream and decide again. Commands
 * on one aggregate run one at a time in this instance.
 */
export class AggregateRepository<State, Event extends DomainEvent> {
  private readonly cache = new Map<string, LoadedAggregate<State>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly options: AggregateRepositoryOptions<State, Event>,
  ) {}

  /** The aggregate as of now (caught up with the store). */
  async load(id: string): Promise<LoadedAggregate<State>> {
    const cached = this.cache.get(id) ?? { state: this.options.initialState(), revision: null };
    const { events, revision } = await this.store.readStream(this.options.streamName(id), { after: cached.revision ?? 0n });
    let state = cached.state;
    for (const e of events) state = this.options.evolve(state, { type: e.type, data: e.data } as Event, e.position);
    const loaded = { state, revision: revision ?? cached.revision };
    this.remember(id, loaded);
    return loaded;
  }

  /**
   * Decides on the aggregate's state and appends what was decided. `decide` may run more than
   * once (after a clash), each time on a fresher state; no events means nothing to do.
   */
  handle(id: string, decide: (state: State) => Event[], metadata: CommandMetadata): Promise<AggregateOutcome<State, Event>> {
    // Other instances are kept out by the expected revision.
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.then(() => this.handleNow(id, decide, metadata));
    const settled = run.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return run;
  }

  private async handleNow(id: string, decide: (state: State) => Event[], metadata: CommandMetadata): Promise<AggregateOutcome<State, Event>> {
    const { evolve, schemaVersion } = this.options;
    const commandId = metadata.commandId ?? randomUUID();
    const actor = { id: metadata.actor.id, name: metadata.actor.name };
    for (let attempt = 1; attempt <= (this.options.maxAttempts ?? 8); attempt++) {
      // Optimistic: the cached state is usually current; the expected revision catches it when
      // not. Only a cold cache or a clash costs a read of the stream.
      const loaded = (attempt === 1 ? this.cache.get(id) : undefined) ?? (await this.load(id));
      const events = decide(loaded.state);
      if (!events.length) return { events, position: null, state: loaded.state };
      const at = new Date(metadata.at ?? Date.now()).toISOString();
      const records: NewEvent[] = events.map((e, i) => ({
        // The command id as the first event id makes a retried command a duplicate append.
        id: i === 0 ? commandId : randomUUID(),
        type: e.type,
        schemaVersion,
        data: e.data,
        metadata: { causationId: commandId, actor, at },
      }));
      try {
        const result = await this.store.append(this.options.streamName(id), records, { expectedRevision: loaded.revision ?? 'no_stream' });
        const state = events.reduce((s, e) => evolve(s, e, result.position), loaded.state);
        this.remember(id, { state, revision: result.position });
        return { events, position: result.position, state };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, this.options.busyMessage);
  }

  private remember(id: string, loaded: LoadedAggregate<State>) {
    this.cache.delete(id);
    this.cache.set(id, loaded);
    if (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}
