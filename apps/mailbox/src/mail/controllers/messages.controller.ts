import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, DomainError, ErrorCode, mailCommands as c, mailQueries as q, MessageDetail, querySubject, SystemFolder } from '@gw/contracts';
import { createdItem, MailCommands } from '../mail-commands';
import { MailReadModel } from '../mail.read-model';
import { MessageContent } from '../message-content';
import { OutgoingMail } from '../outgoing-mail';
import { DirectoryAggregate } from '../../directory/directory.aggregate';
import { findAccount } from '../../directory/domain/directory-state';

/** Adding, reading and delivering messages. */
@Controller()
export class MessagesController {
  constructor(
    private readonly mail: MailCommands,
    private readonly readModel: MailReadModel,
    private readonly content: MessageContent,
    private readonly outgoing: OutgoingMail,
  ) {}

  private async summary(accountId: string, id: number | undefined) {
    if (id === undefined) throw new DomainError(ErrorCode.FAILURE, 'system failure: no message was created');
    const { blob: _blob, ...summary } = await this.readModel.requireMessage(accountId, id);
    return summary;
  }

  @MessagePattern(commandSubject('mailbox', 'AddMessage'))
  add(@Payload() raw: unknown) {
    return this.mail.command(
      raw,
      c.AddMessage,
      async (p) => {
        const { meta, size } = await this.content.meta(await this.content.raw(p.blob));
        return { type: 'AddMessage', folderId: p.folderId, flags: p.flags, tagNames: p.tagNames, tagIds: p.tagIds, date: p.date ?? meta.sentDate ?? Date.now(), size, blob: p.blob, meta };
      },
      (_, outcome, principal) => this.summary(principal.id, createdItem(outcome, 'MessageAdded')),
    );
  }

  @MessagePattern(commandSubject('mailbox', 'SaveDraft'))
  saveDraft(@Payload() raw: unknown) {
    return this.mail.command(
      raw,
      c.SaveDraft,
      async (p) => {
        const { meta, size } = await this.content.meta(await this.content.raw(p.blob));
        return { type: 'SaveDraft', ...(p.id !== undefined ? { id: p.id } : {}), date: Date.now(), size, blob: p.blob, meta };
      },
      (p, outcome, principal) => this.summary(principal.id, p.id ?? createdItem(outcome, 'MessageAdded')),
    );
  }

  @MessagePattern(commandSubject('mailbox', 'SendMessage'))
  send(@Payload() raw: unknown) {
    return this.mail.compound(raw, c.SendMessage, async (p, principal, request) => {
      const { messageId, position } = await this.outgoing.send(request, principal, p);
      return { result: messageId !== undefined ? await this.summary(principal.id, messageId) : {}, position };
    });
  }

  /** GetMsg: the summary, the part tree with the body inlined, requested headers; read="1" marks it read. */
  @MessagePattern(querySubject('mailbox', 'GetMessage'))
  get(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetMessage, async (p, principal, request) => {
      let message = await this.readModel.requireMessage(principal.id, p.id);
      if (p.markRead && message.flags.includes('u')) {
        await this.mail.run(principal.id, { type: 'ItemAction', kind: 'message', op: 'read', ids: [p.id] }, request, principal);
        message = await this.readModel.requireMessage(principal.id, p.id);
      }
      const { blob, ...summary } = message;
      const rawMime = await this.content.raw(blob);
      if (p.part) {
        const part = await this.content.part(rawMime, p.part);
        return { ...summary, part: { part: p.part, contentType: part.contentType, filename: part.filename, content: part.content.toString('base64') } };
      }
      const detail = await this.content.detail(rawMime, { html: p.html, headers: p.headers, allHeaders: p.allHeaders });
      return { ...summary, ...detail } satisfies MessageDetail;
    });
  }
}

/** Incoming mail: the SMTP/LMTP listeners ask who an address belongs to and deliver to it. */
@Controller()
export class DeliveryController {
  constructor(
    private readonly mail: MailCommands,
    private readonly content: MessageContent,
    private readonly directory: DirectoryAggregate,
  ) {}

  @MessagePattern(querySubject('mailbox', 'ResolveRecipient'))
  resolve(@Payload() raw: unknown) {
    return this.mail.service(raw, q.ResolveRecipient, async (p) => {
      const account = findAccount(this.directory.current, 'name', p.address);
      const active = account && (account.attrs.zimbraAccountStatus?.[0] ?? 'active') === 'active';
      return active ? { accountId: account.id, name: account.name } : null;
    });
  }

  @MessagePattern(commandSubject('mailbox', 'DeliverMessage'))
  deliver(@Payload() raw: unknown) {
    return this.mail.service(raw, c.DeliverMessage, async (p, request) => {
      const account = findAccount(this.directory.current, 'name', p.recipient);
      if (!account) throw new DomainError(ErrorCode.NO_SUCH_ACCOUNT, `no such account: ${p.recipient}`, { name: p.recipient });
      const { meta, size } = await this.content.meta(await this.content.raw(p.blob));
      const outcome = await this.mail.run(
        account.id,
        { type: 'AddMessage', folderId: SystemFolder.INBOX, flags: 'u', tagNames: [], date: Date.now(), size, blob: p.blob, meta },
        request,
        { id: 'smtp', name: 'smtp' },
      );
      return { messageId: createdItem(outcome, 'MessageAdded'), position: outcome.position?.toString() };
    });
  }
}
