// The gateway's memory of change signals, which blocked requests check when they start waiting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeIndex } from '../src/waiting/change-index';

describe('ChangeIndex', () => {
  it('finds watched accounts changed after their threshold in the watched kinds', () => {
    const index = new ChangeIndex();
    index.record({ accountId: 'a', position: '10', types: ['m'] });
    index.record({ accountId: 'b', position: '12', types: ['c'] });
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['m'], after: 9n }] }), [{ id: 'a', position: 10n }]);
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['m'], after: 10n }] }), []);
    assert.deepEqual(index.changed({ accounts: [{ id: 'b', types: ['m'], after: 0n }] }), []);
  });

  it('all-accounts watches see every account, oldest change first', () => {
    const index = new ChangeIndex();
    index.record({ accountId: 'b', position: '12', types: ['m'] });
    index.record({ accountId: 'a', position: '10', types: ['m'] });
    assert.deepEqual(index.changed({ all: { types: ['m'], after: 5n } }), [
      { id: 'a', position: 10n },
      { id: 'b', position: 12n },
    ]);
    assert.deepEqual(index.changed({ all: { types: ['m'], after: 12n } }), []);
  });

  it('a deleted account ends every wait on it, whatever the kinds', () => {
    const index = new ChangeIndex();
    index.record({ accountId: 'a', position: '20', types: [], deleted: true });
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['c'], after: 1n }] }), [{ id: 'a', position: 20n }]);
  });

  it('an IM change wakes a NoOp (every kind) but no WaitSet (c/m/a)', () => {
    const index = new ChangeIndex();
    index.record({ accountId: 'a', position: '30', types: ['i'] });
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['a', 'c', 'm'], after: 1n }] }), []);
    assert.deepEqual(index.changed({ all: { types: ['a', 'c', 'm'], after: 1n } }), []);
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['a', 'c', 'm', 'f', 'i'], after: 29n }] }), [{ id: 'a', position: 30n }]);
    assert.deepEqual(index.changed({ accounts: [{ id: 'a', types: ['a', 'c', 'm', 'f', 'i'], after: 30n }] }), []);
  });
});
