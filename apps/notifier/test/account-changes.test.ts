// Which account changed, and in which kinds of item, for each commit of the event store; and the
// account-changes read model built from them (in an in-memory PGlite), as sessions and WaitSets read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Commit, EventStore } from '@gw/event-store';
import { Database, migrate, openDatabase } from '@gw/read-model';
import { createLogger } from '@gw/nats-bus';
import { accountChangesOf, recordedKinds } from '../src/changes/account-changes';
import { accountChangesProjection } from '../src/changes/account-changes.projection';
// The compiled class: its constructor parameters carry Nest decorators.
import { ChangeTracker } from '../dist/changes/change-tracker';
import { loadNotifierConfig } from '../src/infrastructure/config';
import { changedMembers, WaitSetRecord } from '../src/waitsets/waitset';

const commit = (stream: string, position: bigint, events: { type: string; data: unknown }[]): Commit => ({
  stream,
  position,
  events: events.map((e, index) => ({ ...e, id: `e${index}`, schemaVersion: 1, metadata: { at: '2026-01-01T00:00:00Z' }, stream, position, index })),
});

describe('account changes of a commit', () => {
  it('mail events are message changes; folder and tag events are `f`', () => {
    assert.deepEqual(accountChangesOf(commit('mailbox-acct1', 5n, [{ type: 'MessageAdded', data: {} }, { type: 'FolderCreated', data: {} }])), [
      { accountId: 'acct1', position: 5n, kinds: ['f', 'm'] },
    ]);
    assert.deepEqual(accountChangesOf(commit('mailbox-acct1', 6n, [{ type: 'TagCreated', data: {} }]))[0].kinds, ['f']);
  });

  it('deleting folders with mail in them is a message change', () => {
    const [change] = accountChangesOf(commit('mailbox-a', 7n, [{ type: 'FoldersDeleted', data: { folderIds: [300], messageIds: [301] } }]));
    assert.deepEqual(change.kinds, ['f', 'm']);
  });

  it('directory commits tell which accounts were created or deleted; other streams nothing', () => {
    assert.deepEqual(
      accountChangesOf(commit('directory', 8n, [{ type: 'AccountCreated', data: { accountId: 'x' } }, { type: 'AccountDeleted', data: { accountId: 'y' } }, { type: 'DomainCreated', data: {} }])),
      [
        { accountId: 'x', position: 8n, kinds: [], lifecycle: 'created' },
        { accountId: 'y', position: 8n, kinds: [], lifecycle: 'deleted' },
      ],
    );
    assert.deepEqual(accountChangesOf(commit('devices-1', 9n, [{ type: 'DeviceAdded', data: {} }])), []);
    assert.deepEqual(accountChangesOf(commit('imchat-t1', 10n, [{ type: 'ChatMessageAdded', data: {} }])), []);
  });

  it('an IM stream commit is an `i` change of its account, which does not move the mailbox revision', () => {
    const [change] = accountChangesOf(commit('im-acct1', 11n, [{ type: 'PeerPresenceReceived', data: {} }, { type: 'PresenceSet', data: {} }]));
    assert.deepEqual(change, { accountId: 'acct1', position: 11n, kinds: ['i'] });
    assert.deepEqual(recordedKinds(change), ['i']);
    assert.deepEqual(recordedKinds(accountChangesOf(commit('mailbox-acct1', 12n, [{ type: 'MessageAdded', data: {} }]))[0]), ['m', '*']);
  });
});

describe('the account-changes read model with IM streams', () => {
  let db: Database;
  let tracker: ChangeTracker;

  before(async () => {
    db = await openDatabase({ schema: 'notifier' });
    await migrate(db, accountChangesProjection.name, accountChangesProjection.migrations);
    await db.transaction((tx) =>
      accountChangesProjection.apply(tx, [
        commit('directory', 1n, [{ type: 'AccountCreated', data: { accountId: 'ann' } }]),
        commit('mailbox-ann', 5n, [{ type: 'MessageAdded', data: {} }]),
        commit('im-ann', 7n, [{ type: 'SubscriptionRequested', data: {} }]),
        commit('im-bob', 8n, [{ type: 'PeerPresenceReceived', data: {} }]),
        commit('im-ann', 9n, [{ type: 'ChatMessageReceived', data: {} }]),
      ]),
    );
    tracker = new ChangeTracker(db, {} as EventStore, loadNotifierConfig({}), createLogger('notifier', { LOG_LEVEL: 'silent' }));
  });
  after(async () => db?.close());

  it('keeps the mailbox revision and the IM revision apart', async () => {
    assert.deepEqual(await tracker.revisionsOf('ann'), { mailbox: 5n, im: 9n });
    assert.deepEqual(await tracker.revisionsOf('bob'), { mailbox: 0n, im: 8n });
    assert.deepEqual(await tracker.revisionsOf('nobody'), { mailbox: 0n, im: 0n });
  });

  it('WaitSets (c/m/a) neither report nor count IM-only changes', async () => {
    assert.deepEqual(await tracker.changedAfter(5n, ['a', 'c', 'm']), []);
    assert.deepEqual(await tracker.changedAfter(4n, ['a', 'c', 'm']), [{ accountId: 'ann', position: 5n }]);
    const set: WaitSetRecord = { id: 'ws', owner: 'admin', admin: true, defTypes: ['a', 'c', 'm'], allAccounts: false, createdAt: '0', lastAccess: 0, busyUntil: 0, accounts: { ann: { after: '5' }, bob: { after: '0' } } };
    assert.deepEqual(changedMembers(set, 0n, await tracker.lastChanges(['ann', 'bob'])), []);
  });
});
