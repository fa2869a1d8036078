import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImPresence } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { peerPresence } from '../src/domain/presence-view';
import { ALICE, BOB, CAROL, World } from './im-fixture';

const DAVE = { accountId: 'acct-dave', addr: 'dave@example.org' };
const T = 1_700_000_000_000;

describe('presence going out to subscribers', () => {
  it('what a buddy receives: show only for away/chat/dnd/xa, priority when not 0, unavailable when offline', () => {
    const base: ImPresence = { show: 'online', unavailable: false, idle: false, priority: 0, secondsSinceLastActivity: 5 };
    assert.deepEqual(peerPresence(base), { unavailable: false });
    assert.deepEqual(peerPresence({ ...base, show: 'dnd', priority: 7, status: 'busy', lang: 'en' }), { unavailable: false, show: 'dnd', priority: 7, status: 'busy', lang: 'en' });
    assert.deepEqual(peerPresence({ ...base, status: '' }), { unavailable: false }, 'an empty status is no status');
    assert.deepEqual(peerPresence({ show: 'offline', unavailable: true, idle: false, secondsSinceLastActivity: 60 }), { unavailable: true });
  });

  it('goes to every buddy with from/both, not to those I only receive from', () => {
    const w = new World();
    w.befriend(ALICE, BOB); // both
    w.subscribe(ALICE, CAROL); // Alice receives Carol's presence (to) …
    w.authorize(CAROL, ALICE, true); // … Carol does not receive Alice's
    w.subscribe(DAVE, ALICE); // Dave receives Alice's (from, on Alice's side)
    w.authorize(ALICE, DAVE, true);
    assert.deepEqual([w.sub(ALICE, BOB)?.[0], w.sub(ALICE, CAROL)?.[0], w.sub(ALICE, DAVE)?.[0]], ['both', 'to', 'from']);

    const { effects } = decide(w.state(ALICE), { type: 'SetPresence', me: ALICE, sessionId: 'web', show: 'away', priority: 0, status: 'lunch', at: T });
    assert.deepEqual(
      effects.map((e) => [e.accountId, e.command.type]),
      [
        [BOB.accountId, 'ReceivePeerPresence'],
        [DAVE.accountId, 'ReceivePeerPresence'],
      ],
    );
    w.setPresence(ALICE, 'away', T, { status: 'lunch' });
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: false, show: 'away', status: 'lunch' }]);
    assert.deepEqual(w.received(DAVE).at(-1), [ALICE.addr, { unavailable: false, show: 'away', status: 'lunch' }]);
    assert.equal(w.received(CAROL).length, 0);
  });

  it('only a change of what others see goes out; offline is unavailable', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    const before = w.received(BOB).length;
    w.setPresence(ALICE, 'online', T, { sessionId: 'web', priority: 5 });
    assert.deepEqual(w.received(BOB).slice(before), [[ALICE.addr, { unavailable: false, priority: 5 }]]);
    // A second, less important session changes nothing others see.
    assert.deepEqual(decide(w.state(ALICE), { type: 'SetPresence', me: ALICE, sessionId: 'phone', show: 'xa', priority: 1, at: T + 1 }).effects, []);
    w.setPresence(ALICE, 'xa', T + 1, { sessionId: 'phone', priority: 1 });
    // The leading session going offline shows the other one.
    w.setPresence(ALICE, 'offline', T + 2, { sessionId: 'web' });
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: false, show: 'xa', priority: 1 }]);
    w.setPresence(ALICE, 'offline', T + 3, { sessionId: 'phone' });
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: true }]);
  });

  it('idle sessions make me away for my buddies, and back again', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    w.setPresence(ALICE, 'online', T);
    w.run(ALICE.accountId, { type: 'SetIdle', me: ALICE, sessionId: 'web', idle: true, idleSeconds: 60, at: T + 120_000 });
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: false, show: 'away' }]);
    w.run(ALICE.accountId, { type: 'SetIdle', me: ALICE, sessionId: 'web', idle: false, idleSeconds: 0, at: T + 180_000 });
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: false }]);
  });

  it('a new subscriber gets my presence right after the approval', () => {
    const w = new World();
    w.setPresence(BOB, 'chat', T, { status: 'hi' });
    w.subscribe(ALICE, BOB, T + 1);
    w.authorize(BOB, ALICE, true, false, T + 2);
    assert.deepEqual(w.received(ALICE), [[BOB.addr, { unavailable: false, show: 'chat', status: 'hi' }]]);
    const types = w.log.filter(([id]) => id === ALICE.accountId).map(([, type]) => type);
    assert.deepEqual(types, ['RosterItemAdded', 'RosterItemUpdated', 'PeerPresenceReceived'], 'subscribed first, then the presence');
  });

  it('an offline contact approving sends unavailable; an automatic re-approval sends the presence again', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true);
    assert.deepEqual(w.received(ALICE), [[BOB.addr, { unavailable: true }]]);
    w.setPresence(BOB, 'dnd', T);
    w.run(ALICE.accountId, { type: 'ReceiveUnsubscribed', me: ALICE, from: BOB, at: T + 1 });
    w.subscribe(ALICE, BOB, T + 2);
    assert.deepEqual(w.received(ALICE).at(-1), [BOB.addr, { unavailable: false, show: 'dnd' }]);
  });

  it('revoking or removing a subscriber tells them I am unavailable first', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    w.setPresence(ALICE, 'online', T);
    w.authorize(ALICE, BOB, false, false, T + 1);
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: true }]);
    assert.deepEqual(w.sub(BOB, ALICE), ['from', undefined], 'Bob no longer receives Alice');

    const v = new World();
    v.befriend(ALICE, BOB);
    v.setPresence(ALICE, 'online', T);
    const before = v.received(BOB).length;
    v.remove(ALICE, BOB, T + 1);
    assert.deepEqual(v.received(BOB).slice(before), [[ALICE.addr, { unavailable: true }]]);

    const offline = new World();
    offline.befriend(ALICE, BOB);
    const none = offline.received(BOB).length;
    offline.remove(ALICE, BOB, T + 1);
    assert.equal(offline.received(BOB).length, none, 'an offline subscriber already sees me unavailable');
  });

  it('presence from someone I do not receive presence from is not recorded', () => {
    const w = new World();
    w.subscribe(ALICE, BOB); // pending: none + ask
    const stray = { type: 'ReceivePeerPresence' as const, me: ALICE, from: BOB, presence: { unavailable: false }, at: T };
    assert.deepEqual(decide(w.state(ALICE), stray).events, []);
    assert.deepEqual(decide(w.state(ALICE), { ...stray, from: CAROL }).events, []);
    w.authorize(BOB, ALICE, true);
    assert.deepEqual(decide(w.state(ALICE), stray).events.map((e) => e.type), ['PeerPresenceReceived']);
  });
});
