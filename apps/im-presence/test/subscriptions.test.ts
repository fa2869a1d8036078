import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, ErrorCode } from '@gw/contracts';
import { ALICE, BOB, World } from './im-fixture';

describe('subscriptions between two local accounts', () => {
  it('a subscribe puts the buddy on my roster with ask=subscribe and a request on theirs, in that order', () => {
    const w = new World();
    w.subscribe(ALICE, BOB, 1, { name: 'Bob', groups: ['Work'] });
    assert.deepEqual(w.item(ALICE, BOB), { addr: BOB.addr, accountId: BOB.accountId, name: 'Bob', groups: ['Work'], subscription: 'none', ask: 'subscribe' });
    assert.deepEqual([...w.state(BOB).requests.values()], [{ from: ALICE.addr, accountId: ALICE.accountId, at: 1 }]);
    assert.equal(w.item(BOB, ALICE), undefined, 'the contact has no roster item yet');
    assert.deepEqual(w.log, [
      [ALICE.accountId, 'RosterItemAdded'],
      [BOB.accountId, 'SubscriptionRequested'],
    ]);
  });

  it('authorizing gives the subscriber `to` and the contact `from`; a mutual pair ends with both', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true);
    assert.deepEqual(w.sub(ALICE, BOB), ['to', undefined]);
    assert.deepEqual(w.sub(BOB, ALICE), ['from', undefined]);
    assert.equal(w.state(BOB).requests.size, 0);

    w.subscribe(BOB, ALICE);
    assert.deepEqual(w.sub(BOB, ALICE), ['from', 'subscribe']);
    w.authorize(ALICE, BOB, true);
    assert.deepEqual(w.sub(ALICE, BOB), ['both', undefined]);
    assert.deepEqual(w.sub(BOB, ALICE), ['both', undefined]);
  });

  it('authorize with add=true also subscribes back: both after the other side authorizes', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true, true);
    assert.deepEqual(w.sub(BOB, ALICE), ['from', 'subscribe']);
    assert.deepEqual(w.sub(ALICE, BOB), ['to', undefined]);
    assert.equal(w.state(ALICE).requests.has(BOB.addr), true);
    w.authorize(ALICE, BOB, true);
    assert.deepEqual([w.sub(ALICE, BOB), w.sub(BOB, ALICE)], [['both', undefined], ['both', undefined]]);
  });

  it('a refusal clears the ask and leaves the subscription none', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, false);
    assert.deepEqual(w.sub(ALICE, BOB), ['none', undefined]);
    assert.equal(w.item(BOB, ALICE), undefined);
    assert.equal(w.state(BOB).requests.size, 0);
  });

  it('revoking a granted subscription takes `to` away from the subscriber', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true);
    w.authorize(BOB, ALICE, false);
    assert.deepEqual([w.sub(ALICE, BOB), w.sub(BOB, ALICE)], [['none', undefined], ['none', undefined]]);
  });

  it('an approval nobody asked for changes nothing', () => {
    const w = new World();
    assert.deepEqual(w.authorize(BOB, ALICE, true), []);
    assert.equal(w.item(ALICE, BOB), undefined);
    assert.equal(w.item(BOB, ALICE), undefined);
  });

  it('removing a buddy ends both directions on both sides and withdraws a pending request', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true, true);
    w.authorize(ALICE, BOB, true);
    w.remove(ALICE, BOB);
    assert.equal(w.item(ALICE, BOB), undefined);
    assert.deepEqual(w.sub(BOB, ALICE), ['none', undefined]);

    const v = new World();
    v.subscribe(ALICE, BOB);
    v.remove(ALICE, BOB);
    assert.equal(v.state(BOB).requests.size, 0, 'the request is withdrawn');
  });

  it('subscribing again is idempotent; renaming keeps the state', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true);
    const before = w.log.length;
    assert.deepEqual(w.subscribe(ALICE, BOB), []);
    assert.equal(w.log.length, before, 'nothing recorded on either side');
    w.subscribe(ALICE, BOB, 5, { name: 'Bobby', groups: ['Friends'] });
    assert.deepEqual(w.item(ALICE, BOB), { addr: BOB.addr, accountId: BOB.accountId, name: 'Bobby', groups: ['Friends'], subscription: 'to' });
  });

  it('a request interrupted after the first append is completed by repeating it', () => {
    const w = new World();
    w.dropEffects = true;
    w.subscribe(ALICE, BOB);
    assert.equal(w.state(BOB).requests.size, 0, 'the second append did not happen');
    w.dropEffects = false;
    assert.deepEqual(w.subscribe(ALICE, BOB), [], 'nothing new on my side');
    assert.equal(w.state(BOB).requests.size, 1, 'the contact gets the request');
  });

  it('a contact who already granted my presence approves a new request at once', () => {
    const w = new World();
    w.subscribe(ALICE, BOB);
    w.authorize(BOB, ALICE, true);
    // Alice's side lost the subscription (e.g. an unsubscribed that never reached Bob).
    w.run(ALICE.accountId, { type: 'ReceiveUnsubscribed', me: ALICE, from: BOB, at: 4 });
    assert.deepEqual(w.sub(ALICE, BOB), ['none', undefined]);
    w.subscribe(ALICE, BOB, 5);
    assert.deepEqual(w.sub(ALICE, BOB), ['to', undefined]);
    assert.equal(w.state(BOB).requests.size, 0);
  });

  it('refuses a subscription to oneself', () => {
    const w = new World();
    assert.throws(() => w.subscribe(ALICE, ALICE), (e: unknown) => e instanceof DomainError && e.code === ErrorCode.INVALID_REQUEST);
  });
});
