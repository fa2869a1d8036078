// A SOAP session's notification bookkeeping: acknowledgements, re-sending, block numbers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledge, newSession, passQuietly, pendingSince, reachOf, recordBlock } from '../src/sessions/session';

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

  it('mail and IM share one revision: an IM change alone makes the session pending, from where it was acknowledged', () => {
    // Mailbox at 40, IM stream at 38: the session starts at the newer of the two.
    const s = newSession('s1', 'acct', 40n, false);
    const im = 45n;
    assert.equal(pendingSince(s, 40n > im ? 40n : im), 40n);
    // The block covers both sources up to the newest; acknowledging it covers the IM change too.
    const reached = reachOf(40n, 45n, [
      { revision: 40n, complete: true },
      { revision: 45n, complete: true },
    ]);
    assert.equal(reached, 45n);
    const acked = acknowledge(recordBlock(s, reached).session, '1');
    assert.equal(acked.acked, '45');
    assert.equal(pendingSince(acked, 45n), null);
  });

  it('a block reaches as far as its newest content when every source is complete', () => {
    // Mail moved at 50 (the mailbox reports 50), the IM stream last at 47 with its notifications.
    assert.equal(reachOf(40n, 52n, [{ revision: 50n, complete: true }, { revision: 47n, complete: true }]), 50n);
    // An IM commit that notified nobody still counts: the IM source reaches its revision.
    assert.equal(reachOf(40n, 60n, [{ revision: 30n, complete: true }, { revision: 58n, complete: true }]), 58n);
  });

  it('truncated IM notifications hold the block back to the last one sent; the rest follows from there', () => {
    // IM stopped at 44 (cap), mail reached 50: acknowledging the block must not cover IM after 44.
    const reached = reachOf(40n, 52n, [{ revision: 50n, complete: true }, { revision: 44n, complete: false }]);
    assert.equal(reached, 44n);
    let s = recordBlock(newSession('s1', 'acct', 40n, false), reached).session;
    s = acknowledge(s, '1');
    assert.equal(pendingSince(s, 50n), 44n);
    // The next turn pages on from 44 and completes: the block reaches the newest content.
    assert.equal(reachOf(44n, 52n, [{ revision: 50n, complete: true }, { revision: 51n, complete: true }]), 51n);
  });

  it('IM notifications that did not come (im-presence down) stay unacknowledged: the block goes no further than where it began', () => {
    const reached = reachOf(40n, 52n, [{ revision: 50n, complete: true }, { revision: 40n, complete: false }]);
    assert.equal(reached, 40n);
    const s = acknowledge(recordBlock(newSession('s1', 'acct', 40n, false), reached).session, '1');
    assert.equal(s.acked, '40');
    assert.equal(pendingSince(s, 50n), 40n);
  });

  it('a source ahead of the notifier counts only as far as the notifier can vouch for the other', () => {
    // The mailbox service already has 55; the notifier has seen up to 52: IM after 52 is unknown yet.
    assert.equal(reachOf(40n, 52n, [{ revision: 55n, complete: true }, { revision: 38n, complete: true }]), 52n);
    // Mail alone, as before IM: the block reaches the mailbox revision.
    assert.equal(reachOf(40n, 60n, [{ revision: 45n, complete: true }, { revision: 0n, complete: true }]), 45n);
  });

  it('changes with nothing to tell move the session on without a block', () => {
    const s = newSession('s1', 'acct', 40n, false);
    const passed = passQuietly(s, 42n);
    assert.equal(passed.acked, '42');
    assert.equal(passed.seq, 0);
    assert.equal(pendingSince(passed, 42n), null);
    // Never backwards; and blocks it covers are done with, later ones are kept.
    assert.equal(passQuietly(passed, 41n), passed);
    let sent = recordBlock(s, 41n).session;
    sent = recordBlock(sent, 46n).session;
    assert.deepEqual(passQuietly(sent, 43n).sent, [{ seq: 2, revision: '46' }]);
  });
});
