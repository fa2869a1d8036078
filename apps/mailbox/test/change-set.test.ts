// GetChanges' pure part: a range of a mailbox's events folded into created, modified (with the
// attributes of the SOAP elements that changed) and deleted items, then the notify body.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationInfo, MailEvent, MailFolder, MailTag, MessageMeta, MessageSummary, SystemFolder } from '@gw/contracts';
import { decideMailbox, MailboxCommand } from '../src/mail/domain/decide';
import { emptyMailbox, evolve, MailboxState } from '../src/mail/domain/mailbox-state';
import { startsConversation } from '../src/mail/domain/decide-messages';
import { ATTRIBUTE_ORDER, ChangeSet, foldChanges, MessageFacts, messagesBeforeRange, RangeEvent, toMailChanges, withReadModelFindings } from '../src/mail/domain/change-set';
import { meta } from './message-meta.fixture';

const INBOX = SystemFolder.INBOX;

/**
 * A mailbox that records its commits, and what a read model would answer about messages:
 * where they are now, or (tombstones) where they were when deleted.
 */
class Box {
  state: MailboxState = emptyMailbox();
  log: RangeEvent[] = [];
  tombstones = new Map<number, MessageFacts>();
  position = 0n;

  constructor() {
    this.commit([{ type: 'MailboxCreated', data: { accountId: 'a1' } }]);
  }

  private commit(events: MailEvent[]) {
    this.position += 1n;
    for (const event of events) {
      const gone = event.type === 'MessagesDeleted' || event.type === 'FoldersDeleted' ? event.data.messageIds : [];
      for (const id of gone) {
        const m = this.state.messages.get(id);
        if (m) this.tombstones.set(id, { folderId: m.folderId, convId: m.convId, tagIds: [...m.tagIds] });
      }
      evolve(this.state, event, this.position);
      this.log.push({ position: this.position, event });
    }
  }

  run(command: MailboxCommand): MailEvent[] {
    const events = decideMailbox(this.state, command, { quotaBytes: 0 });
    this.commit(events);
    return events;
  }

  add(subject: string, folderId: number = INBOX, extra: { flags?: string; tagNames?: string[]; meta?: Partial<MessageMeta> } = {}) {
    const events = this.run({ type: 'AddMessage', folderId, flags: extra.flags ?? 'u', tagNames: extra.tagNames ?? [], date: 1, size: 100, blob: 'b'.repeat(64), meta: meta(subject, extra.meta) });
    return (events.find((e) => e.type === 'MessageAdded') as Extract<MailEvent, { type: 'MessageAdded' }>).data;
  }

  folder(name: string, parentId = 1): number {
    const [e] = this.run({ type: 'CreateFolder', name, parentId });
    return (e as Extract<MailEvent, { type: 'FolderCreated' }>).data.folderId;
  }

  tag(name: string): number {
    const [e] = this.run({ type: 'CreateTag', name });
    return (e as Extract<MailEvent, { type: 'TagCreated' }>).data.tagId;
  }

  /** Changes after `since`, with the facts the mailbox service would look up. */
  changesSince(since: bigint): ChangeSet {
    const range = this.log.filter((e) => e.position > since);
    const facts = new Map<number, MessageFacts>();
    for (const id of messagesBeforeRange(range)) {
      const m = this.state.messages.get(id);
      const f = m ? { folderId: m.folderId, convId: m.convId, tagIds: [...m.tagIds] } : this.tombstones.get(id);
      if (f) facts.set(id, f);
    }
    return foldChanges(range, facts);
  }
}

/** Modified items of a kind as { id: attributes }, in the order the gateway renders them. */
function modified(set: ChangeSet, kind: keyof ChangeSet['modified']): Record<number, string[]> {
  return Object.fromEntries([...set.modified[kind]].map(([id, attrs]) => [id, ATTRIBUTE_ORDER[kind].filter((a) => attrs.has(a))]));
}
const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('folding a range of mailbox events into changes', () => {
  it('from the start, everything is created but the system folders, which clients always see', () => {
    const box = new Box();
    const work = box.folder('Work');
    const msg = box.add('hello', work, { tagNames: ['red'] });
    box.add('hi');
    const set = box.changesSince(0n);
    assert.deepEqual(ids(set.created.folders), [work]);
    assert.deepEqual(ids(set.created.tags), [msg.tagIds[0]]);
    assert.deepEqual(ids(set.created.messages).slice(0, 1), [msg.messageId]);
    assert.ok(set.created.conversations.has(msg.convId));
    assert.deepEqual(modified(set, 'folders'), { [INBOX]: ['u', 'n', 's'] });
    assert.equal(set.modified.tags.size + set.modified.messages.size + set.modified.conversations.size, 0);
    assert.equal(set.sizeChanged, true);
  });

  it('a new message: its folder and tags change counts; a reply changes its conversation', () => {
    const box = new Box();
    const red = box.tag('red');
    const first = box.add('lunch', INBOX, { meta: { messageIdHeader: '<a@x>' } });
    const since = box.position;
    const reply = box.add('Re: lunch', INBOX, { tagNames: ['red'], meta: { inReplyTo: '<a@x>' } });
    assert.equal(reply.convId, first.convId);
    const set = box.changesSince(since);
    assert.deepEqual(ids(set.created.messages), [reply.messageId]);
    assert.deepEqual(ids(set.created.conversations), []);
    assert.deepEqual(modified(set, 'conversations'), { [first.convId]: ['n', 'u', 'f', 't', 'd', 'su', 'fr'] });
    assert.deepEqual(modified(set, 'folders'), { [INBOX]: ['u', 'n', 's'] });
    assert.deepEqual(modified(set, 'tags'), { [red]: ['u', 'n'] });
  });

  it('a conversation is new exactly when its message started it (one id sequence: it is numbered after the message)', () => {
    const box = new Box();
    const first = box.add('topic', INBOX, { meta: { messageIdHeader: '<t@x>' } });
    const reply = box.add('Re: topic', INBOX, { meta: { inReplyTo: '<t@x>' } });
    assert.equal(startsConversation(first), true);
    assert.equal(first.convId, first.messageId + 1);
    assert.equal(startsConversation(reply), false);
  });

  it('reading and flagging an older message: the message, its conversation, folder and tags', () => {
    const box = new Box();
    const red = box.tag('red');
    const m = box.add('hello', INBOX, { tagNames: ['red'] });
    const since = box.position;
    box.run({ type: 'ItemAction', kind: 'message', op: 'read', ids: [m.messageId] });
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [m.messageId] });
    const set = box.changesSince(since);
    assert.deepEqual(modified(set, 'messages'), { [m.messageId]: ['f'] });
    assert.deepEqual(modified(set, 'conversations'), { [m.convId]: ['u', 'f'] });
    assert.deepEqual(modified(set, 'folders'), { [INBOX]: ['u'] });
    assert.deepEqual(modified(set, 'tags'), { [red]: ['u'] });
    assert.equal(set.sizeChanged, false);
    assert.equal(set.unknownFolderCounts, false);
  });

  it('tagging: the message (t, tn), the tag counts, the conversation tags', () => {
    const box = new Box();
    const m = box.add('hello');
    const blue = box.tag('blue');
    const since = box.position;
    box.run({ type: 'ItemAction', kind: 'message', op: 'tag', ids: [m.messageId], tagId: blue });
    const set = box.changesSince(since);
    assert.deepEqual(modified(set, 'messages'), { [m.messageId]: ['t', 'tn'] });
    assert.deepEqual(modified(set, 'tags'), { [blue]: ['u', 'n'] });
    assert.deepEqual(modified(set, 'conversations'), { [m.convId]: ['t'] });
    assert.deepEqual(modified(set, 'folders'), {});
  });

  it('moving an older message: the source is not in the event, so the caller must add it', () => {
    const box = new Box();
    const work = box.folder('Work');
    const m = box.add('hello');
    const since = box.position;
    box.run({ type: 'ItemAction', kind: 'message', op: 'move', ids: [m.messageId], folderId: work });
    const set = box.changesSince(since);
    assert.deepEqual(modified(set, 'messages'), { [m.messageId]: ['l'] });
    assert.deepEqual(modified(set, 'folders'), { [work]: ['u', 'n', 's'] });
    assert.equal(set.unknownFolderCounts, true);
    // The read model says which folders' counts changed after `since`: Inbox and Work.
    const widened = withReadModelFindings(set, { countsChangedFolders: [INBOX, work] });
    assert.deepEqual(modified(widened, 'folders'), { [INBOX]: ['u', 'n', 's'], [work]: ['u', 'n', 's'] });
    assert.deepEqual(modified(set, 'folders'), { [work]: ['u', 'n', 's'] }, 'the folded set is left as it was');
  });

  it('moving a message added in the range: both folders are known', () => {
    const box = new Box();
    const work = box.folder('Work');
    const since = box.position;
    const m = box.add('hello');
    box.run({ type: 'ItemAction', kind: 'message', op: 'move', ids: [m.messageId], folderId: work });
    const set = box.changesSince(since);
    assert.equal(set.unknownFolderCounts, false);
    assert.deepEqual(ids(set.created.messages), [m.messageId]);
    assert.deepEqual(modified(set, 'messages'), {});
    assert.deepEqual(modified(set, 'folders'), { [INBOX]: ['u', 'n', 's'], [work]: ['u', 'n', 's'] });
  });

  it('deleting an older message: deleted, and its folder, tags and conversation from its tombstone', () => {
    const box = new Box();
    const red = box.tag('red');
    const a = box.add('topic', INBOX, { tagNames: ['red'], meta: { messageIdHeader: '<t@x>' } });
    const b = box.add('Re: topic', SystemFolder.SENT, { meta: { inReplyTo: '<t@x>' } });
    const since = box.position;
    box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [a.messageId] });
    const set = box.changesSince(since);
    assert.deepEqual(ids(set.deleted), [a.messageId]);
    assert.deepEqual(modified(set, 'folders'), { [INBOX]: ['u', 'n', 's'] });
    assert.deepEqual(modified(set, 'tags'), { [red]: ['u', 'n'] });
    assert.deepEqual(modified(set, 'conversations'), { [b.convId]: ['n', 'u', 'f', 't', 'd', 'su', 'fr'] });
    assert.equal(set.sizeChanged, true);
  });

  it('made and removed inside the range: only deleted; made then changed: only created', () => {
    const box = new Box();
    const since = box.position;
    const gone = box.add('gone');
    const kept = box.add('kept');
    const folder = box.folder('Temp');
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [kept.messageId, gone.messageId] });
    box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [gone.messageId] });
    box.run({ type: 'FolderAction', op: 'rename', ids: [folder], name: 'Tmp' });
    box.run({ type: 'FolderAction', op: 'delete', ids: [folder] });
    const set = box.changesSince(since);
    assert.deepEqual(ids(set.created.messages), [kept.messageId]);
    assert.deepEqual(ids(set.deleted), [gone.messageId, folder]);
    assert.ok(!set.created.folders.has(folder));
    assert.deepEqual(modified(set, 'messages'), {});
    // The conversation of the deleted message was created in the range; the read model will
    // have no messages in it, which makes it deleted in the notify body.
    assert.ok(set.created.conversations.has(gone.convId));
  });

  it('folder and tag attributes: rename/move (name, l), color, rgb, flags', () => {
    const box = new Box();
    const work = box.folder('Work');
    const red = box.tag('red');
    const since = box.position;
    box.run({ type: 'FolderAction', op: 'rename', ids: [work], name: 'Job' });
    box.run({ type: 'FolderAction', op: 'update', ids: [work], rgb: '#ff0000', flags: '#' });
    box.run({ type: 'TagAction', op: 'color', ids: [red], color: 4 });
    const set = box.changesSince(since);
    assert.deepEqual(modified(set, 'folders'), { [work]: ['name', 'l', 'f', 'rgb'] });
    assert.deepEqual(modified(set, 'tags'), { [red]: ['color'] });
  });

  it('a rewritten draft: its content attributes, its folder size and its conversation', () => {
    const box = new Box();
    const [e] = box.run({ type: 'SaveDraft', date: 1, size: 5, blob: 'a'.repeat(64), meta: meta('draft') });
    const d = (e as Extract<MailEvent, { type: 'MessageAdded' }>).data;
    const since = box.position;
    box.run({ type: 'SaveDraft', id: d.messageId, date: 2, size: 9, blob: 'c'.repeat(64), meta: meta('draft 2') });
    const set = box.changesSince(since);
    assert.deepEqual(modified(set, 'messages'), { [d.messageId]: ['d', 's', 'e', 'su', 'fr'] });
    assert.deepEqual(modified(set, 'folders'), { [SystemFolder.DRAFTS]: ['s'] });
    assert.deepEqual(modified(set, 'conversations'), { [d.convId]: ['d', 'su', 'fr'] });
    assert.equal(set.sizeChanged, true);
  });

  it('deleting an older tag: deleted, and the read model names the messages it untagged', () => {
    const box = new Box();
    const m = box.add('hello', INBOX, { tagNames: ['red'] });
    const red = m.tagIds[0];
    const since = box.position;
    box.run({ type: 'TagAction', op: 'delete', ids: [red] });
    const set = box.changesSince(since);
    assert.deepEqual(ids(set.deleted), [red]);
    assert.equal(set.untaggedFrom, box.position);
    const widened = withReadModelFindings(set, { untaggedMessages: [{ id: m.messageId, convId: m.convId }] });
    assert.deepEqual(modified(widened, 'messages'), { [m.messageId]: ['t', 'tn'] });
    assert.deepEqual(modified(widened, 'conversations'), { [m.convId]: ['t'] });
  });

  it('emptying a folder: its messages deleted, its counts changed', () => {
    const box = new Box();
    const work = box.folder('Work');
    const a = box.add('a', work);
    const since = box.position;
    box.run({ type: 'FolderAction', op: 'empty', ids: [work] });
    const set = box.changesSince(since);
    assert.deepEqual(ids(set.deleted), [a.messageId]);
    assert.deepEqual(modified(set, 'folders'), { [work]: ['u', 'n', 's'] });
  });
});

describe('the notify body', () => {
  const folder = (id: number, name: string): MailFolder => ({ id, name, parentId: 1, path: `/${name}`, view: 'message', flags: '', unread: 1, count: 2, size: 3, ms: '5' });
  const tag = (id: number): MailTag => ({ id, name: `t${id}`, unread: 0, count: 1, ms: '5' });
  const message = (id: number, convId: number): MessageSummary => ({ id, folderId: 2, convId, flags: '', tagIds: [], tagNames: [], date: 1, size: 1, subject: 's', fragment: '', addresses: [], ms: '5', rev: '5' });
  const conversation = (id: number, messages: MessageSummary[]): ConversationInfo => ({ id, subject: 's', fragment: '', count: messages.length, unread: 0, flags: '', tagIds: [], date: 1, participants: [], messages });

  it('current items: created whole, modified with their attributes; vanished conversations are deleted', () => {
    const box = new Box();
    const work = box.folder('Work');
    const since = box.position;
    const m = box.add('hello');
    box.run({ type: 'FolderAction', op: 'color', ids: [work], color: 3 });
    const lonely = box.add('alone');
    box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [lonely.messageId] });
    const set = box.changesSince(since);
    const changes = toMailChanges(
      set,
      {
        folders: [folder(INBOX, 'Inbox'), folder(work, 'Work'), folder(999, 'Unrelated')],
        tags: [tag(998)],
        messages: [message(m.messageId, m.convId)],
        conversations: [conversation(m.convId, [message(m.messageId, m.convId)])],
      },
      String(box.position),
      4242,
    );
    assert.equal(changes.revision, String(box.position));
    assert.deepEqual(changes.created.messages.map((x) => x.id), [m.messageId]);
    assert.deepEqual(changes.created.conversations.map((x) => x.id), [m.convId]);
    assert.deepEqual(
      changes.modified.folders.map((x) => [x.item.id, x.changed]),
      [
        [INBOX, ['u', 'n', 's']],
        [work, ['color']],
      ],
    );
    assert.deepEqual(changes.created.tags, []);
    assert.deepEqual(changes.deleted, [lonely.messageId, lonely.convId]);
    assert.equal(changes.mailboxSize, 4242);
  });

  it('no size without a size change; items the read model lost are left to the next range', () => {
    const box = new Box();
    const m = box.add('hello');
    const since = box.position;
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [m.messageId] });
    const changes = toMailChanges(box.changesSince(since), { folders: [], tags: [], messages: [], conversations: [conversation(m.convId, [])] }, '9', 100);
    assert.equal(changes.mailboxSize, undefined);
    assert.deepEqual(changes.modified.messages, []);
    assert.deepEqual(changes.deleted, []);
  });
});
