import { ChangeCheck, MailEvent } from '@gw/contracts';
import { MailboxState } from './mailbox-state';
import { checkChanges } from './change-check';
import { ItemIds } from './mail-decide-context';
import { createFolder, folderAction } from './decide-folders';
import { createTag, tagAction } from './decide-tags';
import { addMessage, IncomingMessage, itemAction, saveDraft } from './decide-messages';

/** Every change a mailbox accepts, as plain data. */
export type MailboxCommand =
  | { type: 'CreateFolder'; name: string; parentId: number; view?: string; color?: number; rgb?: string; fetchIfExists?: boolean }
  | { type: 'FolderAction'; op: string; ids: number[]; name?: string; parentId?: number; color?: number; rgb?: string; flags?: string; recursive?: boolean }
  | { type: 'CreateTag'; name: string; color?: number; rgb?: string }
  | { type: 'TagAction'; op: string; ids: number[]; name?: string; color?: number; rgb?: string }
  | ({ type: 'AddMessage' } & IncomingMessage)
  | { type: 'ItemAction'; kind: string; op: string; ids: number[]; folderId?: number; tagId?: number; tagName?: string; flags?: string; tagNames?: string[]; tagIds?: number[] }
  | ({ type: 'SaveDraft'; id?: number } & Omit<IncomingMessage, 'folderId' | 'flags' | 'tagNames'>);

export interface MailDecideContext {
  /** zimbraMailQuota of the account (0: unlimited). */
  quotaBytes: number;
  /** The client's `<change token type>`: what it knew of this mailbox (mail.MODIFY_CONFLICT otherwise). */
  changeCheck?: ChangeCheck;
}

/**
 * Decides the events of a command against a mailbox. A mailbox that does not exist yet is
 * created by the first command that touches it (Zimbra creates mailboxes lazily too).
 */
export function decideMailbox(state: MailboxState, command: MailboxCommand, ctx: MailDecideContext): MailEvent[] {
  const events = decideCommand(state, command, ctx);
  checkChanges(state, events, ctx.changeCheck);
  return events;
}

function decideCommand(state: MailboxState, command: MailboxCommand, ctx: MailDecideContext): MailEvent[] {
  const ids = new ItemIds(state);
  switch (command.type) {
    case 'CreateFolder': return createFolder(state, command, ids);
    case 'FolderAction': return folderAction(state, command);
    case 'CreateTag': return createTag(state, command, ids);
    case 'TagAction': return tagAction(state, command);
    case 'AddMessage': return addMessage(state, command, ids, ctx.quotaBytes);
    case 'ItemAction': return itemAction(state, command);
    case 'SaveDraft': return saveDraft(state, command, ids, ctx.quotaBytes);
  }
}
