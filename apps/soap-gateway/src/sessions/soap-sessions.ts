import { Inject, Injectable } from '@nestjs/common';
import { ChangeKind, commandSubject, MailFolder, MailTag, querySubject, SessionTurnResult } from '@gw/contracts';
import { ResponseContextInit, SoapElement } from '@gw/soap';
import { LOGGER, Logger } from '@gw/nats-bus';
import { SoapCallContext } from '../soap/soap-handler';
import { WaiterRegistry } from '../waiting/waiter-registry';
import { notifyElement, refreshElement } from './notify-elements';
import { SOAP_GATEWAY_CONFIG, SoapGatewayConfig } from '../config';

/** Every kind of change wakes a waiting NoOp: sessions report folders, tags and IM too. */
const ANY_CHANGE: ChangeKind[] = ['a', 'c', 'm', 'f', 'i'];

/**
 * The session part of a response context: after the request's own work, one turn at the
 * notifier yields the session id, the change token, a refresh block for a new session and the
 * notify block. `NoOpRequest wait="1"` holds the response here until there is something to say.
 */
@Injectable()
export class SoapSessions {
  constructor(
    private readonly waiters: WaiterRegistry,
    @Inject(SOAP_GATEWAY_CONFIG) private readonly config: SoapGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async contextFor(ctx: SoapCallContext): Promise<ResponseContextInit> {
    const asked = ctx.soap.session;
    if (!asked || ctx.soap.noSession || !ctx.principal) return {};
    try {
      let turn = await this.turn(ctx);
      const wait = ctx.noopWait;
      if (wait && !turn.notify && !turn.isNew && !ctx.soap.nonotify) turn = await this.waitForNotifications(ctx, ctx.principal.id, wait, turn);
      const notify = turn.notify;
      return {
        sessionId: turn.sessionId,
        ...(ctx.port === 'admin' ? { sessionType: 'admin' } : {}),
        changeToken: Number(turn.changeToken),
        extra: [...(turn.isNew && ctx.port === 'user' ? [await this.refresh(ctx)] : []), ...(notify ? [notifyElement(notify.seq, notify.changes, notify.im)] : [])],
      };
    } catch (error) {
      // The request itself succeeded (and may have written): answer it, and let the session
      // catch up on the next request rather than make the client retry a write.
      this.logger.warn({ err: error }, 'session turn failed; answering without session information');
      return {};
    }
  }

  /**
   * `NoOpRequest wait="1"`: holds the response until the session has something to say, a newer
   * NoOp takes over, or the timeout passes. A change that turns out to notify nothing (an IM
   * commit such as the account's own idleness) does not end the wait: it goes on for the rest of
   * the timeout, after what the session has now seen.
   */
  private async waitForNotifications(ctx: SoapCallContext, accountId: string, wait: NonNullable<SoapCallContext['noopWait']>, first: SessionTurnResult): Promise<SessionTurnResult> {
    const keys = [`noop-session.${first.sessionId}`, ...(wait.limitToOneBlocked ? [`noop-user.${accountId}`] : [])];
    const waiterId = this.waiters.supersede(keys);
    const deadline = Date.now() + this.noopTimeout(wait.requestedMs);
    let turn = first;
    for (;;) {
      const after = BigInt(turn.seen ?? turn.changeToken);
      const outcome = await this.waiters.wait({ accounts: [{ id: accountId, types: ANY_CHANGE, after }] }, deadline - Date.now(), { waiterId, cancelKeys: keys });
      if (outcome.kind === 'canceled' && outcome.key.startsWith('noop-user.')) wait.disallowed = true;
      if (outcome.kind !== 'changed') return turn;
      const woken = outcome.accounts[outcome.accounts.length - 1].position;
      turn = await this.turn(ctx, turn.sessionId, woken);
      if (turn.notify || turn.isNew || Date.now() >= deadline) return turn;
      // Waiting on needs a threshold past the change that woke us; without one, answer now.
      if (turn.seen === undefined || BigInt(turn.seen) < woken) return turn;
    }
  }

  /** The client's timeout within the server's range, as Zimbra's NoOp does. */
  private noopTimeout(requestedMs: number | undefined): number {
    const range = this.config.noopTimeout;
    if (requestedMs === undefined) return range.defaultMs;
    return Math.min(range.maxMs, Math.max(range.minMs, requestedMs));
  }

  private turn(ctx: SoapCallContext, sessionId = ctx.soap.session?.id, wokenAt?: bigint): Promise<SessionTurnResult> {
    return ctx.call<SessionTurnResult>(commandSubject('notifier', 'SessionTurn'), {
      ...(sessionId ? { sessionId } : {}),
      ...(wokenAt !== undefined ? { wokenAt: wokenAt.toString() } : {}),
      ...(ctx.soap.session?.seq !== undefined ? { ack: ctx.soap.session.seq } : {}),
      // Admin sessions carry no mailbox notifications.
      nonotify: Boolean(ctx.soap.nonotify) || ctx.port === 'admin',
    });
  }

  private async refresh(ctx: SoapCallContext): Promise<SoapElement> {
    const [tree, tags, size] = await Promise.all([
      ctx.call<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {}),
      ctx.call<MailTag[]>(querySubject('mailbox', 'GetTags'), {}),
      ctx.call<{ size: number }>(querySubject('mailbox', 'GetMailboxSize'), {}),
    ]);
    return refreshElement(tree.folders, tags, size.size);
  }
}
