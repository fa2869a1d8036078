import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEVICE_EVENT_SCHEMA_VERSION, DeviceActor, DeviceEvent, devicesStream, DomainError, ErrorCode } from '@gw/contracts';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@gw/event-store';
import { EVENT_STORE } from '@gw/service-infra';
import { AccountDevices, evolve, noDevices } from '../domain/device-state';
import { decide } from '../domain/decide';
import { DeviceCommand, DeviceDecideContext } from '../domain/device-command';

interface Loaded {
  state: AccountDevices;
  revision: bigint | null;
}

export interface DeviceOutcome {
  events: DeviceEvent[];
  /** Position of the commit, or null when the command changed nothing. */
  position: bigint | null;
  state: AccountDevices;
}

const MAX_ATTEMPTS = 8;
const CACHED_ACCOUNTS = 5000;

/**
 * The devices of each account at run time: one stream per account, folded on demand and kept in
 * a bounded cache. A command is decided on the cached state and appended with the stream's
 * revision as the expected one; a clash (another instance wrote) means catch up and decide again.
 */
@Injectable()
export class DevicesRepository {
  private readonly cache = new Map<string, Loaded>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The account's devices as of now (caught up with the store). */
  async load(accountId: string): Promise<Loaded> {
    const cached = this.cache.get(accountId) ?? { state: noDevices(), revision: null };
    const { events, revision } = await this.store.readStream(devicesStream(accountId), { after: cached.revision ?? 0n });
    let state = cached.state;
    for (const e of events) state = evolve(state, { type: e.type, data: e.data } as DeviceEvent);
    const loaded = { state, revision: revision ?? cached.revision };
    this.remember(accountId, loaded);
    return loaded;
  }

  execute(accountId: string, command: DeviceCommand, ctx: DeviceDecideContext, actor: DeviceActor, commandId: string = randomUUID()): Promise<DeviceOutcome> {
    // Commands on one account run one at a time in this instance; other instances are kept
    // out by the expected revision.
    const previous = this.locks.get(accountId) ?? Promise.resolve();
    const run = previous.then(() => this.executeNow(accountId, command, ctx, actor, commandId));
    const settled = run.catch(() => undefined);
    this.locks.set(accountId, settled);
    void settled.then(() => {
      if (this.locks.get(accountId) === settled) this.locks.delete(accountId);
    });
    return run;
  }

  private async executeNow(accountId: string, command: DeviceCommand, ctx: DeviceDecideContext, actor: DeviceActor, commandId: string): Promise<DeviceOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Optimistic: the cached state is usually current; the expected revision catches it when not.
      const loaded = (attempt === 1 ? this.cache.get(accountId) : undefined) ?? (await this.load(accountId));
      const events = decide(loaded.state, command, ctx);
      if (!events.length) return { events, position: null, state: loaded.state };
      const at = new Date(command.at).toISOString();
      const records: NewEvent[] = events.map((e, i) => ({
        // The command id as the first event id makes a retried command a duplicate append.
        id: i === 0 ? commandId : randomUUID(),
        type: e.type,
        schemaVersion: DEVICE_EVENT_SCHEMA_VERSION,
        data: e.data,
        metadata: { causationId: commandId, actor: { id: actor.id, name: actor.name }, at },
      }));
      try {
        const result = await this.store.append(devicesStream(accountId), records, { expectedRevision: loaded.revision ?? 'no_stream' });
        const state = events.reduce(evolve, loaded.state);
        this.remember(accountId, { state, revision: result.position });
        return { events, position: result.position, state };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'devices busy, try again');
  }

  private remember(accountId: string, loaded: Loaded) {
    this.cache.delete(accountId);
    this.cache.set(accountId, loaded);
    if (this.cache.size > CACHED_ACCOUNTS) this.cache.delete(this.cache.keys().next().value as string);
  }
}
