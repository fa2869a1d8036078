import { ChangedItem, ConversationInfo, MailChanges, MailEvent, MailFolder, MailTag, MessageSummary } from '@gw/contracts';
import { startsConversation } from './decide-messages';

/**
 * What changed in a mailbox over a range of its events, as ids and the names of the changed
 * attributes of their SOAP elements (folderElement, tagElement, messageSummaryElement,
 * conversationElement in the SOAP gateway). Everything here is pure; the mailbox service
 * reads the events and the facts and loads the current items (mail-changes.service.ts).
 */

/** An event of the range, with the position of its commit. */
export interface RangeEvent {
  position: bigint;
  event: MailEvent;
}

/**
 * Where a message that existed before the range is at its end (the read model), or was when it
 * was deleted (its tombstone). A message's conversation never changes; its folder at the start
 * of the range is this one unless the range moves it.
 */
export interface MessageFacts {
  folderId: number;
  convId: number;
  tagIds: number[];
}

export type Kind = 'folders' | 'tags' | 'messages' | 'conversations';
type AttrMap = Map<number, Set<string>>;

export interface ChangeSet {
  created: Record<Kind, Set<number>>;
  modified: Record<Kind, AttrMap>;
  /** Folders, tags and messages; conversations are gone when no message is left in them, which only the read model can tell. */
  deleted: Set<number>;
  sizeChanged: boolean;
  /**
   * Message counts changed in a folder the range does not name: a message older than the range
   * moved (its source folder is not in the event), or changed its unread flag before moving.
   * The caller adds the folders whose counts changed after the range's start.
   */
  unknownFolderCounts: boolean;
  /** A tag older than the range was deleted here: messages older than the range that carried it lost it then. */
  untaggedFrom?: bigint;
}

/** The attributes of each element, in the order the gateway renders them. */
export const ATTRIBUTE_ORDER: Record<Kind, readonly string[]> = {
  folders: ['name', 'l', 'f', 'color', 'rgb', 'u', 'n', 's'],
  tags: ['name', 'color', 'rgb', 'u', 'n'],
  messages: ['l', 'f', 't', 'tn', 'd', 's', 'e', 'su', 'fr'],
  conversations: ['n', 'u', 'f', 't', 'd', 'su', 'fr'],
};
const FOLDER_COUNTS = ['u', 'n', 's'];
const TAG_COUNTS = ['u', 'n'];
/** A conversation gaining or losing a message: its count, flags, tags and newest/oldest message may all change. */
const CONVERSATION_SUMMARY = ['n', 'u', 'f', 't', 'd', 'su', 'fr'];
/** A rewritten draft: its date, size, addresses, subject and fragment. */
const MESSAGE_CONTENT = ['d', 's', 'e', 'su', 'fr'];

function messageIdsOf(event: MailEvent): number[] {
  switch (event.type) {
    case 'MessagesUpdated':
    case 'MessagesDeleted':
    case 'FoldersDeleted':
      return event.data.messageIds;
    case 'DraftReplaced':
      return [event.data.messageId];
    default:
      return [];
  }
}

/** The messages the range changes or deletes without having added them: the caller looks up their facts. */
export function messagesBeforeRange(events: readonly RangeEvent[]): number[] {
  const added = new Set<number>();
  const before = new Set<number>();
  for (const { event } of events) {
    if (event.type === 'MessageAdded') added.add(event.data.messageId);
    for (const id of messageIdsOf(event)) if (!added.has(id)) before.add(id);
  }
  return [...before];
}

/** What the folding knows about one message as it goes through the range. */
interface Tracked {
  /** undefined: unknown (an older message moved later in the range). */
  folderId?: number;
  convId?: number;
  tagIds: Set<number>;
}

const emptyKinds = <T>(make: () => T): Record<Kind, T> => ({ folders: make(), tags: make(), messages: make(), conversations: make() });

class Folding {
  readonly set: ChangeSet = {
    created: emptyKinds(() => new Set<number>()),
    modified: emptyKinds(() => new Map<number, Set<string>>()),
    deleted: new Set(),
    sizeChanged: false,
    unknownFolderCounts: false,
  };
  private readonly tracked = new Map<number, Tracked>();

  constructor(
    private readonly facts: ReadonlyMap<number, MessageFacts>,
    /** Older messages the range moves: where they were at its start is unknown. */
    private readonly movedOlder: ReadonlySet<number>,
  ) {}

  private message(id: number): Tracked {
    let m = this.tracked.get(id);
    if (!m) {
      const f = this.facts.get(id);
      m = { folderId: f && !this.movedOlder.has(id) ? f.folderId : undefined, convId: f?.convId, tagIds: new Set(f?.tagIds ?? []) };
      this.tracked.set(id, m);
    }
    return m;
  }

  /** Created items come whole, so their later changes need no mention. */
  private touch(kind: Kind, id: number | undefined, attrs: readonly string[]) {
    if (id === undefined || !attrs.length || this.set.created[kind].has(id) || this.set.deleted.has(id)) return;
    const known = this.set.modified[kind].get(id) ?? new Set<string>();
    for (const a of attrs) known.add(a);
    this.set.modified[kind].set(id, known);
  }

  private folderCounts(folderId: number | undefined, attrs: readonly string[]) {
    if (folderId === undefined) this.set.unknownFolderCounts = true;
    else this.touch('folders', folderId, attrs);
  }

  /** Made and removed in the range: only the deletion is told. */
  private remove(kind: Kind, id: number) {
    this.set.created[kind].delete(id);
    this.set.modified[kind].delete(id);
    this.set.deleted.add(id);
  }

  private deleteMessage(id: number) {
    const m = this.message(id);
    this.folderCounts(m.folderId, FOLDER_COUNTS);
    for (const t of m.tagIds) this.touch('tags', t, TAG_COUNTS);
    this.touch('conversations', m.convId, CONVERSATION_SUMMARY);
    this.set.sizeChanged = true;
    this.remove('messages', id);
  }

  apply({ position, event }: RangeEvent) {
    switch (event.type) {
      case 'MailboxCreated':
        // Created lazily by its first command, but clients see the system folders from the
        // start (GetFolder and the refresh block show them for a mailbox nothing was written
        // to): they are not news, only their counts are.
        break;
      case 'FolderCreated':
        this.set.created.folders.add(event.data.folderId);
        break;
      case 'FolderMoved':
        // The event carries both; which one changed is not said (a rename keeps the parent).
        this.touch('folders', event.data.folderId, ['name', 'l']);
        break;
      case 'FolderUpdated': {
        const d = event.data;
        this.touch('folders', d.folderId, [...(d.color !== undefined ? ['color'] : []), ...(d.rgb !== undefined ? ['rgb'] : []), ...(d.flags !== undefined ? ['f'] : [])]);
        break;
      }
      case 'FoldersDeleted':
        for (const id of event.data.messageIds) this.deleteMessage(id);
        for (const id of event.data.folderIds) this.remove('folders', id);
        break;
      case 'TagCreated':
        this.set.created.tags.add(event.data.tagId);
        break;
      case 'TagUpdated': {
        const d = event.data;
        this.touch('tags', d.tagId, [...(d.name !== undefined ? ['name'] : []), ...(d.color !== undefined ? ['color'] : []), ...(d.rgb !== undefined ? ['rgb'] : [])]);
        break;
      }
      case 'TagDeleted': {
        const tagId = event.data.tagId;
        if (!this.set.created.tags.has(tagId)) this.set.untaggedFrom ??= position;
        for (const [id, m] of this.tracked) {
          if (!m.tagIds.delete(tagId)) continue;
          this.touch('messages', id, ['t', 'tn']);
          this.touch('conversations', m.convId, ['t']);
        }
        this.remove('tags', tagId);
        break;
      }
      case 'MessageAdded': {
        const d = event.data;
        this.tracked.set(d.messageId, { folderId: d.folderId, convId: d.convId, tagIds: new Set(d.tagIds) });
        this.set.created.messages.add(d.messageId);
        this.folderCounts(d.folderId, FOLDER_COUNTS);
        for (const t of d.tagIds) this.touch('tags', t, TAG_COUNTS);
        if (startsConversation(d)) this.set.created.conversations.add(d.convId);
        else this.touch('conversations', d.convId, CONVERSATION_SUMMARY);
        this.set.sizeChanged = true;
        break;
      }
      case 'MessagesUpdated': {
        const d = event.data;
        const flagsChange = Boolean(d.addFlags || d.removeFlags);
        const unreadChange = `${d.addFlags ?? ''}${d.removeFlags ?? ''}`.includes('u');
        const tagChange = [...(d.addTagIds ?? []), ...(d.removeTagIds ?? [])];
        for (const id of d.messageIds) {
          const m = this.message(id);
          if (flagsChange) {
            this.touch('messages', id, ['f']);
            this.touch('conversations', m.convId, unreadChange ? ['f', 'u'] : ['f']);
          }
          if (unreadChange) {
            this.folderCounts(m.folderId, ['u']);
            for (const t of m.tagIds) this.touch('tags', t, ['u']);
          }
          if (tagChange.length) {
            this.touch('messages', id, ['t', 'tn']);
            this.touch('conversations', m.convId, ['t']);
            for (const t of tagChange) this.touch('tags', t, TAG_COUNTS);
            for (const t of d.addTagIds ?? []) m.tagIds.add(t);
            for (const t of d.removeTagIds ?? []) m.tagIds.delete(t);
          }
          if (d.folderId !== undefined && d.folderId !== m.folderId) {
            this.touch('messages', id, ['l']);
            this.folderCounts(m.folderId, FOLDER_COUNTS);
            this.folderCounts(d.folderId, FOLDER_COUNTS);
            m.folderId = d.folderId;
          }
        }
        break;
      }
      case 'MessagesDeleted':
        for (const id of event.data.messageIds) this.deleteMessage(id);
        break;
      case 'DraftReplaced': {
        const m = this.message(event.data.messageId);
        this.touch('messages', event.data.messageId, MESSAGE_CONTENT);
        this.folderCounts(m.folderId, ['s']);
        this.touch('conversations', m.convId, ['d', 'su', 'fr']);
        this.set.sizeChanged = true;
        break;
      }
    }
  }
}

/**
 * Folds a range of a mailbox's events into what a client that knew the mailbox at the range's
 * start must be told. `facts` describes the messages older than the range that it touches
 * (messagesBeforeRange); without them a message's folder, tags and conversation are unknown and
 * their counts cannot be attributed.
 */
export function foldChanges(events: readonly RangeEvent[], facts: ReadonlyMap<number, MessageFacts>): ChangeSet {
  const added = new Set<number>();
  const movedOlder = new Set<number>();
  for (const { event } of events) {
    if (event.type === 'MessageAdded') added.add(event.data.messageId);
    if (event.type === 'MessagesUpdated' && event.data.folderId !== undefined) {
      for (const id of event.data.messageIds) if (!added.has(id)) movedOlder.add(id);
    }
  }
  const folding = new Folding(facts, movedOlder);
  for (const e of events) folding.apply(e);
  return folding.set;
}

/**
 * Adds what only the read model can tell: the folders whose counts changed after the range's
 * start (when the events could not name them all) and the older messages a tag deletion
 * untagged (those changed at or after `untaggedFrom`).
 */
export function withReadModelFindings(
  set: ChangeSet,
  findings: { countsChangedFolders?: readonly number[]; untaggedMessages?: readonly { id: number; convId: number }[] },
): ChangeSet {
  const result = structuredClone(set);
  const touch = (kind: Kind, id: number, attrs: readonly string[]) => {
    if (set.created[kind].has(id) || set.deleted.has(id)) return;
    const known = result.modified[kind].get(id) ?? new Set<string>();
    for (const a of attrs) known.add(a);
    result.modified[kind].set(id, known);
  };
  for (const id of findings.countsChangedFolders ?? []) touch('folders', id, FOLDER_COUNTS);
  for (const m of findings.untaggedMessages ?? []) {
    touch('messages', m.id, ['t', 'tn']);
    touch('conversations', m.convId, ['t']);
  }
  return result;
}

const ordered = (kind: Kind, attrs: Set<string>) => ATTRIBUTE_ORDER[kind].filter((a) => attrs.has(a));

/** The current items the change set names, as the read model has them. */
export interface CurrentItems {
  folders: readonly MailFolder[];
  tags: readonly MailTag[];
  messages: readonly MessageSummary[];
  conversations: readonly ConversationInfo[];
}

/**
 * The notify body: created items whole, modified ones with their changed attributes, deleted
 * ids. An item the read model no longer has was deleted after the range; the next range tells
 * that. A conversation without messages left is gone: deleted.
 */
export function toMailChanges(set: ChangeSet, current: CurrentItems, revision: string, mailboxSize?: number): MailChanges {
  const pick = <T extends { id: number }>(kind: Kind, items: readonly T[]) => {
    const byId = new Map(items.map((i) => [i.id, i]));
    const created = [...set.created[kind]].sort((a, b) => a - b).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    const modified: ChangedItem<T>[] = [...set.modified[kind]]
      .sort(([a], [b]) => a - b)
      .flatMap(([id, attrs]) => (byId.has(id) && attrs.size ? [{ item: byId.get(id)!, changed: ordered(kind, attrs) }] : []));
    return { created, modified };
  };
  const folders = pick('folders', current.folders);
  const tags = pick('tags', current.tags);
  const messages = pick('messages', current.messages);
  const conversations = pick('conversations', current.conversations);
  const present = new Set(current.conversations.map((c) => c.id));
  const goneConversations = [...set.created.conversations, ...set.modified.conversations.keys()].filter((id) => !present.has(id));
  return {
    revision,
    created: { folders: folders.created, tags: tags.created, messages: messages.created, conversations: conversations.created },
    modified: { folders: folders.modified, tags: tags.modified, messages: messages.modified, conversations: conversations.modified },
    deleted: [...new Set([...set.deleted, ...goneConversations])].sort((a, b) => a - b),
    ...(set.sizeChanged && mailboxSize !== undefined ? { mailboxSize } : {}),
  };
}
