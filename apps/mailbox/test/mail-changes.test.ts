// GetChanges against the real mail projection and read model (in-memory PGlite) and the
// mailbox repository over an in-memory event store: what a SOAP <notify> block would carry.
//
// The services are Nest providers with parameter decorators, which tsx cannot compile from the
// repository root (no experimentalDecorators there), so they come from the build (`npm test`
// builds first; by hand: npx tsc -b tsconfig.build.json).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MailChanges, MessageMeta, SystemFolder } from '@gw/contracts';
import { compareDatabases, Database, openDatabase, rebuildProjection, scratchDatabaseFor } from '@gw/read-model';
import { ReadModelSet } from '@gw/service-infra';
import { InMemoryEventStore } from '../../../libs/read-model/test/support/in-memory-event-store';
import { MAILBOX_PROJECTIONS } from '../dist/infrastructure/projections';
import { MailboxRepository } from '../dist/mail/mailbox.repository';
import { MailReadModel } from '../dist/mail/mail.read-model';
import { MailChangesService } from '../dist/mail/mail-changes.service';
import { mailProjection } from '../dist/mail/mail.projection';
import { MailboxCommand } from '../dist/mail/domain/decide';

const ACCOUNT = 'acct-changes';
const INBOX = SystemFolder.INBOX;
const meta = (subject: string, extra: Partial<MessageMeta> = {}): MessageMeta => ({
  subject,
  normalizedSubject: subject.replace(/^re:\s*/i, '').toLowerCase(),
  fragment: `about ${subject}`,
  bodyText: '',
  addresses: [{ type: 'f', address: 'alice@example.org' }],
  references: [],
  hasAttachment: false,
  ...extra,
});

describe('GetChanges over the mail read model', { timeout: 60_000 }, () => {
  let db: Database;
  let store: InMemoryEventStore;
  let readModels: ReadModelSet;
  let repository: MailboxRepository;
  let changes: MailChangesService;

  const run = async (command: MailboxCommand) => {
    const outcome = await repository.execute(ACCOUNT, command, { quotaBytes: 0 }, { id: ACCOUNT, name: 'ann' });
    await readModels.waitFor(outcome.position);
    return outcome;
  };
  const revision = async () => (await changes.since(ACCOUNT, undefined)).revision;
  const add = async (subject: string, folderId = INBOX, extra: Partial<MessageMeta> = {}, tagNames: string[] = []) => {
    const { events } = await run({ type: 'AddMessage', folderId, flags: 'u', tagNames, date: Date.now(), size: 1000, blob: 'b'.repeat(64), meta: meta(subject, extra) });
    const e = events.find((x) => x.type === 'MessageAdded');
    if (e?.type !== 'MessageAdded') throw new Error('no message added');
    return e.data;
  };
  const folderOf = (c: MailChanges, id: number) => c.modified.folders.find((f) => f.item.id === id);

  before(async () => {
    db = await openDatabase({ schema: 'mailbox' });
    store = new InMemoryEventStore();
    readModels = new ReadModelSet(db, store, { readYourWritesTimeoutMs: 5000 }, MAILBOX_PROJECTIONS);
    await readModels.onModuleInit();
    repository = new MailboxRepository(store);
    const readModel = new MailReadModel(db);
    changes = new MailChangesService(store, readModel, readModels);
  });
  after(async () => {
    await readModels?.onModuleDestroy();
    await db?.close();
  });

  it('a mailbox nothing was written to: revision 0, no changes', async () => {
    const c = await changes.since(ACCOUNT, undefined);
    assert.equal(c.revision, '0');
    assert.deepEqual(await changes.since(ACCOUNT, '0'), c);
  });

  it('from 0, the whole mailbox is created, but for the system folders clients always see', async () => {
    await run({ type: 'CreateFolder', name: 'Work', parentId: 1 });
    const m = await add('Hello', INBOX, { messageIdHeader: '<hello@x>' }, ['red']);
    const c = await changes.since(ACCOUNT, '0');
    assert.equal(c.revision, await revision());
    assert.deepEqual(c.created.folders.map((f) => f.name), ['Work']);
    assert.deepEqual(c.modified.folders.map((f) => [f.item.id, f.item.count, f.item.unread, f.changed]), [[INBOX, 1, 1, ['u', 'n', 's']]]);
    assert.deepEqual(c.created.tags.map((t) => [t.name, t.count]), [['red', 1]]);
    assert.deepEqual(c.created.messages.map((x) => [x.id, x.subject, x.tagNames]), [[m.messageId, 'Hello', ['red']]]);
    assert.deepEqual(c.created.conversations.map((x) => [x.id, x.count]), [[m.convId, 1]]);
    assert.equal(c.mailboxSize, 1000);
    assert.deepEqual(c.deleted, []);
  });

  it('moving a message from Inbox to a user folder reports both folders with their new counts', async () => {
    const work = (await changes.since(ACCOUNT, '0')).created.folders.find((f) => f.name === 'Work')!.id;
    const m = await add('Move me');
    const since = await revision();
    await run({ type: 'ItemAction', kind: 'message', op: 'move', ids: [m.messageId], folderId: work });
    const c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.modified.messages.map((x) => [x.item.id, x.item.folderId, x.changed]), [[m.messageId, work, ['l']]]);
    assert.deepEqual(folderOf(c, INBOX)?.changed, ['u', 'n', 's']);
    assert.deepEqual([folderOf(c, INBOX)?.item.count, folderOf(c, INBOX)?.item.unread], [1, 1]);
    assert.deepEqual(folderOf(c, work)?.changed, ['u', 'n', 's']);
    assert.deepEqual([folderOf(c, work)?.item.count, folderOf(c, work)?.item.unread, folderOf(c, work)?.item.size], [1, 1, 1000]);
    assert.equal(c.modified.folders.length, 2, 'no other folder');
    assert.equal(c.mailboxSize, undefined);
  });

  it('reading a message: the message, its conversation, folder and tag unread counts', async () => {
    const hello = (await changes.since(ACCOUNT, '0')).created.messages.find((x) => x.subject === 'Hello')!;
    const since = await revision();
    await run({ type: 'ItemAction', kind: 'message', op: 'read', ids: [hello.id] });
    const c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.modified.messages.map((x) => [x.item.id, x.item.flags, x.changed]), [[hello.id, '', ['f']]]);
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.id, x.item.unread, x.changed]), [[hello.convId, 0, ['u', 'f']]]);
    assert.deepEqual(c.modified.folders.map((x) => [x.item.id, x.item.unread, x.changed]), [[INBOX, 0, ['u']]]);
    assert.deepEqual(c.modified.tags.map((x) => [x.item.name, x.item.unread, x.changed]), [['red', 0, ['u']]]);
  });

  it('a reply joins the conversation (modified); deleting the first message leaves it with one', async () => {
    const hello = (await changes.since(ACCOUNT, '0')).created.messages.find((x) => x.subject === 'Hello')!;
    let since = await revision();
    const reply = await add('Re: Hello', SystemFolder.SENT, { inReplyTo: '<hello@x>' });
    let c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.created.messages.map((x) => x.id), [reply.messageId]);
    assert.deepEqual(c.created.conversations, []);
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.id, x.item.count]), [[hello.convId, 2]]);
    assert.equal(c.mailboxSize, 3000);

    since = await revision();
    await run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [hello.id] });
    c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.deleted, [hello.id]);
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.id, x.item.count]), [[hello.convId, 1]]);
    // From its tombstone: Inbox and the tag lost it.
    assert.deepEqual(c.modified.folders.map((x) => [x.item.id, x.item.count, x.changed]), [[INBOX, 0, ['u', 'n', 's']]]);
    assert.deepEqual(c.modified.tags.map((x) => [x.item.name, x.item.count]), [['red', 0]]);
    assert.equal(c.mailboxSize, 2000);

    since = await revision();
    await run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [reply.messageId] });
    c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.deleted, [reply.messageId, hello.convId].sort((a, b) => a - b), 'the conversation went with its last message');
  });

  it('made and removed in the range: only deleted; a deleted tag untags its messages', async () => {
    const since = await revision();
    const temp = await add('Temporary', INBOX, {}, ['blue']);
    await run({ type: 'ItemAction', kind: 'message', op: 'flag', ids: [temp.messageId] });
    await run({ type: 'ItemAction', kind: 'message', op: 'delete', ids: [temp.messageId] });
    const c = await changes.since(ACCOUNT, since);
    assert.deepEqual(c.created.messages, []);
    assert.deepEqual(c.created.conversations, []);
    assert.deepEqual(c.deleted, [temp.messageId, temp.convId].sort((a, b) => a - b));
    assert.deepEqual(c.created.tags.map((t) => t.name), ['blue']);

    const kept = await add('Tagged', INBOX, {}, ['green']);
    const green = kept.tagIds[0];
    const beforeDelete = await revision();
    await run({ type: 'TagAction', op: 'delete', ids: [green] });
    const d = await changes.since(ACCOUNT, beforeDelete);
    assert.deepEqual(d.deleted, [green]);
    assert.deepEqual(d.modified.messages.map((x) => [x.item.id, x.item.tagIds, x.changed]), [[kept.messageId, [], ['t', 'tn']]]);
    assert.deepEqual(d.modified.conversations.map((x) => [x.item.id, x.changed]), [[kept.convId, ['t']]]);
  });

  it('a current token: the revision, nothing else', async () => {
    const now = await revision();
    assert.deepEqual(await changes.since(ACCOUNT, now), {
      revision: now,
      created: { folders: [], tags: [], messages: [], conversations: [] },
      modified: { folders: [], tags: [], messages: [], conversations: [] },
      deleted: [],
    });
  });

  it('a rebuilt read model (tombstones and count changes included) equals the live one', async () => {
    const scratch = await scratchDatabaseFor({ schema: 'mailbox' });
    try {
      const { position } = await rebuildProjection({ store, projection: mailProjection, scratch });
      await readModels.waitFor(position);
      const comparison = await compareDatabases(db, scratch, mailProjection.tables);
      assert.deepEqual(comparison.differences, []);
      const { rows } = await db.query('SELECT count(*)::int AS n FROM mail_tombstones');
      assert.ok(rows[0].n >= 3);
    } finally {
      await scratch.close();
    }
  });
});
