// Zimbra's <change token="N" type="mod|new"/>: item change numbers kept by evolve, and the
// pure check that refuses to change what the client has not seen (mail.MODIFY_CONFLICT).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeCheck, DomainError, MailEvent, MessageMeta, SystemFolder } from '@gw/contracts';
import { decideMailbox, MailboxCommand } from '../src/mail/domain/decide';
import { emptyMailbox, evolve, MailboxState } from '../src/mail/domain/mailbox-state';

const meta = (subject: string): MessageMeta => ({ subject, normalizedSubject: subject.toLowerCase(), fragment: '', bodyText: '', addresses: [], references: [], hasAttachment: false });

/** A mailbox whose commits get positions 10, 20, 30, ... so revisions read clearly. */
class Box {
  state: MailboxState;
  revision = 10n;
  constructor() {
    this.state = evolve(emptyMailbox(), { type: 'MailboxCreated', data: { accountId: 'a1' } }, this.revision);
  }
  run(command: MailboxCommand, changeCheck?: ChangeCheck): MailEvent[] {
    const events = decideMailbox(this.state, command, { quotaBytes: 0, changeCheck });
    this.revision += 10n;
    for (const e of events) evolve(this.state, e, this.revision);
    return events;
  }
  add(folderId: number = SystemFolder.INBOX): number {
    const e = this.run({ type: 'AddMessage', folderId, flags: 'u', tagNames: [], date: 1, size: 10, blob: 'b'.repeat(64), meta: meta('hi') });
    return (e.find((x) => x.type === 'MessageAdded') as Extract<MailEvent, { type: 'MessageAdded' }>).data.messageId;
  }
}

const conflict = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof DomainError && e.code === 'mail.MODIFY_CONFLICT');
const mod = (token: bigint): ChangeCheck => ({ token: String(token), type: 'mod' });
const fresh = (token: bigint): ChangeCheck => ({ token: String(token), type: 'new' });

describe('item change numbers', () => {
  it('creation sets both; flags, tags, moves set the modified one; a rewritten draft sets both', () => {
    const box = new Box();
    assert.deepEqual([box.state.folders.get(2)!.modSeq, box.state.folders.get(2)!.savedSeq], [10n, 10n]);
    const id = box.add(); // 20
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] }); // 30
    assert.deepEqual([box.state.messages.get(id)!.modSeq, box.state.messages.get(id)!.savedSeq], [30n, 20n]);
    box.run({ type: 'CreateTag', name: 'x' }); // 40
    const tagId = [...box.state.tags.keys()][0];
    box.run({ type: 'ItemAction', kind: 'message', op: 'tag', ids: [id], tagId }); // 50
    box.run({ type: 'TagAction', op: 'color', ids: [tagId], color: 3 }); // 60
    assert.deepEqual([box.state.tags.get(tagId)!.modSeq, box.state.tags.get(tagId)!.savedSeq], [60n, 40n]);
    box.run({ type: 'TagAction', op: 'delete', ids: [tagId] }); // 70: untagging changes the message
    assert.equal(box.state.messages.get(id)!.modSeq, 70n);
    const draft = box.run({ type: 'SaveDraft', date: 1, size: 5, blob: 'a'.repeat(64), meta: meta('d') }); // 80
    const draftId = (draft[0] as Extract<MailEvent, { type: 'MessageAdded' }>).data.messageId;
    box.run({ type: 'SaveDraft', id: draftId, date: 2, size: 6, blob: 'c'.repeat(64), meta: meta('d2') }); // 90
    assert.deepEqual([box.state.messages.get(draftId)!.modSeq, box.state.messages.get(draftId)!.savedSeq], [90n, 90n]);
  });

  it('a folder keeps its numbers when mail arrives in it: its counts are not its own change', () => {
    const box = new Box();
    box.run({ type: 'CreateFolder', name: 'Work', parentId: 1 }); // 20
    box.add(257); // 30
    assert.equal(box.state.folders.get(257)!.modSeq, 20n);
    box.run({ type: 'FolderAction', op: 'rename', ids: [257], name: 'Job' }, mod(20n));
    assert.equal(box.state.folders.get(257)!.modSeq, 40n);
  });
});

describe('change token check', () => {
  it('type mod: changing a message modified after the token fails; a current token passes', () => {
    const box = new Box();
    const id = box.add(); // 20
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] }); // 30
    conflict(() => box.run({ type: 'ItemAction', kind: 'message', op: 'read', ids: [id] }, mod(29n)));
    conflict(() => box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [id] }, mod(20n)));
    box.run({ type: 'ItemAction', kind: 'message', op: 'read', ids: [id] }, mod(30n));
    assert.equal(box.state.messages.get(id)!.flags, 'f');
  });

  it('type new: only creation and content rewrites count', () => {
    const box = new Box();
    const id = box.add(); // 20
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] }); // 30
    box.run({ type: 'ItemAction', kind: 'message', op: '!flag', ids: [id] }, fresh(25n));
    conflict(() => box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] }, fresh(19n)));
    const draft = box.run({ type: 'SaveDraft', date: 1, size: 5, blob: 'a'.repeat(64), meta: meta('d') });
    const draftId = (draft[0] as Extract<MailEvent, { type: 'MessageAdded' }>).data.messageId;
    const saved = box.revision;
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [draftId] });
    box.run({ type: 'SaveDraft', id: draftId, date: 2, size: 6, blob: 'c'.repeat(64), meta: meta('d2') }, fresh(saved));
    conflict(() => box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [draftId] }, fresh(saved)));
  });

  it('items the command creates are not checked; folders and tags are', () => {
    const box = new Box();
    box.run({ type: 'AddMessage', folderId: 2, flags: '', tagNames: ['new-tag'], date: 1, size: 1, blob: 'b'.repeat(64), meta: meta('x') }, mod(0n));
    const [created] = box.run({ type: 'CreateFolder', name: 'A', parentId: 1 }, mod(0n));
    const folderId = (created as Extract<MailEvent, { type: 'FolderCreated' }>).data.folderId;
    conflict(() => box.run({ type: 'FolderAction', op: 'color', ids: [folderId], color: 2 }, mod(box.revision - 1n)));
    box.run({ type: 'FolderAction', op: 'color', ids: [folderId], color: 2 }, mod(box.revision));
    const tagId = [...box.state.tags.keys()][0];
    conflict(() => box.run({ type: 'TagAction', op: 'rename', ids: [tagId], name: 'old' }, fresh(10n)));
  });

  it('deleting or emptying a folder checks the messages that go with it', () => {
    const box = new Box();
    box.run({ type: 'CreateFolder', name: 'A', parentId: 1 }); // 20
    const before = box.revision;
    box.add(257); // 30
    conflict(() => box.run({ type: 'FolderAction', op: 'empty', ids: [257] }, mod(before)));
    conflict(() => box.run({ type: 'FolderAction', op: 'delete', ids: [257] }, fresh(before)));
    box.run({ type: 'FolderAction', op: 'delete', ids: [257] }, mod(box.revision));
    assert.ok(!box.state.folders.has(257));
  });

  it('no token, no check', () => {
    const box = new Box();
    const id = box.add();
    box.run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [id] });
    box.run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [id] });
    assert.equal(box.state.messages.size, 0);
  });
});
