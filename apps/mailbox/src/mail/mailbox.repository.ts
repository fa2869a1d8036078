import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, MAIL_EVENT_SCHEMA_VERSION, MailEvent, mailboxStream, Principal } from '@gw/contracts';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@gw/event-store';
import { EVENT_STORE } from '@gw/service-infra';
import { emptyMailbox, evolve, MailboxState } from './domain/mailbox-state';
import { decideMailbox, MailboxCommand, MailDecideContext } from './domain/decide';

interface Loaded {
  state: MailboxState;
  revision: bigint | null;
}

const MAX_ATTEMPTS = 8;
const CACHED_MAILBOXES = 2000;

export interface MailOutcome {
  events: MailEvent[];
  position: bigint | null;
  state: MailboxState;
}

/**
 * Mailboxes at run time: one stream each, folded on demand and kept in a bounded cache. A
 * command catches the cached state up with whatever other instances appended, decides, and
 * appends with the mailbox's revision as the expected one; a clash means catch up and retry.
 */
@Injectable()
export class MailboxRepository {
  private readonly cache = new Map<string, Loaded>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The mailbox as of now (caught up with the store). */
  async load(accountId: string): Promise<Loaded> {
    const cached = this.cache.get(accountId) ?? { state: emptyMailbox(), revision: null };
    const { events, revision } = await this.store.readStream(mailboxStream(accountId), { after: cached.revision ?? 0n });
    for (const e of events) evolve(cached.state, { type: e.type, data: e.data } as MailEvent, e.position);
    if (revision !== null) cached.revision = revision;
    this.remember(accountId, cached);
    return cached;
  }

  execute(accountId: string, command: MailboxCommand, ctx: MailDecideContext, actor: Principal | { id: string; name: string }, commandId: string = randomUUID()): Promise<MailOutcome> {
    // Commands on one mailbox run one at a time in this instance; other instances are kept
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

  private async executeNow(accountId: string, command: MailboxCommand, ctx: MailDecideContext, actor: { id: string; name: string }, commandId: string): Promise<MailOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Optimistic: decide on the cached mailbox and let the expected revision catch a stale
      // cache; only a cold cache or a clash costs a read of the stream.
      const cached = attempt === 1 ? this.cache.get(accountId) : undefined;
      const loaded = cached ?? (await this.load(accountId));
      const creating: MailEvent[] = loaded.state.exists ? [] : [{ type: 'MailboxCreated', data: { accountId } }];
      // Decide against the state the mailbox would have once created. Its commit's position is
      // not known yet; 0 stands in, which no change token can be older than.
      const base = creating.length ? evolve(emptyMailbox(), creating[0], 0n) : loaded.state;
      const decided = decideMailbox(base, command, ctx);
      if (!decided.length) return { events: [], position: null, state: loaded.state };
      const events = [...creating, ...decided];
      const at = new Date().toISOString();
      const records: NewEvent[] = events.map((e, i) => ({
        id: i === 0 ? commandId : randomUUID(),
        type: e.type,
        schemaVersion: MAIL_EVENT_SCHEMA_VERSION,
        data: e.data,
        metadata: { causationId: commandId, actor: { id: actor.id, name: actor.name }, at },
      }));
      try {
        const result = await this.store.append(mailboxStream(accountId), records, { expectedRevision: loaded.revision ?? 'no_stream' });
        if (creating.length) loaded.state = evolve(emptyMailbox(), creating[0], result.position);
        for (const e of decided) evolve(loaded.state, e, result.position);
        loaded.revision = result.position;
        return { events, position: result.position, state: loaded.state };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'mailbox busy, try again');
  }

  private remember(accountId: string, loaded: Loaded) {
    this.cache.delete(accountId);
    this.cache.set(accountId, loaded);
    if (this.cache.size > CACHED_MAILBOXES) this.cache.delete(this.cache.keys().next().value as string);
  }
}
