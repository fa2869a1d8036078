import { FIRST_USER_ITEM_ID, MailEvent, SystemFolder } from '@gw/contracts';

/**
 * Zimbra's two change numbers of an item, as mailbox revisions (event-store positions):
 * `modSeq` is the last change of anything about it (flags, tags, folder, name, color, content),
 * `savedSeq` its creation or the last rewrite of its content. `<change token="N" type="mod|new"/>`
 * compares them with N (see change-check.ts).
 */
export interface ItemSeqs {
  modSeq: bigint;
  savedSeq: bigint;
}

export interface FolderState extends ItemSeqs {
  id: number;
  name: string;
  parentId: number;
  view: string;
  color?: number;
  rgb?: string;
  flags: string;
  system: boolean;
}

export interface TagState extends ItemSeqs {
  id: number;
  name: string;
  color?: number;
  rgb?: string;
}

export interface MessageState extends ItemSeqs {
  id: number;
  folderId: number;
  convId: number;
  flags: string;
  tagIds: number[];
  size: number;
  date: number;
  blob: string;
  normalizedSubject: string;
  messageIdHeader?: string;
}

export interface MailboxState {
  exists: boolean;
  /** Zimbra numbers folders, tags, messages and conversations from one sequence. */
  nextId: number;
  folders: Map<number, FolderState>;
  tags: Map<number, TagState>;
  messages: Map<number, MessageState>;
  conversations: Map<number, Set<number>>;
  /** Message-ID header → conversation, for threading replies by In-Reply-To/References. */
  threadsByMessageId: Map<string, number>;
  /** Normalized subject → most recent conversation with it. */
  threadsBySubject: Map<string, number>;
  /** Bytes used by messages: what the quota counts. */
  size: number;
}

/** The folders every mailbox has, with Zimbra's fixed ids, names and views. */
export const SYSTEM_FOLDERS: { id: number; name: string; view: string; hidden?: boolean }[] = [
  { id: SystemFolder.USER_ROOT, name: 'USER_ROOT', view: '' },
  { id: SystemFolder.INBOX, name: 'Inbox', view: 'message' },
  { id: SystemFolder.TRASH, name: 'Trash', view: '' },
  { id: SystemFolder.JUNK, name: 'Junk', view: 'message' },
  { id: SystemFolder.SENT, name: 'Sent', view: 'message' },
  { id: SystemFolder.DRAFTS, name: 'Drafts', view: 'message' },
  { id: SystemFolder.CONTACTS, name: 'Contacts', view: 'contact' },
  { id: SystemFolder.CALENDAR, name: 'Calendar', view: 'appointment' },
  { id: SystemFolder.EMAILED_CONTACTS, name: 'Emailed Contacts', view: 'contact' },
  { id: SystemFolder.CHATS, name: 'Chats', view: 'message' },
  { id: SystemFolder.TASKS, name: 'Tasks', view: 'task' },
  { id: SystemFolder.BRIEFCASE, name: 'Briefcase', view: 'document' },
];

export function emptyMailbox(): MailboxState {
  return {
    exists: false,
    nextId: FIRST_USER_ITEM_ID,
    folders: new Map(),
    tags: new Map(),
    messages: new Map(),
    conversations: new Map(),
    threadsByMessageId: new Map(),
    threadsBySubject: new Map(),
    size: 0,
  };
}

const addFlags = (flags: string, add = '') => [...new Set([...flags, ...add])].sort().join('');
const removeFlags = (flags: string, remove = '') => [...flags].filter((f) => !remove.includes(f)).join('');

function seeItemId(state: MailboxState, id: number) {
  if (id >= state.nextId) state.nextId = id + 1;
}

function removeMessage(state: MailboxState, id: number) {
  const m = state.messages.get(id);
  if (!m) return;
  state.messages.delete(id);
  state.size -= m.size;
  const conv = state.conversations.get(m.convId);
  conv?.delete(id);
  if (conv && conv.size === 0) state.conversations.delete(m.convId);
}

/**
 * Folds one event into the mailbox (in place: a mailbox holds many thousand messages).
 * `revision` is the position of the commit that holds the event: the items it touches get it
 * as their change numbers.
 */
export function evolve(state: MailboxState, event: MailEvent, revision: bigint): MailboxState {
  const created = { modSeq: revision, savedSeq: revision };
  switch (event.type) {
    case 'MailboxCreated':
      state.exists = true;
      for (const f of SYSTEM_FOLDERS) {
        state.folders.set(f.id, { id: f.id, name: f.name, parentId: SystemFolder.USER_ROOT, view: f.view, flags: '', system: true, ...created });
      }
      break;
    case 'FolderCreated': {
      const d = event.data;
      state.folders.set(d.folderId, { id: d.folderId, name: d.name, parentId: d.parentId, view: d.view, color: d.color, rgb: d.rgb, flags: '', system: false, ...created });
      seeItemId(state, d.folderId);
      break;
    }
    case 'FolderMoved': {
      const f = state.folders.get(event.data.folderId);
      if (f) {
        f.name = event.data.name;
        f.parentId = event.data.parentId;
        f.modSeq = revision;
      }
      break;
    }
    case 'FolderUpdated': {
      const f = state.folders.get(event.data.folderId);
      if (f) {
        if (event.data.color !== undefined) f.color = event.data.color ?? undefined;
        if (event.data.rgb !== undefined) f.rgb = event.data.rgb ?? undefined;
        if (event.data.flags !== undefined) f.flags = event.data.flags;
        f.modSeq = revision;
      }
      break;
    }
    case 'FoldersDeleted':
      for (const id of event.data.messageIds) removeMessage(state, id);
      for (const id of event.data.folderIds) state.folders.delete(id);
      break;
    case 'TagCreated':
      state.tags.set(event.data.tagId, { id: event.data.tagId, name: event.data.name, color: event.data.color, rgb: event.data.rgb, ...created });
      seeItemId(state, event.data.tagId);
      break;
    case 'TagUpdated': {
      const t = state.tags.get(event.data.tagId);
      if (t) {
        if (event.data.name !== undefined) t.name = event.data.name;
        if (event.data.color !== undefined) t.color = event.data.color ?? undefined;
        if (event.data.rgb !== undefined) t.rgb = event.data.rgb ?? undefined;
        t.modSeq = revision;
      }
      break;
    }
    case 'TagDeleted':
      state.tags.delete(event.data.tagId);
      // The messages lose the tag: a change of theirs too (the read model bumps their ms alike).
      for (const m of state.messages.values()) {
        if (m.tagIds.includes(event.data.tagId)) {
          m.tagIds = m.tagIds.filter((t) => t !== event.data.tagId);
          m.modSeq = revision;
        }
      }
      break;
    case 'MessageAdded': {
      const d = event.data;
      state.messages.set(d.messageId, {
        id: d.messageId,
        folderId: d.folderId,
        convId: d.convId,
        flags: d.flags,
        tagIds: d.tagIds,
        size: d.size,
        date: d.date,
        blob: d.blob,
        normalizedSubject: d.meta.normalizedSubject,
        messageIdHeader: d.meta.messageIdHeader,
        ...created,
      });
      state.size += d.size;
      seeItemId(state, Math.max(d.messageId, d.convId));
      let conv = state.conversations.get(d.convId);
      if (!conv) state.conversations.set(d.convId, (conv = new Set()));
      conv.add(d.messageId);
      if (d.meta.messageIdHeader) state.threadsByMessageId.set(d.meta.messageIdHeader, d.convId);
      if (d.meta.normalizedSubject) state.threadsBySubject.set(d.meta.normalizedSubject, d.convId);
      break;
    }
    case 'MessagesUpdated': {
      const d = event.data;
      for (const id of d.messageIds) {
        const m = state.messages.get(id);
        if (!m) continue;
        m.flags = removeFlags(addFlags(m.flags, d.addFlags), d.removeFlags);
        if (d.addTagIds) m.tagIds = [...new Set([...m.tagIds, ...d.addTagIds])];
        if (d.removeTagIds) m.tagIds = m.tagIds.filter((t) => !d.removeTagIds!.includes(t));
        if (d.folderId !== undefined) m.folderId = d.folderId;
        m.modSeq = revision;
      }
      break;
    }
    case 'MessagesDeleted':
      for (const id of event.data.messageIds) removeMessage(state, id);
      break;
    case 'DraftReplaced': {
      const m = state.messages.get(event.data.messageId);
      if (m) {
        state.size += event.data.size - m.size;
        m.size = event.data.size;
        m.blob = event.data.blob;
        m.date = event.data.date;
        m.normalizedSubject = event.data.meta.normalizedSubject;
        // A rewritten draft is new content: both numbers move, as in Zimbra's saveDraft.
        m.modSeq = revision;
        m.savedSeq = revision;
      }
      break;
    }
  }
  return state;
}

/** `/Inbox/Sub` for a folder (the user root is `/`). */
export function folderPath(state: MailboxState, id: number): string {
  const names: string[] = [];
  let current = state.folders.get(id);
  for (let guard = 0; current && current.id !== SystemFolder.USER_ROOT && guard < 256; guard++) {
    names.unshift(current.name);
    current = state.folders.get(current.parentId);
  }
  return `/${names.join('/')}`;
}

/** The folder and everything below it. */
export function subtree(state: MailboxState, id: number): number[] {
  const result = [id];
  for (let i = 0; i < result.length; i++) {
    for (const f of state.folders.values()) if (f.parentId === result[i] && f.id !== f.parentId) result.push(f.id);
  }
  return result;
}

export { addFlags, removeFlags };
