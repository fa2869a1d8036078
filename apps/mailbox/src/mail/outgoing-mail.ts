import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { BusRequest, DomainError, ErrorCode, Principal, SystemFolder } from '@gw/contracts';
import { MAILBOX_CONFIG } from '../infrastructure/tokens';
import { MailboxConfig } from '../infrastructure/config';
import { DirectoryAggregate } from '../directory/directory.aggregate';
import { findAccount, findDistributionList } from '../directory/domain/directory-state';
import { MailCommands, createdItem } from './mail-commands';
import { MessageContent } from './message-content';

/**
 * SendMsg: local recipients (accounts, aliases, distribution lists) get the message in their
 * Inbox, other domains get it through the SMTP relay, and the sender keeps a copy in Sent.
 * The relay goes first: if it refuses, nothing has been delivered or filed yet.
 */
@Injectable()
export class OutgoingMail implements OnModuleDestroy {
  private relay?: Transporter;

  constructor(
    private readonly mail: MailCommands,
    private readonly content: MessageContent,
    private readonly directory: DirectoryAggregate,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  onModuleDestroy(): void {
    this.relay?.close();
  }

  /** Local account names for an address, expanding distribution lists (nested, once each). */
  private localTargets(address: string, seen = new Set<string>()): string[] | null {
    const key = address.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    const state = this.directory.current;
    const account = findAccount(state, 'name', key);
    if (account) return [account.id];
    const dl = findDistributionList(state, 'name', key);
    if (dl) return dl.members.flatMap((m) => this.localTargets(m, seen) ?? []);
    const domain = key.split('@')[1];
    // An address in one of our domains that nobody owns is not sent anywhere else.
    if (domain && state.domainNames.has(domain)) throw new DomainError(ErrorCode.SEND_FAILURE, `invalid recipient: ${address}`, { address });
    return null;
  }

  async send(
    request: BusRequest,
    sender: Principal,
    p: { blob: string; recipients: string[]; saveToSent: boolean; draftId?: number; original?: { id: number; replyType: 'r' | 'w' } },
  ): Promise<{ messageId?: number; position: bigint | null }> {
    const local = new Set<string>();
    const external: string[] = [];
    for (const r of p.recipients) {
      const targets = this.localTargets(r.trim());
      if (targets === null) external.push(r.trim());
      else targets.forEach((t) => local.add(t));
    }
    const raw = await this.content.raw(p.blob);
    const { meta, size } = await this.content.meta(raw);
    if (external.length) await this.relayOut(sender.name, external, raw);
    const inbox = { type: 'AddMessage' as const, folderId: SystemFolder.INBOX, flags: 'u', tagNames: [], date: Date.now(), size, blob: p.blob, meta };
    let position: bigint | null = null;
    const track = <T extends { position: bigint | null }>(outcome: T): T => {
      if (outcome.position !== null && (position === null || outcome.position > position)) position = outcome.position;
      return outcome;
    };
    for (const accountId of local) {
      track(await this.mail.run(accountId, inbox, { ...request, id: `${request.id}:${accountId}` }, { id: sender.id, name: sender.name }));
    }
    let messageId: number | undefined;
    if (p.saveToSent) {
      const sent = track(await this.mail.run(sender.id, { ...inbox, folderId: SystemFolder.SENT, flags: 's' }, { ...request, id: `${request.id}:sent` }, sender));
      messageId = createdItem(sent, 'MessageAdded');
    }
    if (p.draftId !== undefined) {
      // The draft may already be gone (sent twice, deleted meanwhile), or have changed after the
      // client's change token (saved again elsewhere: MODIFY_CONFLICT, and that newer draft
      // stays). Either way sending succeeded.
      await this.mail
        .run(sender.id, { type: 'ItemAction', kind: 'message', op: 'delete', ids: [p.draftId] }, { ...request, id: `${request.id}:draft` }, sender)
        .then(track, () => undefined);
    }
    if (p.original) {
      // The original may be gone meanwhile: the message is sent all the same.
      const op = p.original.replyType === 'r' ? 'replied' : 'forwarded';
      await this.mail
        .run(sender.id, { type: 'ItemAction', kind: 'message', op, ids: [p.original.id] }, { ...request, id: `${request.id}:original` }, sender)
        .then(track, () => undefined);
    }
    return { messageId, position };
  }

  private async relayOut(from: string, to: string[], raw: Buffer): Promise<void> {
    if (!this.config.smtpRelay) {
      throw new DomainError(ErrorCode.SEND_FAILURE, `message not sent: no SMTP relay is configured for ${to.join(', ')} (set SMTP_RELAY)`);
    }
    this.relay ??= createTransport(this.config.smtpRelay);
    try {
      await this.relay.sendMail({ envelope: { from, to }, raw });
    } catch (error) {
      throw new DomainError(ErrorCode.SEND_FAILURE, `message not sent: the SMTP relay refused it: ${(error as Error).message}`);
    }
  }
}
