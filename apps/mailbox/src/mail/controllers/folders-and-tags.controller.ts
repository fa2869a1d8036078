import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, mailCommands as c, mailQueries as q, querySubject, DomainError, ErrorCode, MailFolder } from '@gw/contracts';
import { createdItem, MailCommands } from '../mail-commands';
import { MailReadModel } from '../mail.read-model';

/** Folders and tags of the caller's mailbox. */
@Controller()
export class FoldersAndTagsController {
  constructor(
    private readonly mail: MailCommands,
    private readonly readModel: MailReadModel,
  ) {}

  @MessagePattern(commandSubject('mailbox', 'CreateFolder'))
  createFolder(@Payload() raw: unknown) {
    return this.mail.command(
      raw,
      c.CreateFolder,
      (p) => ({ type: 'CreateFolder', ...p }),
      async (p, outcome, principal) => {
        const folders = await this.readModel.folders(principal.id);
        const id = createdItem(outcome, 'FolderCreated');
        // fetchIfExists: the existing folder of that name is the answer.
        return folders.find((f) => (id !== undefined ? f.id === id : f.parentId === p.parentId && f.name.toLowerCase() === p.name.trim().toLowerCase()));
      },
    );
  }

  @MessagePattern(commandSubject('mailbox', 'FolderAction'))
  folderAction(@Payload() raw: unknown) {
    return this.mail.command(raw, c.FolderAction, (p) => ({ type: 'FolderAction', ...p }), (p) => ({ ids: p.ids }));
  }

  /** The folder tree (flat; the gateway nests it), optionally from a given folder down. */
  @MessagePattern(querySubject('mailbox', 'GetFolders'))
  getFolders(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetFolders, async (p, principal) => {
      const folders = await this.readModel.folders(principal.id);
      let root: MailFolder | undefined = folders.find((f) => f.id === 1);
      if (p.rootId !== undefined) root = folders.find((f) => f.id === p.rootId);
      if (p.rootPath !== undefined) {
        const path = `/${p.rootPath.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
        root = folders.find((f) => f.path.toLowerCase() === path);
      }
      if (!root) throw new DomainError(ErrorCode.NO_SUCH_FOLDER, `no such folder: ${p.rootId ?? p.rootPath}`);
      return { rootId: root.id, folders };
    });
  }

  @MessagePattern(commandSubject('mailbox', 'CreateTag'))
  createTag(@Payload() raw: unknown) {
    return this.mail.command(
      raw,
      c.CreateTag,
      (p) => ({ type: 'CreateTag', ...p }),
      async (_, outcome, principal) => (await this.readModel.tags(principal.id)).find((t) => t.id === createdItem(outcome, 'TagCreated')),
    );
  }

  @MessagePattern(commandSubject('mailbox', 'TagAction'))
  tagAction(@Payload() raw: unknown) {
    return this.mail.command(raw, c.TagAction, (p) => ({ type: 'TagAction', ...p }), (p) => ({ ids: p.ids }));
  }

  @MessagePattern(querySubject('mailbox', 'GetTags'))
  getTags(@Payload() raw: unknown) {
    return this.mail.query(raw, q.GetTags, (_, principal) => this.readModel.tags(principal.id));
  }
}
