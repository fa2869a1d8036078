// The im-presence service against a real nats-server (see im-service.ts): subscriptions,
// presence and the roster through the controllers, and a rebuild.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, ImErrorCode, ImPresenceResult, ImRoster, imStream, Principal } from '@gw/contracts';
import { rebuildControllerFor } from '@gw/service-infra';
import { config, envelope, ImService, ok, refused, startImService, user } from './im-service';

const alice = user('alice');
const bob = user('bob');

describe('im-presence over JetStream and the IM read model', { timeout: 120_000 }, () => {
  let service: ImService;
  const roster = async (p: Principal) => ok<ImRoster>(await service.queries.getRoster(envelope(p, {})));

  before(async () => {
    service = await startImService([alice, bob]);
  });

  after(async () => {
    await service?.stop();
  });

  it('unknown addresses are im.INVALID_ADDRESS; a bare name is looked up in the caller’s domain', async () => {
    refused(await service.commands.subscribe(envelope(alice, { addr: 'nobody@example.org' })), ImErrorCode.INVALID_ADDRESS);
    refused(await service.commands.subscribe(envelope(undefined, { addr: 'bob' })), ErrorCode.AUTH_REQUIRED);
    const result = ok(await service.commands.subscribe(envelope(alice, { addr: 'BOB', name: 'Bob', groups: ['Work'] })));
    assert.deepEqual(result, { addr: 'bob@example.org' });
  });

  it('the subscriber waits with ask=subscribe; the contact sees the request', async () => {
    const mine = await roster(alice);
    assert.deepEqual(mine.items.map((i) => [i.addr, i.name, i.groups, i.subscription, i.ask]), [['bob@example.org', 'Bob', ['Work'], 'none', 'subscribe']]);
    const theirs = await roster(bob);
    assert.deepEqual(theirs.pendingRequests.map((r) => [r.from, r.accountId]), [['alice@example.org', alice.id]]);
    const { events } = await service.store.readStream(imStream(alice.id));
    assert.deepEqual(events.map((e) => e.type), ['RosterItemAdded']);
  });

  it('authorizing with add makes both sides mutual once the other authorizes too; presence shows in the roster', async () => {
    ok(await service.commands.authorizeSubscribe(envelope(bob, { addr: 'alice@example.org', authorized: true, add: true, name: 'Alice' })));
    assert.deepEqual((await roster(alice)).items.map((i) => [i.subscription, i.ask]), [['to', undefined]]);
    assert.deepEqual((await roster(alice)).pendingRequests.map((r) => r.from), ['bob@example.org']);
    ok(await service.commands.authorizeSubscribe(envelope(alice, { addr: 'bob@example.org', authorized: true })));
    assert.deepEqual((await roster(alice)).items.map((i) => i.subscription), ['both']);
    assert.deepEqual((await roster(bob)).items.map((i) => [i.addr, i.name, i.subscription]), [['alice@example.org', 'Alice', 'both']]);

    service.clock.now += 1000;
    ok(await service.commands.setPresence(envelope(bob, { show: 'dnd', status: 'busy', priority: 3, sessionId: 's1' })));
    const buddy = (await roster(alice)).items[0];
    assert.deepEqual([buddy.presence?.show, buddy.presence?.status, buddy.presence?.unavailable], ['dnd', 'busy', false]);
  });

  it('GetPresence follows IMSetPresence and idle: all sessions idle → away; offline → unavailable', async () => {
    service.clock.now += 1000;
    ok(await service.commands.setPresence(envelope(alice, { show: 'online', sessionId: 'web' })));
    refused(await service.commands.setIdle(envelope(alice, { isIdle: true, idleTime: 30 })), ImErrorCode.SESSION_REQUIRED);
    service.clock.now += 60_000;
    ok(await service.commands.setIdle(envelope(alice, { isIdle: true, idleTime: 30, sessionId: 'web' })));
    const idle = ok<ImPresenceResult>(await service.queries.getPresence(envelope(undefined, { accountId: alice.id })));
    assert.deepEqual([idle.show, idle.unavailable, idle.idle, idle.secondsSinceLastActivity], ['away', false, true, 30]);
    service.clock.now += 10_000;
    ok(await service.commands.setPresence(envelope(alice, { show: 'offline', sessionId: 'web' })));
    service.clock.now += 5_000;
    const gone = ok<ImPresenceResult>(await service.queries.getPresence(envelope(undefined, { accountId: alice.id })));
    assert.deepEqual([gone.show, gone.unavailable, gone.secondsSinceLastActivity], ['offline', true, 5]);
    const unknown = ok<ImPresenceResult>(await service.queries.getPresence(envelope(undefined, { accountId: 'nobody' })));
    assert.deepEqual([unknown.show, unknown.unavailable, unknown.secondsSinceLastActivity], ['offline', true, undefined]);
  });

  it('removing a buddy ends the subscription on both sides', async () => {
    ok(await service.commands.subscribe(envelope(alice, { op: 'remove', addr: 'bob@example.org' })));
    assert.deepEqual((await roster(alice)).items, []);
    assert.deepEqual((await roster(bob)).items.map((i) => i.subscription), ['none']);
  });

  it('a rebuild from the event store equals the live read model', async () => {
    const Rebuild = rebuildControllerFor('im-presence');
    const report = await new Rebuild(service.store, service.db, config, service.readModels).rebuild();
    assert.equal(report.equal, true, JSON.stringify(report));
  });
});
