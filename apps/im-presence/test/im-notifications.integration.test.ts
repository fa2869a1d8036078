// Presence fan-out, privacy lists, roster requests, gateways and the IM notifications query of
// the im-presence service against a real nats-server (see im-service.ts), and a rebuild.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImGatewayListResult, ImGatewayRegisterResult, ImNotification, ImNotifications, ImRoster, Principal } from '@gw/contracts';
import { rebuildControllerFor } from '@gw/service-infra';
import { config, envelope, ImService, ok, startImService, user } from './im-service';

const alice = user('alice');
const bob = user('bob');

describe('IM notifications, presence fan-out and privacy over JetStream', { timeout: 120_000 }, () => {
  let service: ImService;
  const notifications = async (p: Principal, since = '0', limit = 1000) => ok<ImNotifications>(await service.queries.getNotifications(envelope(p, { since, limit })));
  /** Everything `p` was notified of after `since`, without positions. */
  const after_ = async (p: Principal, since: string) => (await notifications(p, since)).notifications.map(({ position: _, ...body }) => body);
  const revision = async (p: Principal) => (await notifications(p)).revision;
  const roster = async (p: Principal) => ok<ImRoster>(await service.queries.getRoster(envelope(p, {})));

  before(async () => {
    service = await startImService([alice, bob], [{ name: 'aim', type: 'aim', domain: 'aim.example.org' }]);
  });

  after(async () => {
    await service?.stop();
  });

  it('subscribing and authorizing notify both sides; B gets A’s presence when A sets it', async () => {
    ok(await service.commands.subscribe(envelope(alice, { addr: 'bob@example.org', name: 'Bob' })));
    assert.deepEqual(await after_(bob, '0'), [{ type: 'subscribe', from: 'alice@example.org' }]);
    ok(await service.commands.authorizeSubscribe(envelope(bob, { addr: 'alice@example.org', authorized: true, add: true })));
    ok(await service.commands.authorizeSubscribe(envelope(alice, { addr: 'bob@example.org', authorized: true })));
    assert.deepEqual((await roster(bob)).items.map((i) => i.subscription), ['both']);

    const since = await revision(bob);
    service.clock.now += 1000;
    ok(await service.commands.setPresence(envelope(alice, { show: 'away', status: 'out for lunch', sessionId: 'web' })));
    assert.deepEqual(await after_(bob, since), [{ type: 'presence', from: 'alice@example.org', unavailable: false, show: 'away', status: 'out for lunch' }]);
  });

  it('A denies B: B is told A is unavailable, B’s roster shows A unavailable, A’s presence no longer reaches B', async () => {
    const since = await revision(bob);
    ok(await service.commands.setPrivacyList(envelope(alice, { items: [{ action: 'deny', order: 1, addr: 'bob@example.org' }] })));
    assert.deepEqual(await after_(bob, since), [{ type: 'presence', from: 'alice@example.org', unavailable: true }]);
    assert.deepEqual((await roster(bob)).items.map((i) => [i.addr, i.presence?.show, i.presence?.unavailable]), [['alice@example.org', 'offline', true]]);
    assert.equal((await roster(alice)).presence.show, 'away', 'A herself is away all the same');

    ok(await service.commands.setPresence(envelope(alice, { show: 'chat', sessionId: 'web' })));
    assert.deepEqual(await after_(bob, since), [{ type: 'presence', from: 'alice@example.org', unavailable: true }], 'nothing more');
    const mine = await after_(alice, '0');
    assert.deepEqual(mine.filter((n) => n.type === 'privacy').at(-1), { type: 'privacy', list: { name: 'default', items: [{ action: 'deny', order: 1, addr: 'bob@example.org' }] } });
  });

  it('B’s later subscription request to A is dropped', async () => {
    ok(await service.commands.subscribe(envelope(bob, { op: 'remove', addr: 'alice@example.org' })));
    assert.deepEqual((await roster(alice)).items.map((i) => i.subscription), ['none']);
    const since = await revision(alice);
    ok(await service.commands.subscribe(envelope(bob, { addr: 'alice@example.org' })));
    assert.deepEqual((await roster(bob)).items.map((i) => [i.subscription, i.ask]), [['none', 'subscribe']], 'B waits');
    assert.deepEqual((await roster(alice)).pendingRequests, [], 'A never sees the request');
    assert.deepEqual(await after_(alice, since), []);
  });

  it('IMGetRoster and IMGetPrivacyList answer in notifications', async () => {
    const since = await revision(alice);
    ok(await service.commands.requestRoster(envelope(alice, {})));
    ok(await service.commands.requestPrivacyList(envelope(alice, {})));
    ok(await service.commands.requestPrivacyList(envelope(alice, { name: 'work' })));
    const list = { name: 'default', items: [{ action: 'deny', order: 1, addr: 'bob@example.org' }] };
    assert.deepEqual(await after_(alice, since), [
      { type: 'roster', items: [{ addr: 'bob@example.org', name: 'Bob', groups: [], subscribed: false }], presence: [] },
      { type: 'privacy', list },
      { type: 'privacy', list },
      { type: 'privacy', list: { name: 'work', items: [] } },
    ]);
  });

  it('gateways: an unknown service is result false; a registration is listed and notified, with an honest state', async () => {
    const register = async (payload: object) => ok<ImGatewayRegisterResult>(await service.gateways.register(envelope(alice, payload)));
    const list = async () => ok<ImGatewayListResult>(await service.gateways.list(envelope(alice, {})));
    assert.deepEqual(await register({ op: 'reg', service: 'msn', name: 'me', password: 'secret' }), { result: false });
    assert.deepEqual(await list(), { services: [{ name: 'aim', type: 'aim', domain: 'aim.example.org' }] });
    const since = await revision(alice);
    assert.deepEqual(await register({ op: 'reg', service: 'aim', name: 'alice123', password: 'secret' }), { result: true });
    assert.deepEqual(await after_(alice, since), [{ type: 'gwStatus', service: 'aim', state: 'start' }]);
    assert.deepEqual((await list()).services[0].registration, { name: 'alice123', state: 'start' });
    ok(await service.commands.setPresence(envelope(alice, { show: 'offline', sessionId: 'web' })));
    assert.deepEqual((await list()).services[0].registration, { name: 'alice123', state: 'intentionally_offline' });
    assert.deepEqual(await register({ op: 'unreg', service: 'aim' }), { result: true });
    assert.deepEqual(await list(), { services: [{ name: 'aim', type: 'aim', domain: 'aim.example.org' }] });
    assert.deepEqual(await register({ op: 'reconnect', service: 'aim' }), { result: false });
  });

  it('pages through the notifications with limit and since', async () => {
    const all = (await notifications(bob)).notifications;
    assert.ok(all.length >= 5, `bob has ${all.length} notifications`);
    const paged: ImNotification[] = [];
    let since = '0';
    for (let pages = 0; pages < 100; pages++) {
      const page = await notifications(bob, since, 2);
      assert.ok(page.notifications.length <= 2 || new Set(page.notifications.map((n) => n.position)).size === 1);
      paged.push(...page.notifications);
      since = page.revision;
      if (!page.truncated) break;
    }
    assert.deepEqual(paged, all);
    assert.deepEqual((await notifications(bob, since)).notifications, []);
    const since1 = all[1].position;
    assert.deepEqual((await notifications(bob, since1)).notifications, all.filter((n) => BigInt(n.position) > BigInt(since1)), 'since is exclusive');
  });

  it('a rebuild from the event store equals the live read model', async () => {
    const Rebuild = rebuildControllerFor('im-presence');
    const report = await new Rebuild(service.store, service.db, config, service.readModels).rebuild();
    assert.equal(report.equal, true, JSON.stringify(report));
  });
});
