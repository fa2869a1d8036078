import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAIL_EVENT_SCHEMA_VERSION, MailEvent, mailboxStream, Principal } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { AggregateOutcome, AggregateRepository, EVENT_STORE } from '@gw/service-infra';
import { emptyMailbox, evolve, MailboxState } from './domain/mailbox-state';
import { decideMailbox, MailboxCommand, MailDecideContext } from './domain/decide';

export type MailOutcome = AggregateOutcome<MailboxState, MailEvent>;

/**
 * Mailboxes at run time: one stream each, folded on demand and kept in a bounded cache (see
 * AggregateRepository for loading and the concurrency). A mailbox is created by the first
 * command that changes it, with a MailboxCreated event in the same commit.
 */
@Injectable()
export class MailboxRepository extends AggregateRepository<MailboxState, MailEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      streamName: mailboxStream,
      initialState: emptyMailbox,
      // Folds in place; the commit's revision becomes the items' change sequence.
      evolve,
      schemaVersion: MAIL_EVENT_SCHEMA_VERSION,
      cacheSize: 2000,
      busyMessage: 'mailbox busy, try again',
    });
  }

  execute(accountId: string, command: MailboxCommand, ctx: MailDecideContext, actor: Principal | { id: string; name: string }, commandId: string = randomUUID()): Promise<MailOutcome> {
    return this.handle(
      accountId,
      (state) => {
        const creating: MailEvent[] = state.exists ? [] : [{ type: 'MailboxCreated', data: { accountId } }];
        // Decide against the state the mailbox would have once created. Its commit's position is
        // not known yet; 0 stands in, which no change token can be older than.
        const base = creating.length ? evolve(emptyMailbox(), creating[0], 0n) : state;
        const decided = decideMailbox(base, command, ctx);
        return decided.length ? [...creating, ...decided] : [];
      },
      { commandId, actor },
    );
  }
}
