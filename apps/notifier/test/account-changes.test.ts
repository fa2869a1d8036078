// Which account changed, and in which kinds of item, for each commit of the event store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Commit } from '@gw/event-store';
import { accountChangesOf } from '../src/changes/account-changes';

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
  });
});
