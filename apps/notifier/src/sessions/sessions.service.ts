import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError, MailChanges, NotifierCommand, Principal, SessionTurnResult, querySubject } from '@gw/contracts';
import { BusClient } from '@gw/nats-bus';
import { ChangeTracker } from '../changes/change-tracker';
import { SessionStore, validSessionId } from './session-store';
import { acknowledge, newSession, pendingSince, recordBlock } from './session';

/**
 * SOAP sessions: after each request that asked for one, a turn creates or resumes the session,
 * takes the acknowledgement and hands back the notify block. The notifier knows *that* a
 * mailbox changed; what changed, with current item data, comes from the mailbox service.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly changes: ChangeTracker,
    private readonly bus: BusClient,
  ) {}

  async turn(principal: Principal, p: NotifierCommand<'SessionTurn'>, minPosition: string | undefined): Promise<SessionTurnResult> {
    // The request's own writes belong in this turn's notify block.
    await this.changes.waitFor(minPosition);
    const revision = await this.changes.revisionOf(principal.id);
    const askedFor = p.sessionId && validSessionId(p.sessionId) ? p.sessionId : newSessionId();
    return this.store.update<SessionTurnResult>(askedFor, async (current) => {
      // An expired id, or one of another account's sessions, gets a fresh session (and a refresh).
      if (!current || current.accountId !== principal.id) {
        const record = newSession(p.sessionId ? newSessionId() : askedFor, principal.id, revision, p.nonotify);
        return { record, result: { sessionId: record.id, isNew: true, changeToken: revision.toString() } };
      }
      let record = acknowledge(current, p.ack);
      if (p.nonotify) record = { ...record, nonotify: true };
      const since = pendingSince(record, revision);
      if (since === null) return { record, result: { sessionId: record.id, isNew: false, changeToken: revision.toString() } };
      const changes = await this.changesSince(principal, since, minPosition);
      const reached = BigInt(changes.revision);
      const block = recordBlock(record, reached);
      const token = reached > revision ? reached : revision;
      return {
        record: block.session,
        result: { sessionId: record.id, isNew: false, changeToken: token.toString(), notify: { seq: block.seq, changes } },
      };
    });
  }

  private async changesSince(principal: Principal, since: bigint, minPosition: string | undefined): Promise<MailChanges> {
    const reply = await this.bus.request<MailChanges>(querySubject('mailbox', 'GetChanges'), { since: since.toString() }, { principal, minPosition });
    if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message, reply.error.args);
    return reply.result;
  }
}

const newSessionId = () => randomBytes(9).toString('base64url');
