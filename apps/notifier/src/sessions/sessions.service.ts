import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError, ImNotification, ImNotifications, imQuerySubject, MailChanges, NotifierCommand, Principal, SessionTurnResult, querySubject } from '@gw/contracts';
import { BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { AccountRevisions, ChangeTracker } from '../changes/change-tracker';
import { NOTIFIER_CONFIG } from '../infrastructure/tokens';
import { NotifierConfig } from '../infrastructure/config';
import { SessionStore, validSessionId } from './session-store';
import { acknowledge, deliveredRevision, newSession, passQuietly, pendingSince, reachOf, recordBlock, SessionRecord, SourceReach } from './session';
import { imNotificationsSince } from './im-pages';

/** What a block holds: the mailbox's changes and the IM notifications after `since`, and how far that reaches. */
interface BlockContent {
  changes: MailChanges;
  /** The mailbox moved after `since` (otherwise `changes` is empty). */
  mailMoved: boolean;
  im: ImNotification[];
  reached: bigint;
}

/**
 * SOAP sessions: after each request that asked for one, a turn creates or resumes the session,
 * takes the acknowledgement and hands back the notify block. The notifier knows *that* a
 * mailbox or an IM stream changed; what changed comes from the mailbox service (current item
 * data) and from im-presence (the IM notifications). Both are positions in one event store, so
 * one acknowledged revision covers mail and IM.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly changes: ChangeTracker,
    private readonly bus: BusClient,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async turn(principal: Principal, p: NotifierCommand<'SessionTurn'>, minPosition: string | undefined): Promise<SessionTurnResult> {
    // The request's own writes belong in this turn's notify block, and so does the change that
    // woke a waiting NoOp.
    await this.changes.waitFor(later(minPosition, p.wokenAt));
    // Read before the revisions: nothing of the account's after them and up to `known` escaped us.
    const known = this.changes.position();
    const revisions = await this.changes.revisionsOf(principal.id);
    const current = revisions.mailbox > revisions.im ? revisions.mailbox : revisions.im;
    const changeToken = revisions.mailbox.toString();
    const askedFor = p.sessionId && validSessionId(p.sessionId) ? p.sessionId : newSessionId();
    return this.store.update<SessionTurnResult>(askedFor, async (stored) => {
      // An expired id, or one of another account's sessions, gets a fresh session (and a refresh).
      if (!stored || stored.accountId !== principal.id) {
        const record = newSession(p.sessionId ? newSessionId() : askedFor, principal.id, current, p.nonotify);
        return { record, result: { sessionId: record.id, isNew: true, changeToken, seen: record.acked } };
      }
      let record = acknowledge(stored, p.ack);
      if (p.nonotify) record = { ...record, nonotify: true };
      const quiet = (r: SessionRecord) => ({ record: r, result: { sessionId: r.id, isNew: false, changeToken, seen: max(deliveredRevision(r), current).toString() } });
      const since = pendingSince(record, current);
      if (since === null) return quiet(record);
      const block = await this.contentSince(principal, since, revisions, known, minPosition);
      if (!block.mailMoved && !block.im.length) return quiet(passQuietly(record, block.reached));
      const sent = recordBlock(record, block.reached);
      const token = max(BigInt(block.changes.revision), revisions.mailbox).toString();
      const notify = { seq: sent.seq, changes: block.changes, ...(block.im.length ? { im: block.im } : {}) };
      return { record: sent.session, result: { sessionId: record.id, isNew: false, changeToken: token, seen: block.reached.toString(), notify } };
    });
  }

  /** Fetches both halves at once: mail changes only if the mailbox moved, IM notifications only if the IM stream did. */
  private async contentSince(principal: Principal, since: bigint, revisions: AccountRevisions, known: bigint, minPosition: string | undefined): Promise<BlockContent> {
    const mailMoved = revisions.mailbox > since;
    const [changes, im] = await Promise.all([
      mailMoved ? this.changesSince(principal, since, minPosition) : noMailChanges(revisions.mailbox),
      revisions.im > since
        ? imNotificationsSince((after, limit) => this.imPage(principal, after, limit, revisions.im), since, revisions.im)
        : { notifications: [], reach: { revision: revisions.im, complete: true } },
    ]);
    // The mailbox service reads the mailbox's own stream: complete up to its revision and beyond.
    const mail: SourceReach = { revision: max(BigInt(changes.revision), revisions.mailbox), complete: true };
    return { changes, mailMoved, im: im.notifications, reached: reachOf(since, known, [mail, im.reach]) };
  }

  private async changesSince(principal: Principal, since: bigint, minPosition: string | undefined): Promise<MailChanges> {
    const reply = await this.bus.request<MailChanges>(querySubject('mailbox', 'GetChanges'), { since: since.toString() }, { principal, minPosition });
    if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message, reply.error.args);
    return reply.result;
  }

  /**
   * One page of the account's IM notifications, once im-presence's read model has seen the IM
   * stream up to `imRevision`. Null when it does not answer in time: the turn goes on with the
   * mail, and the IM notifications wait for a later turn.
   */
  private async imPage(principal: Principal, since: bigint, limit: number, imRevision: bigint): Promise<ImNotifications | null> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.config.imNotificationsTimeoutMs)));
    try {
      const reply = await Promise.race([
        this.bus.request<ImNotifications>(imQuerySubject('GetImNotifications'), { since: since.toString(), limit }, { principal, minPosition: imRevision.toString() }),
        timedOut,
      ]);
      if (reply?.ok) return reply.result;
      this.logger.warn({ account: principal.id, error: reply ? reply.error : 'timeout' }, 'IM notifications unavailable; they stay pending');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

const newSessionId = () => randomBytes(9).toString('base64url');
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** The later of two optional positions. */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return BigInt(a) > BigInt(b) ? a : b;
}

/** The mail half of an IM-only block: nothing, at the mailbox's revision. */
const noMailChanges = (revision: bigint): MailChanges => ({
  revision: revision.toString(),
  created: { folders: [], tags: [], messages: [], conversations: [] },
  modified: { folders: [], tags: [], messages: [], conversations: [] },
  deleted: [],
});
