// WaitSet membership, per-account errors, thresholds and limits as pure functions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedMembers, changeMembership, dropDeleted, evictionsFor, grantedTimeoutMs, isIdle, parseSeq, WaitSetRecord } from '../src/waitsets/waitset';
import { formatInterestTypes, parseInterestTypes } from '../src/changes/account-changes';

const empty = (over: Partial<WaitSetRecord> = {}): WaitSetRecord => ({
  id: 'ws',
  owner: 'admin',
  admin: true,
  defTypes: ['m'],
  allAccounts: false,
  createdAt: '10',
  lastAccess: 0,
  busyUntil: 0,
  accounts: {},
  ...over,
});
const live = (...ids: string[]) => new Map(ids.map((id) => [id, 'live' as const]));

describe('WaitSet rules', () => {
  it('add reports unknown accounts and duplicates; update and remove report non-members', () => {
    const { record, errors } = changeMembership(
      empty(),
      { add: [{ id: 'a' }, { id: 'a' }, { id: 'ghost' }], update: [{ id: 'b' }], remove: [{ id: 'c' }] },
      live('a', 'b', 'c'),
      20n,
    );
    assert.deepEqual(Object.keys(record.accounts), ['a']);
    assert.equal(record.accounts.a.after, '20');
    assert.deepEqual(errors, [
      { id: 'a', t: 'ALREADY_IN_SET_DURING_ADD' },
      { id: 'ghost', t: 'NO_SUCH_ACCOUNT' },
      { id: 'b', t: 'NOT_IN_SET_DURING_UPDATE' },
      { id: 'c', t: 'NOT_IN_SET_DURING_REMOVE' },
    ]);
  });

  it('all-accounts sets ignore add, update and remove', () => {
    const { record, errors } = changeMembership(empty({ allAccounts: true }), { add: [{ id: 'a' }], update: [], remove: [{ id: 'x' }] }, live('a'), 20n);
    assert.deepEqual(record.accounts, {});
    assert.deepEqual(errors, []);
  });

  it('a sync token replaces the add position as the baseline', () => {
    const { record } = changeMembership(empty(), { add: [{ id: 'a', token: '7' }], update: [], remove: [] }, live('a'), 20n);
    const last = new Map([['a', new Map([['m', 8n]])]]);
    // Changed at 8, after the token 7, although before the add at 20.
    assert.deepEqual(changedMembers(record, 0n, last), [{ id: 'a', position: 8n }]);
    // The client's seq moves the threshold too.
    assert.deepEqual(changedMembers(record, 8n, last), []);
  });

  it('only the types of interest count', () => {
    const { record } = changeMembership(empty({ defTypes: ['c'] }), { add: [{ id: 'a' }, { id: 'b', types: ['m'] }], update: [], remove: [] }, live('a', 'b'), 1n);
    const last = new Map([
      ['a', new Map([['m', 5n]])],
      ['b', new Map([['m', 6n]])],
    ]);
    assert.deepEqual(changedMembers(record, 0n, last), [{ id: 'b', position: 6n }]);
  });

  it('deleted accounts leave the set with MAILBOX_DELETED', () => {
    const record = empty({ accounts: { a: { after: '1' }, b: { after: '1' } } });
    const dropped = dropDeleted(record, new Map([['a', 'deleted' as const], ['b', 'live' as const]]));
    assert.deepEqual(Object.keys(dropped.record.accounts), ['b']);
    assert.deepEqual(dropped.errors, [{ id: 'a', t: 'MAILBOX_DELETED' }]);
  });

  it('interest types: all, letters, commas; anything else is refused', () => {
    assert.deepEqual(parseInterestTypes('all'), ['a', 'c', 'm']);
    assert.deepEqual(parseInterestTypes('m,c'), ['c', 'm']);
    assert.deepEqual(parseInterestTypes('cm'), ['c', 'm']);
    assert.equal(parseInterestTypes('x'), null);
    assert.equal(parseInterestTypes(''), null);
    assert.equal(formatInterestTypes(['a', 'c', 'm']), 'all');
    assert.equal(formatInterestTypes(['m']), 'm');
  });

  it('timeouts are clamped to the server range; seq is opaque', () => {
    const range = { defaultMs: 300_000, minMs: 30_000, maxMs: 1_200_000 };
    assert.equal(grantedTimeoutMs(undefined, range), 300_000);
    assert.equal(grantedTimeoutMs(1, range), 30_000);
    assert.equal(grantedTimeoutMs(99_999, range), 1_200_000);
    assert.equal(grantedTimeoutMs(60, range), 60_000);
    assert.equal(parseSeq('123'), 123n);
    assert.equal(parseSeq('not-a-number'), 0n);
  });

  it('a set is idle 20 minutes after its last use, unless a blocked request still holds it', () => {
    const minute = 60_000;
    assert.equal(isIdle({ lastAccess: 0, busyUntil: 0 }, 21 * minute, 20 * minute), true);
    assert.equal(isIdle({ lastAccess: 0, busyUntil: 0 }, 19 * minute, 20 * minute), false);
    assert.equal(isIdle({ lastAccess: 0, busyUntil: 30 * minute }, 45 * minute, 20 * minute), false);
  });

  it('the least recently used sets give way to a new one over the limit', () => {
    const sets = [1, 2, 3, 4, 5].map((n) => ({ id: `s${n}`, lastAccess: n === 2 ? 1 : 10 + n }));
    assert.deepEqual(evictionsFor(sets, 5), ['s2']);
    assert.deepEqual(evictionsFor(sets.slice(0, 4), 5), []);
  });
});
