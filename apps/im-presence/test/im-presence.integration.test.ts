// The im-presence service against a real nats-server: the controllers (called with bus
// envelopes), the repository appending to the JetStream event store, the IM projection into an
// in-memory PGlite, the queries, and a rebuild. Addresses resolve through a fixed address book
// (the mailbox's ResolveRecipient in the service). Providers come from the build (dist).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BusReply, ErrorCode, ImErrorCode, ImPresenceResult, ImRoster, imStream, Principal } from '@gw/contracts';
import { JetStreamEventStore } from '@gw/event-store';
import { createLogger } from '@gw/nats-bus';
import { Database, openDatabase } from '@gw/read-model';
import { ReadModelSet, rebuildControllerFor, StoreConfig } from '@gw/service-infra';
import { startNatsServer, TestNatsServer } from '@gw/testing';
import { IM_PRESENCE_PROJECTIONS, IM_PRESENCE_UNAVAILABLE } from '../dist/infrastructure/projections';
import { ImRepository } from '../dist/im/im.repository';
import { ImReadModel } from '../dist/im/im.read-model';
import { ImCommands } from '../dist/im/im-commands.service';
import { AddressBook } from '../dist/im/address-book';
import { ImCommandsController } from '../dist/controllers/im-commands.controller';
import { ImQueriesController } from '../dist/controllers/im-queries.controller';

const config = { readYourWritesTimeoutMs: 5000 } as StoreConfig;
const logger = createLogger('im-presence', { LOG_LEVEL: 'silent' });
const alice: Principal = { id: `alice-${randomUUID()}`, name: 'alice@example.org', isAdmin: false, tokenId: 't-a' };
const bob: Principal = { id: `bob-${randomUUID()}`, name: 'bob@example.org', isAdmin: false, tokenId: 't-b' };

class FixedAddressBook extends AddressBook {
  async lookup(address: string) {
    const p = [alice, bob].find((x) => x.name === address);
    return p ? { accountId: p.id, name: p.name } : null;
  }
}

const envelope = (principal: Principal | undefined, payload: unknown) => ({ id: randomUUID(), ...(principal ? { principal } : {}), payload });
function ok<R>(reply: BusReply<R>): R {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}
function refused(reply: BusReply<unknown>, code: string) {
  assert.equal(reply.ok, false, 'refused');
  if (!reply.ok) assert.equal(reply.error.code, code, reply.error.message);
}

describe('im-presence over JetStream and the IM read model', { timeout: 120_000 }, () => {
  let server: TestNatsServer;
  let store: JetStreamEventStore;
  let db: Database;
  let readModels: ReadModelSet;
  let commands: ImCommandsController;
  let queries: ImQueriesController;
  let clock = 1_700_000_000_000;
  const roster = async (p: Principal) => ok<ImRoster>(await queries.getRoster(envelope(p, {})));

  before(async () => {
    server = await startNatsServer();
    store = await JetStreamEventStore.connect({ servers: server.url });
    db = await openDatabase({ schema: 'im_presence' });
    readModels = new ReadModelSet(db, store, config, IM_PRESENCE_PROJECTIONS, logger, { unavailableMessage: IM_PRESENCE_UNAVAILABLE });
    await readModels.onModuleInit();
    const im = new ImCommands(new ImRepository(store), readModels, new FixedAddressBook(), logger);
    im.now = () => clock;
    commands = new ImCommandsController(im);
    queries = new ImQueriesController(new ImReadModel(db), readModels, logger);
    queries.now = () => clock;
  });

  after(async () => {
    await readModels?.onModuleDestroy();
    await db?.close();
    await store?.close();
    await server?.stop();
  });

  it('unknown addresses are im.INVALID_ADDRESS; a bare name is looked up in the caller’s domain', async () => {
    refused(await commands.subscribe(envelope(alice, { addr: 'nobody@example.org' })), ImErrorCode.INVALID_ADDRESS);
    refused(await commands.subscribe(envelope(undefined, { addr: 'bob' })), ErrorCode.AUTH_REQUIRED);
    const result = ok(await commands.subscribe(envelope(alice, { addr: 'BOB', name: 'Bob', groups: ['Work'] })));
    assert.deepEqual(result, { addr: 'bob@example.org' });
  });

  it('the subscriber waits with ask=subscribe; the contact sees the request', async () => {
    const mine = await roster(alice);
    assert.deepEqual(mine.items.map((i) => [i.addr, i.name, i.groups, i.subscription, i.ask]), [['bob@example.org', 'Bob', ['Work'], 'none', 'subscribe']]);
    const theirs = await roster(bob);
    assert.deepEqual(theirs.pendingRequests.map((r) => [r.from, r.accountId]), [['alice@example.org', alice.id]]);
    const { events } = await store.readStream(imStream(alice.id));
    assert.deepEqual(events.map((e) => e.type), ['RosterItemAdded']);
  });

  it('authorizing with add makes both sides mutual once the other authorizes too; presence shows in the roster', async () => {
    ok(await commands.authorizeSubscribe(envelope(bob, { addr: 'alice@example.org', authorized: true, add: true, name: 'Alice' })));
    assert.deepEqual((await roster(alice)).items.map((i) => [i.subscription, i.ask]), [['to', undefined]]);
    assert.deepEqual((await roster(alice)).pendingRequests.map((r) => r.from), ['bob@example.org']);
    ok(await commands.authorizeSubscribe(envelope(alice, { addr: 'bob@example.org', authorized: true })));
    assert.deepEqual((await roster(alice)).items.map((i) => i.subscription), ['both']);
    assert.deepEqual((await roster(bob)).items.map((i) => [i.addr, i.name, i.subscription]), [['alice@example.org', 'Alice', 'both']]);

    clock += 1000;
    ok(await commands.setPresence(envelope(bob, { show: 'dnd', status: 'busy', priority: 3, sessionId: 's1' })));
    const buddy = (await roster(alice)).items[0];
    assert.deepEqual([buddy.presence?.show, buddy.presence?.status, buddy.presence?.unavailable], ['dnd', 'busy', false]);
  });

  it('GetPresence follows IMSetPresence and idle: all sessions idle → away; offline → unavailable', async () => {
    clock += 1000;
    ok(await commands.setPresence(envelope(alice, { show: 'online', sessionId: 'web' })));
    refused(await commands.setIdle(envelope(alice, { isIdle: true, idleTime: 30 })), ImErrorCode.SESSION_REQUIRED);
    clock += 60_000;
    ok(await commands.setIdle(envelope(alice, { isIdle: true, idleTime: 30, sessionId: 'web' })));
    const idle = ok<ImPresenceResult>(await queries.getPresence(envelope(undefined, { accountId: alice.id })));
    assert.deepEqual([idle.show, idle.unavailable, idle.idle, idle.secondsSinceLastActivity], ['away', false, true, 30]);
    clock += 10_000;
    ok(await commands.setPresence(envelope(alice, { show: 'offline', sessionId: 'web' })));
    clock += 5_000;
    const gone = ok<ImPresenceResult>(await queries.getPresence(envelope(undefined, { accountId: alice.id })));
    assert.deepEqual([gone.show, gone.unavailable, gone.secondsSinceLastActivity], ['offline', true, 5]);
    const unknown = ok<ImPresenceResult>(await queries.getPresence(envelope(undefined, { accountId: 'nobody' })));
    assert.deepEqual([unknown.show, unknown.unavailable, unknown.secondsSinceLastActivity], ['offline', true, undefined]);
  });

  it('removing a buddy ends the subscription on both sides', async () => {
    ok(await commands.subscribe(envelope(alice, { op: 'remove', addr: 'bob@example.org' })));
    assert.deepEqual((await roster(alice)).items, []);
    assert.deepEqual((await roster(bob)).items.map((i) => i.subscription), ['none']);
  });

  it('a rebuild from the event store equals the live read model', async () => {
    const Rebuild = rebuildControllerFor('im-presence');
    const report = await new Rebuild(store, db, config, readModels).rebuild();
    assert.equal(report.equal, true, JSON.stringify(report));
  });
});
