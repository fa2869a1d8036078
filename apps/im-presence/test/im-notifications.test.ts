// The IM notifications read model: each `<n>` of soap-im.txt rendered from the event that makes
// it, the asynchronous roster as it stands at its place in the stream, paging, and pruning that
// does not depend on how commits were batched. The projection (from the build: dist) runs on an
// in-memory PGlite.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImEvent, ImNotificationBody, imStream, RosterItem } from '@gw/contracts';
import type { Commit } from '@gw/event-store';
import { compareDatabases, createPgliteTemplate, Database, migrate, openDatabase, PgliteTemplate, Projection } from '@gw/read-model';
import { createImProjection, IM_TABLES } from '../dist/im/im.projection';
import { ImReadModel } from '../dist/im/im.read-model';

const T = 1_700_000_000_000;
const ALICE = 'acct-alice';
const BOB = 'acct-bob';
const CAROL = 'acct-carol';

let position = 0n;
/** One append to an account's stream, at the next position. */
function commit(accountId: string, ...events: ImEvent[]): Commit {
  const stream = imStream(accountId);
  const at = ++position;
  return {
    stream,
    position: at,
    events: events.map((e, index) => ({ ...e, id: `e${at}-${index}`, schemaVersion: 1, metadata: { at: new Date(T).toISOString() }, stream, position: at, index })),
  };
}

const item = (addr: string, accountId: string, subscription: RosterItem['subscription'], extra: Partial<RosterItem> = {}): RosterItem => ({ addr, accountId, groups: [], subscription, ...extra });
const added = (i: RosterItem, at = T): ImEvent => ({ type: 'RosterItemAdded', data: { item: i, at } });
const online = (at = T, extra: { status?: string; show?: 'online' | 'away' | 'offline' } = {}): ImEvent => ({ type: 'PresenceSet', data: { sessionId: 'web', show: extra.show ?? 'online', priority: 0, at, ...(extra.status ? { status: extra.status } : {}) } });

let template: Promise<PgliteTemplate> | undefined;
/** An empty in-memory database with the projection's tables (copied from one initdb: faster). */
async function fresh(projection: Projection): Promise<Database> {
  const db = await openDatabase({ schema: 'im_presence', pgliteTemplate: await (template ??= createPgliteTemplate()) });
  await migrate(db, projection.name, projection.migrations);
  return db;
}

describe('IM notifications from account events', () => {
  const projection = createImProjection({ notificationRetentionMs: 86_400_000 });
  let db: Database;
  let readModel: ImReadModel;
  const apply = (...commits: Commit[]) => db.transaction((tx) => projection.apply(tx, commits));
  /** The bodies an account got after `since`, without positions. */
  const bodies = async (accountId: string, since = 0n, me = 'alice@example.org'): Promise<ImNotificationBody[]> =>
    (await readModel.notifications(accountId, since, 1000, me)).notifications.map(({ position: _, ...body }) => body as ImNotificationBody);
  const mark = async (accountId: string) => BigInt((await readModel.notifications(accountId, 0n, 10_000, '')).revision);

  before(async () => {
    db = await fresh(projection);
    readModel = new ImReadModel(db);
  });
  after(() => db?.close());

  it('roster changes: subscribed while I receive their presence, unsubscribed otherwise; a removed buddy is unsubscribed without ask; no ask=unsubscribe', async () => {
    await apply(
      commit(ALICE, added(item('bob@example.org', BOB, 'none', { name: 'Bob', groups: ['Work'], ask: 'subscribe' }))),
      commit(ALICE, { type: 'RosterItemUpdated', data: { item: item('bob@example.org', BOB, 'to', { name: 'Bob', groups: ['Work'] }), at: T } }),
      commit(ALICE, { type: 'RosterItemUpdated', data: { item: item('bob@example.org', BOB, 'from', { name: 'Bob', groups: ['Work'], ask: 'subscribe' }), at: T } }),
      commit(ALICE, { type: 'RosterItemRemoved', data: { addr: 'bob@example.org', at: T } }),
      commit(ALICE, added(item('zed@example.org', 'acct-zed', 'none', { ask: 'unsubscribe' }))),
      commit(ALICE, { type: 'RosterItemRemoved', data: { addr: 'zed@example.org', at: T } }),
    );
    assert.deepEqual(await bodies(ALICE), [
      { type: 'unsubscribed', to: 'bob@example.org', name: 'Bob', groups: ['Work'], ask: 'subscribe' },
      { type: 'subscribed', to: 'bob@example.org', name: 'Bob', groups: ['Work'] },
      { type: 'unsubscribed', to: 'bob@example.org', name: 'Bob', groups: ['Work'], ask: 'subscribe' },
      { type: 'unsubscribed', to: 'bob@example.org', name: 'Bob', groups: ['Work'] },
      { type: 'unsubscribed', to: 'zed@example.org', groups: [] },
      { type: 'unsubscribed', to: 'zed@example.org', groups: [] },
    ]);
  });

  it('a request is `subscribe`; a buddy’s presence is `presence`; closing a request or my own presence notify nothing', async () => {
    const since = await mark(BOB);
    await apply(
      commit(BOB, { type: 'SubscriptionRequested', data: { from: 'alice@example.org', fromAccountId: ALICE, at: T } }),
      commit(BOB, { type: 'SubscriptionRequestClosed', data: { from: 'alice@example.org', outcome: 'authorized', at: T } }),
      commit(BOB, online()),
      commit(BOB, { type: 'PeerPresenceReceived', data: { from: 'alice@example.org', fromAccountId: ALICE, presence: { unavailable: false, show: 'dnd', priority: 3, status: 'busy' }, at: T } }),
      commit(BOB, { type: 'PeerPresenceReceived', data: { from: 'alice@example.org', fromAccountId: ALICE, presence: { unavailable: true }, at: T } }),
    );
    assert.deepEqual(await bodies(BOB, since), [
      { type: 'subscribe', from: 'alice@example.org' },
      { type: 'presence', from: 'alice@example.org', unavailable: false, show: 'dnd', priority: 3, status: 'busy' },
      { type: 'presence', from: 'alice@example.org', unavailable: true },
    ]);
  });

  it('the roster response: every buddy, the presence of those I receive (as of events earlier in the same batch), pending requests, my privacy list', async () => {
    const since = await mark(CAROL);
    await apply(
      // Carol receives Alice (to) and Bob (both); Dave only receives hers (from).
      commit(CAROL, added(item('alice@example.org', ALICE, 'to', { name: 'Alice' })), added(item('bob@example.org', BOB, 'both')), added(item('dave@example.org', 'acct-dave', 'from'))),
      commit(ALICE, added(item('carol@example.net', CAROL, 'from')), online(T, { status: 'here' })),
      commit(BOB, added(item('carol@example.net', CAROL, 'both')), online(T, { show: 'offline' })),
      commit(CAROL, { type: 'SubscriptionRequested', data: { from: 'erin@example.org', fromAccountId: 'acct-erin', at: T } }),
      commit(CAROL, { type: 'RosterRequested', data: { at: T + 1000 } }),
    );
    assert.deepEqual((await bodies(CAROL, since)).slice(-3), [
      {
        type: 'roster',
        items: [
          { addr: 'alice@example.org', name: 'Alice', groups: [], subscribed: true },
          { addr: 'bob@example.org', groups: [], subscribed: true },
          { addr: 'dave@example.org', groups: [], subscribed: false },
        ],
        presence: [
          { from: 'alice@example.org', unavailable: false, status: 'here' },
          { from: 'bob@example.org', unavailable: true },
        ],
      },
      { type: 'subscribe', from: 'erin@example.org' },
      { type: 'privacy', list: { name: 'default', items: [] } },
    ]);
  });

  it('in the roster response, a buddy whose list denies me — or whom my list denies — is unavailable', async () => {
    const since = await mark(CAROL);
    await apply(
      commit(ALICE, { type: 'PrivacyListSet', data: { list: { name: 'default', items: [{ action: 'deny', order: 1, addr: 'example.net' }] }, at: T } }),
      commit(BOB, online()),
      commit(CAROL, { type: 'PrivacyListSet', data: { list: { name: 'quiet', items: [{ action: 'deny', order: 1, addr: 'bob@example.org' }] }, at: T } }),
      commit(CAROL, { type: 'RosterRequested', data: { at: T } }),
    );
    const all = await bodies(CAROL, since);
    const roster = all.find((b) => b.type === 'roster');
    assert.deepEqual(roster?.type === 'roster' && roster.presence, [
      { from: 'alice@example.org', unavailable: true },
      { from: 'bob@example.org', unavailable: true },
    ]);
    assert.deepEqual(all.at(-1), { type: 'privacy', list: { name: 'quiet', items: [{ action: 'deny', order: 1, addr: 'bob@example.org' }] } });
    const roster2 = await readModel.roster(CAROL, T);
    assert.deepEqual(
      roster2.items.map((i) => [i.addr, i.presence?.unavailable]),
      [
        ['alice@example.org', true],
        ['bob@example.org', true],
        ['dave@example.org', undefined],
      ],
      'IMGetRoster agrees',
    );
  });

  it('privacy: the list when set, the named or active list when asked, an empty list when there is none', async () => {
    const since = await mark(BOB);
    const list = { name: 'work', items: [{ action: 'allow' as const, order: 1, addr: 'alice@example.org' }] };
    await apply(
      commit(BOB, { type: 'PrivacyListRequested', data: { at: T } }),
      commit(BOB, { type: 'PrivacyListSet', data: { list, at: T } }),
      commit(BOB, { type: 'PrivacyListRequested', data: { at: T } }),
      commit(BOB, { type: 'PrivacyListRequested', data: { name: 'work', at: T } }),
      commit(BOB, { type: 'PrivacyListRequested', data: { name: 'other', at: T } }),
    );
    assert.deepEqual(await bodies(BOB, since), [
      { type: 'privacy', list: { name: 'default', items: [] } },
      { type: 'privacy', list },
      { type: 'privacy', list },
      { type: 'privacy', list },
      { type: 'privacy', list: { name: 'other', items: [] } },
    ]);
  });

  it('gateways: gwStatus on reg and reconnect, intentionally_offline while offline, else start; nothing on unreg', async () => {
    const account = 'acct-gw';
    await apply(
      commit(account, { type: 'GatewayRegistered', data: { service: 'aim', name: 'me', at: T } }),
      commit(account, online(T)),
      commit(account, { type: 'GatewayReconnectRequested', data: { service: 'aim', at: T } }),
      commit(account, { type: 'GatewayUnregistered', data: { service: 'aim', at: T } }),
    );
    assert.deepEqual(await bodies(account), [
      { type: 'gwStatus', service: 'aim', state: 'intentionally_offline' },
      { type: 'gwStatus', service: 'aim', state: 'start' },
    ]);
    assert.deepEqual([...(await readModel.gatewayRegistrations(account))], []);
  });

  it('chat events: message (html flag), enteredchat, chatpresence, leftchat, chatclosed, invited; joining alone says nothing', async () => {
    const account = 'acct-chat';
    const thread = 'th1';
    const me = { addr: 'room@conference.example.org/me', me: true };
    const nick = { addr: 'room@conference.example.org/bob', name: 'bob', role: 'participant' as const, affiliation: 'member' as const };
    await apply(
      commit(account, { type: 'ChatJoined', data: { thread, room: 'room@conference.example.org', at: T } }),
      commit(account, { type: 'ChatMessageReceived', data: { thread, from: 'bob@example.org', ts: T, seq: 1, body: { text: 'hi *you*' }, html: '<b>hi</b> you', subject: { text: 'S' }, at: T } }),
      commit(account, { type: 'ChatMessageReceived', data: { thread, from: 'bob@example.org', ts: T + 1, seq: 2, body: { text: 'plain', lang: 'en' }, at: T } }),
      commit(account, { type: 'ChatMessageReceived', data: { thread, from: 'bob@example.org', ts: T + 2, typing: true, at: T } }),
      commit(account, { type: 'ChatMessageReceived', data: { thread, from: 'bob@example.org', ts: T + 3, error: 'service_unavailable', at: T } }),
      commit(account, { type: 'ChatParticipantChanged', data: { thread, change: 'entered', participant: me, status: ['NewRoomCreated'], at: T } }),
      commit(account, { type: 'ChatParticipantChanged', data: { thread, change: 'entered', participant: nick, at: T } }),
      commit(account, { type: 'ChatParticipantChanged', data: { thread, change: 'presence', participant: { ...nick, role: 'moderator' }, at: T } }),
      commit(account, { type: 'ChatParticipantChanged', data: { thread, change: 'left', participant: nick, at: T } }),
      commit(account, { type: 'ChatInvitationReceived', data: { thread: 'th2', addr: 'other@conference.example.org', from: 'bob@example.org', message: 'join us', at: T } }),
      commit(account, { type: 'ChatLeft', data: { thread, reason: 'kicked', at: T } }),
      commit(account, { type: 'ChatLeft', data: { thread, reason: 'banned', at: T } }),
      commit(account, { type: 'ChatLeft', data: { thread, reason: 'left', status: ['RemovedForMembersOnly'], at: T } }),
      commit(account, { type: 'ChatLeft', data: { thread: 'th3', reason: 'closed', at: T } }),
      commit(account, { type: 'ChatLeft', data: { thread: 'th4', reason: 'destroyed', at: T } }),
    );
    assert.deepEqual(await bodies(account, 0n, 'me@example.org'), [
      { type: 'message', from: 'bob@example.org', thread, ts: T, subject: { text: 'S' }, body: { text: '<b>hi</b> you', html: true } },
      { type: 'message', from: 'bob@example.org', thread, ts: T + 1, body: { text: 'plain', lang: 'en', html: false } },
      { type: 'message', from: 'bob@example.org', thread, ts: T + 2, typing: true },
      { type: 'message', from: 'bob@example.org', thread, ts: T + 3, error: 'service_unavailable' },
      { type: 'enteredchat', thread, addr: me.addr, participant: me, status: ['NewRoomCreated'] },
      { type: 'enteredchat', thread, addr: nick.addr, participant: nick },
      { type: 'chatpresence', thread, addr: nick.addr, participant: { ...nick, role: 'moderator' } },
      { type: 'leftchat', thread, addr: nick.addr },
      { type: 'invited', thread: 'th2', addr: 'other@conference.example.org', from: 'bob@example.org', message: 'join us' },
      { type: 'leftchat', thread, addr: 'me@example.org', me: true, status: ['KickedFromRoom'] },
      { type: 'leftchat', thread, addr: 'me@example.org', me: true, status: ['YouHaveBeenBanned'] },
      { type: 'leftchat', thread, addr: 'me@example.org', me: true, status: ['RemovedForMembersOnly'] },
      { type: 'chatclosed', thread: 'th3' },
      { type: 'leftchat', thread: 'th4', addr: 'me@example.org', me: true },
      { type: 'chatclosed', thread: 'th4' },
    ]);
  });

  it('pages: oldest first from `since`, at most `limit`, never splitting one commit', async () => {
    const account = 'acct-pages';
    const request = (from: string): ImEvent => ({ type: 'SubscriptionRequested', data: { from, fromAccountId: from, at: T } });
    const c1 = commit(account, request('a@x.org'));
    const c2 = commit(account, request('b@x.org'), request('c@x.org'), request('d@x.org'));
    const c3 = commit(account, request('e@x.org'));
    await apply(c1, c2, c3);
    const page = (since: bigint, limit: number) => readModel.notifications(account, since, limit, '');
    const froms = (r: Awaited<ReturnType<typeof page>>) => r.notifications.map((n) => (n.type === 'subscribe' ? n.from : n.type));

    const first = await page(0n, 2);
    assert.deepEqual([froms(first), first.revision, first.truncated], [['a@x.org'], String(c1.position), true], 'the second commit does not fit: the page ends before it');
    const second = await page(BigInt(first.revision), 2);
    assert.deepEqual([froms(second), second.revision, second.truncated], [['b@x.org', 'c@x.org', 'd@x.org'], String(c2.position), true], 'a commit larger than the page comes whole');
    assert.deepEqual(second.notifications.map((n) => n.position), [String(c2.position), String(c2.position), String(c2.position)]);
    const third = await page(BigInt(second.revision), 2);
    assert.deepEqual([froms(third), third.revision, third.truncated], [['e@x.org'], String(c3.position), undefined]);
    const none = await page(BigInt(third.revision), 2);
    assert.deepEqual([none.notifications, none.revision, none.truncated], [[], String(c3.position), undefined]);
    assert.deepEqual(froms(await page(0n, 5)), ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org', 'e@x.org']);
  });
});

describe('pruning IM notifications', () => {
  const HOUR = 3_600_000;
  const projection = createImProjection({ notificationRetentionMs: 6 * HOUR }); // pruned every 15 minutes
  const request = (n: number, at: number): ImEvent => ({ type: 'SubscriptionRequested', data: { from: `u${n}@x.org`, fromAccountId: `u${n}`, at } });
  // A day of requests, one every 30 minutes, and one whose clock is behind.
  const commits = Array.from({ length: 48 }, (_, n) => commit('acct-prune', request(n, T + n * 30 * 60_000)));
  commits.splice(30, 0, commit('acct-prune', request(999, T)));

  it('keeps the retention period, whatever the batches; a rebuild in other batches has the same rows', async () => {
    const whole = await fresh(projection);
    const single = await fresh(projection);
    try {
      await whole.transaction((tx) => projection.apply(tx, commits));
      for (const c of commits) await single.transaction((tx) => projection.apply(tx, [c]));
      const newest = T + 47 * 30 * 60_000;
      const { rows } = await whole.query<{ oldest: string; count: number }>(`SELECT min(at) AS oldest, count(*)::int AS count FROM im_notifications`);
      assert.equal(Number(rows[0].oldest), newest - 6 * HOUR, 'nothing older than the retention');
      assert.equal(rows[0].count, 13);
      const comparison = await compareDatabases(whole, single, IM_TABLES);
      assert.equal(comparison.equal, true, JSON.stringify(comparison.differences));
    } finally {
      await whole.close();
      await single.close();
    }
  });
});
