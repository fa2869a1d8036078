import { ChangeCheck, DomainError, ErrorCode, MailEvent } from '@gw/contracts';
import { ItemSeqs, MailboxState } from './mailbox-state';

type ItemKind = 'folder' | 'tag' | 'message';

/**
 * The items that existed before a decision and that its events change or delete. Items the
 * same decision creates are not in `state`, so they are never checked: the client cannot have
 * known them. Messages a tag deletion untags are not listed either: losing the tag follows from
 * deleting it, the change the client asked for.
 */
function touchedItems(events: readonly MailEvent[]): [ItemKind, number][] {
  const touched: [ItemKind, number][] = [];
  for (const event of events) {
    switch (event.type) {
      case 'FolderMoved':
      case 'FolderUpdated':
        touched.push(['folder', event.data.folderId]);
        break;
      case 'FoldersDeleted':
        // Like Zimbra's folder deletion, the messages that go with the folders are checked too:
        // deleting something the client has not seen is what the token guards against.
        for (const id of event.data.folderIds) touched.push(['folder', id]);
        for (const id of event.data.messageIds) touched.push(['message', id]);
        break;
      case 'TagUpdated':
      case 'TagDeleted':
        touched.push(['tag', event.data.tagId]);
        break;
      case 'MessagesUpdated':
      case 'MessagesDeleted':
        for (const id of event.data.messageIds) touched.push(['message', id]);
        break;
      case 'DraftReplaced':
        touched.push(['message', event.data.messageId]);
        break;
      case 'MailboxCreated':
      case 'FolderCreated':
      case 'TagCreated':
      case 'MessageAdded':
        break;
    }
  }
  return touched;
}

function itemOf(state: MailboxState, kind: ItemKind, id: number): ItemSeqs | undefined {
  return kind === 'folder' ? state.folders.get(id) : kind === 'tag' ? state.tags.get(id) : state.messages.get(id);
}

/**
 * Zimbra's `<change token="N" type="mod|new"/>` (soap.txt, "Race Conditions"): the decided
 * events may not change or delete an item that changed after revision N (type mod: any change,
 * its modSeq) or that was created or had its content rewritten after N (type new: its savedSeq).
 * Throws mail.MODIFY_CONFLICT naming the first such item; `state` is the mailbox before the events.
 */
export function checkChanges(state: MailboxState, events: readonly MailEvent[], check: ChangeCheck | undefined): void {
  if (!check) return;
  const token = BigInt(check.token);
  for (const [kind, id] of touchedItems(events)) {
    const item = itemOf(state, kind, id);
    if (!item) continue;
    const changed = check.type === 'new' ? item.savedSeq : item.modSeq;
    if (changed > token) {
      throw new DomainError(ErrorCode.MODIFY_CONFLICT, `modify conflict: ${kind} ${id} changed at ${changed}, after change token ${token}`, { id: String(id) });
    }
  }
}
