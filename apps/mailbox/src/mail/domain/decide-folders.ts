import { DomainError, ErrorCode, MailEvent, SystemFolder } from '@gw/contracts';
import { MailboxState, subtree } from './mailbox-state';
import { checkName, ItemIds, requireFolder } from './mail-decide-context';

const FOLDER_VIEWS = ['message', 'conversation', 'contact', 'appointment', 'task', 'document', 'wiki', 'chat'];

function requireFreeName(state: MailboxState, parentId: number, name: string, except?: number) {
  for (const f of state.folders.values()) {
    if (f.parentId === parentId && f.id !== except && f.id !== parentId && f.name.toLowerCase() === name.toLowerCase()) {
      throw new DomainError(ErrorCode.ALREADY_EXISTS, `object with that name already exists: ${name}`, { name });
    }
  }
}

export function createFolder(
  state: MailboxState,
  cmd: { name: string; parentId: number; view?: string; color?: number; rgb?: string; fetchIfExists?: boolean },
  ids: ItemIds,
): MailEvent[] {
  const name = checkName(cmd.name, 'folder');
  const parent = requireFolder(state, cmd.parentId);
  const view = cmd.view || 'message';
  if (!FOLDER_VIEWS.includes(view)) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown folder view: ${view}`);
  const existing = [...state.folders.values()].find((f) => f.parentId === parent.id && f.id !== parent.id && f.name.toLowerCase() === name.toLowerCase());
  if (existing && cmd.fetchIfExists) return [];
  requireFreeName(state, parent.id, name);
  return [{ type: 'FolderCreated', data: { folderId: ids.take(), name, parentId: parent.id, view, ...(cmd.color !== undefined ? { color: cmd.color } : {}), ...(cmd.rgb ? { rgb: cmd.rgb } : {}) } }];
}

function requireMutable(state: MailboxState, id: number) {
  const f = requireFolder(state, id);
  if (f.system) throw new DomainError(ErrorCode.IMMUTABLE_OBJECT, `cannot modify immutable object: ${id}`, { id: String(id) });
  return f;
}

function moveFolder(state: MailboxState, id: number, parentId: number, name?: string): MailEvent[] {
  const f = requireMutable(state, id);
  const target = requireFolder(state, parentId);
  if (subtree(state, f.id).includes(target.id)) {
    throw new DomainError(ErrorCode.CANNOT_CONTAIN, `cannot put object in that folder: ${parentId}`, { id: String(parentId) });
  }
  const newName = name === undefined ? f.name : checkName(name, 'folder');
  if (target.id === f.parentId && newName === f.name) return [];
  requireFreeName(state, target.id, newName, f.id);
  return [{ type: 'FolderMoved', data: { folderId: f.id, name: newName, parentId: target.id } }];
}

function messagesIn(state: MailboxState, folderIds: number[]): number[] {
  const set = new Set(folderIds);
  return [...state.messages.values()].filter((m) => set.has(m.folderId)).map((m) => m.id);
}

export function folderAction(
  state: MailboxState,
  cmd: { op: string; ids: number[]; name?: string; parentId?: number; color?: number; rgb?: string; flags?: string; recursive?: boolean },
): MailEvent[] {
  const events: MailEvent[] = [];
  for (const id of cmd.ids) {
    const f = requireFolder(state, id);
    switch (cmd.op) {
      case 'read': {
        const unread = messagesIn(state, [f.id]).filter((m) => state.messages.get(m)!.flags.includes('u'));
        if (unread.length) events.push({ type: 'MessagesUpdated', data: { messageIds: unread, removeFlags: 'u' } });
        break;
      }
      case 'delete': {
        requireMutable(state, id);
        const folders = subtree(state, f.id);
        events.push({ type: 'FoldersDeleted', data: { folderIds: folders, messageIds: messagesIn(state, folders) } });
        break;
      }
      case 'rename':
        if (cmd.name === undefined) throw new DomainError(ErrorCode.INVALID_REQUEST, 'invalid request: missing required attribute: name');
        events.push(...moveFolder(state, id, f.parentId, cmd.name));
        break;
      case 'move':
        if (cmd.parentId === undefined) throw new DomainError(ErrorCode.INVALID_REQUEST, 'invalid request: missing required attribute: l');
        events.push(...moveFolder(state, id, cmd.parentId));
        break;
      case 'trash':
        events.push(...moveFolder(state, id, SystemFolder.TRASH));
        break;
      case 'empty': {
        // Emptying removes the messages and, by default, the subfolders (Zimbra's recursive="1").
        const sub = cmd.recursive === false ? [] : subtree(state, f.id).slice(1);
        const messageIds = messagesIn(state, [f.id, ...sub]);
        if (messageIds.length || sub.length) events.push({ type: 'FoldersDeleted', data: { folderIds: sub, messageIds } });
        break;
      }
      case 'color':
        events.push({ type: 'FolderUpdated', data: { folderId: f.id, color: cmd.color ?? null, ...(cmd.rgb !== undefined ? { rgb: cmd.rgb } : {}) } });
        break;
      case 'update': {
        if (cmd.name !== undefined || cmd.parentId !== undefined) events.push(...moveFolder(state, id, cmd.parentId ?? f.parentId, cmd.name));
        if (cmd.color !== undefined || cmd.rgb !== undefined || cmd.flags !== undefined) {
          events.push({
            type: 'FolderUpdated',
            data: {
              folderId: f.id,
              ...(cmd.color !== undefined ? { color: cmd.color } : {}),
              ...(cmd.rgb !== undefined ? { rgb: cmd.rgb } : {}),
              ...(cmd.flags !== undefined ? { flags: cmd.flags } : {}),
            },
          });
        }
        break;
      }
    }
  }
  return events;
}
