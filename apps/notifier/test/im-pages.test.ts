// The IM half of a notify block: paging through GetImNotifications, the cap per block, and what
// a page that does not come leaves unacknowledged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImNotification, ImNotifications } from '@gw/contracts';
import { imNotificationsSince, ImPageFetch } from '../src/sessions/im-pages';

const note = (position: number): ImNotification => ({ type: 'subscribe', from: `u${position}@example.test`, position: String(position) });

/** im-presence as data: the notifications at these positions, answered `limit` at a time after `since`. */
function recorded(positions: number[], calls: { since: bigint; limit: number }[] = []): ImPageFetch {
  return async (since, limit): Promise<ImNotifications> => {
    calls.push({ since, limit });
    const after = positions.filter((p) => BigInt(p) > since);
    const page = after.slice(0, limit).map(note);
    return { revision: page.length ? page[page.length - 1].position : since.toString(), notifications: page, ...(after.length > limit ? { truncated: true } : {}) };
  };
}

describe('IM notifications of a block', () => {
  it('pages until im-presence has no more, and then covers the IM stream up to its revision', async () => {
    const calls: { since: bigint; limit: number }[] = [];
    const got = await imNotificationsSince(recorded([11, 12, 13, 14, 15], calls), 10n, 16n, { pageSize: 2, perBlock: 100 });
    assert.deepEqual(got.notifications.map((n) => n.position), ['11', '12', '13', '14', '15']);
    assert.deepEqual(calls.map((c) => c.since), [10n, 12n, 14n]);
    // Position 16 was an IM commit without a notification (own presence): covered all the same.
    assert.deepEqual(got.reach, { revision: 16n, complete: true });
  });

  it('stops at the cap per block, reaching only its last notification', async () => {
    const calls: { since: bigint; limit: number }[] = [];
    const got = await imNotificationsSince(recorded([11, 12, 13, 14, 15], calls), 10n, 15n, { pageSize: 2, perBlock: 3 });
    assert.deepEqual(got.notifications.map((n) => n.position), ['11', '12', '13']);
    // The last page asks only for what still fits.
    assert.deepEqual(calls.map((c) => c.limit), [2, 1]);
    assert.deepEqual(got.reach, { revision: 13n, complete: false });
    // The next turn goes on from there.
    const rest = await imNotificationsSince(recorded([11, 12, 13, 14, 15]), 13n, 15n, { pageSize: 2, perBlock: 3 });
    assert.deepEqual(rest.notifications.map((n) => n.position), ['14', '15']);
    assert.equal(rest.reach.complete, true);
  });

  it('a page that does not come keeps what came before it, and reaches no further', async () => {
    const answering = recorded([11, 12, 13, 14]);
    let calls = 0;
    const flaky: ImPageFetch = async (since, limit) => (++calls === 2 ? null : answering(since, limit));
    const got = await imNotificationsSince(flaky, 10n, 14n, { pageSize: 2, perBlock: 100 });
    assert.deepEqual(got.notifications.map((n) => n.position), ['11', '12']);
    assert.deepEqual(got.reach, { revision: 12n, complete: false });

    const down = await imNotificationsSince(async () => null, 10n, 14n);
    assert.deepEqual(down, { notifications: [], reach: { revision: 10n, complete: false } });
  });

  it('a truncated answer that does not move on is not asked again', async () => {
    let calls = 0;
    const stuck: ImPageFetch = async (since) => {
      calls++;
      return { revision: since.toString(), notifications: [], truncated: true };
    };
    const got = await imNotificationsSince(stuck, 10n, 14n);
    assert.equal(calls, 1);
    assert.deepEqual(got.reach, { revision: 10n, complete: false });
  });
});
