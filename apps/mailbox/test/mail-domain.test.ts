// The mailbox's rules as pure functions: folders, tags, messages, threading and quota.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, MailEvent, MessageMeta, SystemFolder } from '@gw/contracts';
import { decideMailbox, MailboxCommand } from '../src/mail/domain/decide';
import { emptyMailbox, evolve, folderPath, MailboxState } from '../src/mail/domain/mailbox-state';
import { meta } from './message-meta.fixture';

/** Commit positions: each applied decision is one commit. */
let revision = 0n;
function mailbox(): MailboxState {
  return evolve(emptyMailbox(), { type: 'MailboxCreated', data: { accountId: 'a1' } }, ++revision);
}
function apply(state: MailboxState, command: MailboxCommand, quotaBytes = 0): MailEvent[] {
  const events = decideMailbox(state, command, { quotaBytes });
  const position = ++revision;
  for (const e of events) evolve(state, e, position);
  return events;
}
const refused = (state: MailboxState, command: MailboxCommand, code: string, quotaBytes = 0) =>
  assert.throws(() => decideMailbox(state, command, { quotaBytes }), (e: unknown) => e instanceof DomainError && e.code === code);

const add = (state: MailboxState, subject: string, extra: Partial<MessageMeta> = {}, folderId: number = SystemFolder.INBOX, size = 100) =>
  apply(state, { type: 'AddMessage', folderId, flags: 'u', tagNames: [], date: 1, size, blob: 'b'.repeat(64), meta: meta(subject, extra) }).find(
    (e) => e.type === 'MessageAdded',
  ) as Extract<MailEvent, { type: 'MessageAdded' }>;

describe('mailbox decisions', () => {
  it('a new mailbox has Zimbra\'s system folders, and user items are numbered from 257', () => {
    const s = mailbox();
    assert.equal(s.folders.get(2)?.name, 'Inbox');
    assert.equal(folderPath(s, 5), '/Sent');
    const [created] = apply(s, { type: 'CreateFolder', name: 'Projects', parentId: 1 });
    assert.deepEqual(created, { type: 'FolderCreated', data: { folderId: 257, name: 'Projects', parentId: 1, view: 'message' } });
    apply(s, { type: 'CreateFolder', name: 'Alpha', parentId: 257 });
    assert.equal(folderPath(s, 258), '/Projects/Alpha');
  });

  it('folder names: invalid, duplicate (case-insensitive), unknown parent', () => {
    const s = mailbox();
    refused(s, { type: 'CreateFolder', name: 'a/b', parentId: 1 }, 'mail.INVALID_NAME');
    refused(s, { type: 'CreateFolder', name: '  ', parentId: 1 }, 'mail.INVALID_NAME');
    refused(s, { type: 'CreateFolder', name: 'inbox', parentId: 1 }, 'mail.ALREADY_EXISTS');
    refused(s, { type: 'CreateFolder', name: 'x', parentId: 999 }, 'mail.NO_SUCH_FOLDER');
    assert.deepEqual(decideMailbox(s, { type: 'CreateFolder', name: 'INBOX', parentId: 1, fetchIfExists: true }, { quotaBytes: 0 }), []);
  });

  it('system folders cannot be renamed or deleted; a folder cannot move under itself', () => {
    const s = mailbox();
    refused(s, { type: 'FolderAction', op: 'delete', ids: [2] }, 'mail.IMMUTABLE_OBJECT');
    refused(s, { type: 'FolderAction', op: 'rename', ids: [5], name: 'Outbox' }, 'mail.IMMUTABLE_OBJECT');
    apply(s, { type: 'CreateFolder', name: 'A', parentId: 1 });
    apply(s, { type: 'CreateFolder', name: 'B', parentId: 257 });
    refused(s, { type: 'FolderAction', op: 'move', ids: [257], parentId: 258 }, 'mail.CANNOT_CONTAIN');
  });

  it('deleting a folder deletes its subfolders and their messages; empty keeps the folder', () => {
    const s = mailbox();
    apply(s, { type: 'CreateFolder', name: 'A', parentId: 1 });
    apply(s, { type: 'CreateFolder', name: 'B', parentId: 257 });
    const m1 = add(s, 'one', {}, 257).data.messageId;
    const m2 = add(s, 'two', {}, 258).data.messageId;
    apply(s, { type: 'FolderAction', op: 'empty', ids: [257], recursive: false });
    assert.ok(!s.messages.has(m1) && s.messages.has(m2) && s.folders.has(258));
    apply(s, { type: 'FolderAction', op: 'delete', ids: [257] });
    assert.ok(!s.folders.has(257) && !s.folders.has(258) && !s.messages.has(m2));
    assert.equal(s.size, 0);
  });

  it('messages cannot go into non-mail folders', () => {
    const s = mailbox();
    refused(s, { type: 'AddMessage', folderId: SystemFolder.CONTACTS, flags: '', tagNames: [], date: 1, size: 1, blob: 'b'.repeat(64), meta: meta('x') }, 'mail.CANNOT_CONTAIN');
  });

  it('threads replies by In-Reply-To/References and reply subjects, not by bare equal subjects', () => {
    const s = mailbox();
    const first = add(s, 'Lunch?', { messageIdHeader: '<a@x>' });
    const byRef = add(s, 'Something else', { inReplyTo: '<a@x>' });
    assert.equal(byRef.data.convId, first.data.convId);
    const bySubject = add(s, 'RE: lunch?');
    assert.equal(bySubject.data.convId, first.data.convId);
    const unrelated = add(s, 'Lunch?');
    assert.notEqual(unrelated.data.convId, first.data.convId);
    assert.equal(s.conversations.get(first.data.convId)?.size, 3);
  });

  it('the quota refuses a message that would exceed it', () => {
    const s = mailbox();
    add(s, 'fits', {}, 2, 600);
    refused(s, { type: 'AddMessage', folderId: 2, flags: '', tagNames: [], date: 1, size: 500, blob: 'b'.repeat(64), meta: meta('too big') }, 'mail.QUOTA_EXCEEDED', 1000);
  });

  it('actions: read, flag, tag, move, trash, spam, update, delete; unknown ids fail', () => {
    const s = mailbox();
    const id = add(s, 'hello').data.messageId;
    apply(s, { type: 'CreateTag', name: 'Important' });
    apply(s, { type: 'ItemAction', kind: 'message', op: 'read', ids: [id] });
    apply(s, { type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] });
    apply(s, { type: 'ItemAction', kind: 'message', op: 'tag', ids: [id], tagName: 'important' });
    assert.equal(s.messages.get(id)?.flags, 'f');
    assert.equal(s.messages.get(id)?.tagIds.length, 1);
    apply(s, { type: 'ItemAction', kind: 'message', op: 'spam', ids: [id] });
    assert.equal(s.messages.get(id)?.folderId, SystemFolder.JUNK);
    apply(s, { type: 'ItemAction', kind: 'message', op: '!spam', ids: [id] });
    assert.equal(s.messages.get(id)?.folderId, SystemFolder.INBOX);
    apply(s, { type: 'ItemAction', kind: 'message', op: 'update', ids: [id], flags: 'u', tagNames: [] });
    assert.equal(s.messages.get(id)?.flags, 'u');
    assert.deepEqual(s.messages.get(id)?.tagIds, []);
    refused(s, { type: 'ItemAction', kind: 'message', op: 'read', ids: [9999] }, 'mail.NO_SUCH_MSG');
    refused(s, { type: 'ItemAction', kind: 'conversation', op: 'read', ids: [9999] }, 'mail.NO_SUCH_CONV');
    refused(s, { type: 'ItemAction', kind: 'message', op: 'tag', ids: [id], tagName: 'nope' }, 'mail.NO_SUCH_TAG');
    refused(s, { type: 'ItemAction', kind: 'message', op: 'move', ids: [id], folderId: 4242 }, 'mail.NO_SUCH_FOLDER');
    apply(s, { type: 'ItemAction', kind: 'message', op: 'delete', ids: [id] });
    assert.equal(s.messages.size, 0);
  });

  it('tags: duplicate names are refused, deleting a tag untags its messages', () => {
    const s = mailbox();
    apply(s, { type: 'CreateTag', name: 'work' });
    refused(s, { type: 'CreateTag', name: 'Work' }, 'mail.ALREADY_EXISTS');
    const id = add(s, 'x').data.messageId;
    const tagId = [...s.tags.keys()][0];
    apply(s, { type: 'ItemAction', kind: 'message', op: 'tag', ids: [id], tagId });
    apply(s, { type: 'TagAction', op: 'delete', ids: [tagId] });
    assert.deepEqual(s.messages.get(id)?.tagIds, []);
  });

  it('SaveDraft creates a draft, then replaces it under the same id', () => {
    const s = mailbox();
    const created = apply(s, { type: 'SaveDraft', date: 1, size: 10, blob: 'a'.repeat(64), meta: meta('draft') });
    const id = (created[0] as Extract<MailEvent, { type: 'MessageAdded' }>).data.messageId;
    assert.equal(s.messages.get(id)?.folderId, SystemFolder.DRAFTS);
    apply(s, { type: 'SaveDraft', id, date: 2, size: 30, blob: 'c'.repeat(64), meta: meta('draft v2') });
    assert.equal(s.messages.get(id)?.blob, 'c'.repeat(64));
    assert.equal(s.size, 30);
  });
});
