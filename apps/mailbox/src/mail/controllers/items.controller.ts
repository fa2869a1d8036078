import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, DomainError, ErrorCode, mailCommands as c, mailQueries as q, querySubject } from '@gw/contracts';
import { MailCommands } from '../mail-commands';
import { MailReadModel } from '../mail.read-model';
import { MailChangesService } from '../mail-changes.service';

/** Actions on messages, conversations and items; metadata, conversations and changes. */
@Controller()
export class ItemsController {
  constructor(
    private readonly mail: MailCommands,
    private readonly readModel: MailReadModel,
    private readonly changes: MailChangesService,
  ) {}

  @MessagePattern(commandSubject('mailbox', 'ItemAction'))
  itemAction(@Payload() raw: unknown) {
    return this.mail.command(raw, c.ItemAction, (p) => ({ type: 'ItemAction', ...p }), (p) => ({ ids: p.ids }));
  }

  @MessagePattern(querySubject('mailbox', 'GetMessagesMetadata'))
  metadata(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetMessagesMetadata, async (p, principal) => {
      const found = await this.readModel.messages(principal.id, p.ids);
      return found.map(({ blob: _blob, ...summary }) => summary);
    });
  }

  /** GetItem: whichever folder, tag or message the id or path names (mail.NO_SUCH_ITEM otherwise). */
  @MessagePattern(querySubject('mailbox', 'GetItem'))
  item(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetItem, async (p, principal) => {
      const folders = await this.readModel.folders(principal.id);
      if (p.path !== undefined) {
        const base = p.folderId !== undefined ? folders.find((f) => f.id === p.folderId)?.path : '/';
        const relative = p.path.replace(/^\/+|\/+$/g, '');
        const full = (p.path.startsWith('/') || base === undefined ? `/${relative}` : `${base === '/' ? '' : base}/${relative}`).toLowerCase();
        const folder = folders.find((f) => f.path.toLowerCase() === (full === '/' ? '/' : full));
        if (folder) return { kind: 'folder', folder };
      } else if (p.id !== undefined) {
        const folder = folders.find((f) => f.id === p.id);
        if (folder) return { kind: 'folder', folder };
        const tag = (await this.readModel.tags(principal.id)).find((t) => t.id === p.id);
        if (tag) return { kind: 'tag', tag };
        const [message] = await this.readModel.messages(principal.id, [p.id]);
        if (message) {
          const { blob: _blob, ...summary } = message;
          return { kind: 'message', message: summary };
        }
      } else {
        throw new DomainError(ErrorCode.INVALID_REQUEST, 'invalid request: specify an item id or a path');
      }
      throw new DomainError(ErrorCode.NO_SUCH_ITEM, `no such item: ${p.id ?? p.path}`, { id: String(p.id ?? p.path) });
    });
  }

  /** Bytes the mailbox uses (what the quota counts). */
  @MessagePattern(querySubject('mailbox', 'GetMailboxSize'))
  size(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetMailboxSize, async (_, principal) => ({ size: await this.readModel.mailboxSize(principal.id) }));
  }

  @MessagePattern(querySubject('mailbox', 'GetConversation'))
  conversation(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetConversation, (p, principal) => this.readModel.conversation(principal.id, p.id));
  }

  /** What changed after a revision (the body of SOAP `<notify>` blocks), or only the current revision. */
  @MessagePattern(querySubject('mailbox', 'GetChanges'))
  changesSince(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetChanges, (p, principal) => this.changes.since(principal.id, p.since));
  }
}
