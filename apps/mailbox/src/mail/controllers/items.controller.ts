import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, mailCommands as c, mailQueries as q, querySubject } from '@gw/contracts';
import { MailCommands } from '../mail-commands';
import { MailReadModel } from '../mail.read-model';

/** Actions on messages, conversations and items; metadata and conversations. */
@Controller()
export class ItemsController {
  constructor(
    private readonly mail: MailCommands,
    private readonly readModel: MailReadModel,
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

  /** Bytes the mailbox uses (what the quota counts). */
  @MessagePattern(querySubject('mailbox', 'GetMailboxSize'))
  size(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetMailboxSize, async (_, principal) => ({ size: await this.readModel.mailboxSize(principal.id) }));
  }

  @MessagePattern(querySubject('mailbox', 'GetConversation'))
  conversation(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetConversation, (p, principal) => this.readModel.conversation(principal.id, p.id));
  }
}
