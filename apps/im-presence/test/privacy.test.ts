import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrivacyItem } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { activePrivacyList } from '../src/domain/im-state';
import { normalisePrivacyList, privacyAllows } from '../src/domain/privacy';
import { Party } from '../src/domain/im-command';
import { ALICE, BOB, CAROL, World } from './im-fixture';

const T = 1_700_000_000_000;
const deny = (addr: string, order: number): PrivacyItem => ({ action: 'deny', order, addr });
const allow = (addr: string, order: number): PrivacyItem => ({ action: 'allow', order, addr });
const setList = (w: World, me: Party, items: PrivacyItem[], at = T, name?: string) => w.run(me.accountId, { type: 'SetPrivacyList', me, items, at, ...(name ? { name } : {}) });

describe('privacy lists', () => {
  it('entries are evaluated in increasing order, the first match decides; no match allows', () => {
    // soap-im.txt's example: allow foo@bar.com, block all others @bar.com — given out of order.
    const list = normalisePrivacyList(undefined, [deny('bar.com', 2), allow('Foo@Bar.com', 1)]);
    assert.deepEqual(list, { name: 'default', items: [allow('foo@bar.com', 1), deny('bar.com', 2)] });
    assert.equal(privacyAllows(list, 'foo@bar.com'), true);
    assert.equal(privacyAllows(list, 'FOO@bar.com'), true, 'addresses compare without case');
    assert.equal(privacyAllows(list, 'other@bar.com'), false);
    assert.equal(privacyAllows(list, 'someone@example.org'), true, 'no match allows');
    assert.equal(privacyAllows(undefined, 'other@bar.com'), true, 'no list allows');
    const reversed = normalisePrivacyList('x', [allow('bar.com', 2), deny('foo@bar.com', 1)]);
    assert.equal(privacyAllows(reversed, 'foo@bar.com'), false);
    assert.equal(privacyAllows(reversed, 'other@bar.com'), true);
  });

  it('a domain entry matches the whole domain only, not its subdomains or a longer name', () => {
    const list = normalisePrivacyList(undefined, [deny('bar.com', 1)]);
    assert.equal(privacyAllows(list, 'a@bar.com'), false);
    assert.equal(privacyAllows(list, 'a@chat.bar.com'), true);
    assert.equal(privacyAllows(list, 'a@foobar.com'), true);
    assert.equal(privacyAllows(normalisePrivacyList(undefined, [deny('a@bar.com', 1)]), 'b@bar.com'), true);
  });

  it('setting a list records it sorted and makes it the active one; without a name it replaces the active list', () => {
    const w = new World();
    assert.deepEqual(setList(w, ALICE, [deny('b@x.org', 2), deny('a@x.org', 1)], T, 'blocked'), [
      { type: 'PrivacyListSet', data: { list: { name: 'blocked', items: [deny('a@x.org', 1), deny('b@x.org', 2)] }, at: T } },
    ]);
    assert.equal(activePrivacyList(w.state(ALICE))?.name, 'blocked');
    setList(w, ALICE, [deny('c@x.org', 1)]);
    assert.deepEqual(activePrivacyList(w.state(ALICE)), { name: 'blocked', items: [deny('c@x.org', 1)] });
    assert.equal(w.state(ALICE).privacyLists.size, 1);
    const fresh = new World();
    setList(fresh, ALICE, []);
    assert.equal(activePrivacyList(fresh.state(ALICE))?.name, 'default', 'the default list without a name');
  });

  it('asking for a list records the request (with its name), every time', () => {
    const w = new World();
    assert.deepEqual(w.run(ALICE.accountId, { type: 'RequestPrivacyList', at: T }), [{ type: 'PrivacyListRequested', data: { at: T } }]);
    assert.deepEqual(w.run(ALICE.accountId, { type: 'RequestPrivacyList', name: 'work', at: T + 1 }), [{ type: 'PrivacyListRequested', data: { name: 'work', at: T + 1 } }]);
    assert.equal(w.run(ALICE.accountId, { type: 'RequestPrivacyList', at: T + 2 }).length, 1);
  });

  it('a denied subscriber is told I am unavailable, sees nothing while denied, and gets my presence when allowed again', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    w.befriend(ALICE, CAROL);
    w.setPresence(ALICE, 'dnd', T, { status: 'busy' });
    const [bob, carol] = [w.received(BOB).length, w.received(CAROL).length];

    setList(w, ALICE, [deny(BOB.addr, 1)], T + 1);
    assert.deepEqual(w.received(BOB).slice(bob), [[ALICE.addr, { unavailable: true }]]);
    assert.equal(w.received(CAROL).length, carol, 'others notice nothing');

    w.setPresence(ALICE, 'chat', T + 2);
    assert.equal(w.received(BOB).length, bob + 1, 'no presence reaches a denied subscriber');
    assert.deepEqual(w.received(CAROL).at(-1), [ALICE.addr, { unavailable: false, show: 'chat' }]);

    setList(w, ALICE, [deny(BOB.addr, 1)], T + 3);
    assert.equal(w.received(BOB).length, bob + 1, 'denying again changes nothing');
    setList(w, ALICE, [], T + 4);
    assert.deepEqual(w.received(BOB).at(-1), [ALICE.addr, { unavailable: false, show: 'chat' }], 're-allowed: my presence now');
  });

  it('a whole domain denied, with one address of it allowed first', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    w.befriend(ALICE, CAROL); // carol@example.net
    w.setPresence(ALICE, 'online', T);
    const [bob, carol] = [w.received(BOB).length, w.received(CAROL).length];
    setList(w, ALICE, [allow(BOB.addr, 1), deny('example.org', 2), deny('example.net', 3)], T + 1);
    assert.equal(w.received(BOB).length, bob, 'allowed by the first entry');
    assert.deepEqual(w.received(CAROL).slice(carol), [[ALICE.addr, { unavailable: true }]]);
  });

  it('while I am offline a new list sends nothing: denied or not, I look unavailable', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    const before = w.received(BOB).length;
    assert.deepEqual(decide(w.state(ALICE), { type: 'SetPrivacyList', me: ALICE, items: [deny(BOB.addr, 1)], at: T }).effects, []);
    setList(w, ALICE, [deny(BOB.addr, 1)]);
    w.setPresence(ALICE, 'online', T + 1);
    assert.equal(w.received(BOB).length, before, 'coming online is not shown to a denied subscriber');
  });

  it('presence from an address I deny is dropped (presence in)', () => {
    const w = new World();
    w.befriend(ALICE, BOB);
    setList(w, ALICE, [deny(BOB.addr, 1)], T);
    const before = w.received(ALICE).length;
    w.setPresence(BOB, 'online', T + 1);
    assert.equal(w.received(ALICE).length, before);
    setList(w, ALICE, [], T + 2);
    w.setPresence(BOB, 'away', T + 3);
    assert.deepEqual(w.received(ALICE).at(-1), [BOB.addr, { unavailable: false, show: 'away' }]);
  });

  it('a subscription request from a denied address is dropped: no request, no automatic approval', () => {
    const w = new World();
    setList(w, BOB, [deny('example.org', 1)], T);
    w.subscribe(ALICE, BOB, T + 1);
    assert.equal(w.state(BOB).requests.size, 0);
    assert.deepEqual(w.sub(ALICE, BOB), ['none', 'subscribe'], 'Alice waits, as XMPP shows a blocked request');
    w.subscribe(CAROL, BOB, T + 2);
    assert.deepEqual([...w.state(BOB).requests.keys()], [CAROL.addr], 'another domain reaches Bob');

    // A subscriber whose side lost the subscription asks again: a denied one is not re-approved.
    const v = new World();
    v.subscribe(ALICE, BOB);
    v.authorize(BOB, ALICE, true);
    v.run(ALICE.accountId, { type: 'ReceiveUnsubscribed', me: ALICE, from: BOB, at: T });
    setList(v, BOB, [deny(ALICE.addr, 1)], T + 1);
    v.subscribe(ALICE, BOB, T + 2);
    assert.deepEqual(v.sub(ALICE, BOB), ['none', 'subscribe']);
  });
});
