// A SOAP session's notification bookkeeping: acknowledgements, re-sending, block numbers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledge, newSession, pendingSince, recordBlock } from '../src/sessions/session';

describe('SOAP session notifications', () => {
  it('a new session starts at the current revision: nothing pending until the mailbox changes', () => {
    const s = newSession('s1', 'acct', 40n, false);
    assert.equal(pendingSince(s, 40n), null);
    assert.equal(pendingSince(s, 41n), 40n);
  });

  it('blocks are numbered from 1; an unacknowledged block goes out again under the newest number', () => {
    let s = newSession('s1', 'acct', 40n, false);
    const first = recordBlock(s, 45n);
    assert.equal(first.seq, 1);
    s = first.session;
    s = acknowledge(s, '1');
    assert.equal(s.acked, '45');
    assert.equal(s.sent.length, 0);
    const second = recordBlock(s, 50n);
    assert.equal(second.seq, 2);
    // Not acknowledged, more changes: the next block starts where the acknowledged one ended.
    s = acknowledge(second.session, '1');
    assert.equal(pendingSince(s, 60n), 45n);
    const third = recordBlock(s, 60n);
    assert.equal(third.seq, 3);
    // Same revision again: the same block number.
    assert.equal(recordBlock(third.session, 60n).seq, 3);
  });

  it('a client that sends no seq acknowledges everything sent (Zimbra keeps nothing for it)', () => {
    let s = recordBlock(newSession('s1', 'acct', 1n, false), 5n).session;
    s = recordBlock(s, 9n).session;
    s = acknowledge(s, undefined);
    assert.equal(s.acked, '9');
    assert.deepEqual(s.sent, []);
    assert.equal(pendingSince(s, 9n), null);
  });

  it('acknowledging block N keeps the later ones', () => {
    let s = recordBlock(newSession('s1', 'acct', 1n, false), 5n).session;
    s = recordBlock(s, 9n).session;
    s = acknowledge(s, '1');
    assert.equal(s.acked, '5');
    assert.deepEqual(s.sent, [{ seq: 2, revision: '9' }]);
  });

  it('nonotify: never a block', () => {
    const s = newSession('s1', 'acct', 1n, true);
    assert.equal(pendingSince(s, 100n), null);
  });
});
