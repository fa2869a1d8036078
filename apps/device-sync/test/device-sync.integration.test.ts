// The device-sync service against a real nats-server: the controllers (called with bus
// envelopes, as NATS would deliver them), the repository appending to the JetStream event
// store, the devices projection into an in-memory PGlite, the queries, and a rebuild.
//
// The services are Nest providers with parameter decorators, which tsx cannot compile from the
// repository root (no experimentalDecorators there), so they come from the build (`npm test`
// builds first; by hand: npx tsc -b tsconfig.build.json).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AllDevicesPage,
  BusReply,
  DeviceCommandResult,
  DeviceCount,
  DeviceErrorCode,
  DeviceInfo,
  DeviceList,
  devicesStream,
  DIRECTORY_STREAM,
  ErrorCode,
  Principal,
  ProvisionResult,
} from '@gw/contracts';
import { JetStreamEventStore } from '@gw/event-store';
import { createLogger } from '@gw/nats-bus';
import { Database, openDatabase } from '@gw/read-model';
import { ReadModelSet, rebuildControllerFor } from '@gw/service-infra';
import { startNatsServer, TestNatsServer } from '@gw/testing';
import { DEFAULT_DEVICE_POLICY, DeviceSyncConfig } from '../dist/infrastructure/config';
import { DEVICE_SYNC_PROJECTIONS, DEVICE_SYNC_UNAVAILABLE } from '../dist/infrastructure/projections';
import { DevicesRepository } from '../dist/devices/devices.repository';
import { DevicesReadModel } from '../dist/devices/devices.read-model';
import { DeviceCommands } from '../dist/devices/device-commands.service';
import { DeviceRequestsController } from '../dist/controllers/device-requests.controller';
import { DeviceAdministrationController } from '../dist/controllers/device-administration.controller';
import { DeviceQueriesController } from '../dist/controllers/device-queries.controller';

const RebuildController = rebuildControllerFor('device-sync');

const PUBLIC_CALENDAR = { store: 'SYSTEM', folderId: 'pubcal', parentId: '0', name: 'Public Calendar', type: 13, flags: 0 };
const config = {
  readYourWritesTimeoutMs: 5000,
  syncRecordIntervalMs: 60_000,
  staticFolders: [PUBLIC_CALENDAR],
  policy: DEFAULT_DEVICE_POLICY,
} as DeviceSyncConfig;
const logger = createLogger('device-sync', { LOG_LEVEL: 'silent' });

const alice: Principal = { id: `alice-${randomUUID()}`, name: 'alice@example.org', isAdmin: false, tokenId: 't-alice' };
const bob: Principal = { id: `bob-${randomUUID()}`, name: 'bob@example.org', isAdmin: false, tokenId: 't-bob' };
const admin: Principal = { id: `admin-${randomUUID()}`, name: 'admin@example.org', isAdmin: true, tokenId: 't-admin' };

const envelope = (principal: Principal | undefined, payload: unknown, minPosition?: string) => ({
  id: randomUUID(),
  ...(principal ? { principal } : {}),
  ...(minPosition ? { minPosition } : {}),
  payload,
});

function ok<R>(reply: BusReply<R>): R & { position?: string } {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return Object.assign(reply.result as object, reply.position ? { position: reply.position } : {}) as R & { position?: string };
}

function refused(reply: BusReply<unknown>, code: string) {
  assert.equal(reply.ok, false, 'refused');
  if (!reply.ok) assert.equal(reply.error.code, code, reply.error.message);
}

describe('device-sync over JetStream and the devices read model', { timeout: 120_000 }, () => {
  let server: TestNatsServer;
  let store: JetStreamEventStore;
  let db: Database;
  let readModels: ReadModelSet;
  let commands: DeviceCommands;
  let requests: DeviceRequestsController;
  let administration: DeviceAdministrationController;
  let queries: DeviceQueriesController;
  let clock = 1_700_000_000_000;

  /** Both Provision phases for `principal`'s device; returns the final key. */
  const provision = async (principal: Principal, deviceId: string, deviceType = 'iPhone'): Promise<string> => {
    const offer = ok(await requests.provision(envelope(principal, { step: 'request', deviceId, deviceType, userAgent: 'Apple-iPhone/1', protocolVersion: '14.1' })));
    assert.equal(offer.outcome, 'policy');
    if (offer.outcome !== 'policy') throw new Error('no policy');
    const done = ok(await requests.provision(envelope(principal, { step: 'acknowledge', deviceId, policyKey: offer.policyKey, status: 1 })));
    assert.equal(done.outcome, 'provisioned');
    if (done.outcome !== 'provisioned') throw new Error('not provisioned');
    return done.policyKey;
  };
  const listOf = async (principal: Principal, accountId?: string) => ok<DeviceList>(await queries.listDevices(envelope(principal, { accountId }))).devices;
  const getDevice = async (principal: Principal, deviceId: string, accountId?: string) => ok<DeviceInfo>(await queries.getDevice(envelope(principal, { deviceId, accountId })));

  before(async () => {
    server = await startNatsServer();
    store = await JetStreamEventStore.connect({ servers: server.url });
    db = await openDatabase({ schema: 'device_sync' });
    readModels = new ReadModelSet(db, store, config, DEVICE_SYNC_PROJECTIONS, logger, { unavailableMessage: DEVICE_SYNC_UNAVAILABLE });
    await readModels.onModuleInit();
    commands = new DeviceCommands(new DevicesRepository(store), readModels, config, logger);
    commands.now = () => clock;
    requests = new DeviceRequestsController(commands, config);
    administration = new DeviceAdministrationController(commands);
    queries = new DeviceQueriesController(new DevicesReadModel(db, config), readModels, logger);
    // The directory as the mailbox writes it: the projection takes account names from it.
    const at = new Date().toISOString();
    await store.append(
      DIRECTORY_STREAM,
      [alice, bob, admin].map((p) => ({
        id: randomUUID(),
        type: 'AccountCreated',
        schemaVersion: 1,
        data: { accountId: p.id, name: p.name, domainId: 'example.org', passwordHash: null, attrs: {} },
        metadata: { at },
      })),
    );
  });

  after(async () => {
    await readModels?.onModuleDestroy();
    await db?.close();
    await store?.close();
    await server?.stop();
  });

  it('a first Provision registers the device; after phase 2 it is listed as ok with the times of the handshake', async () => {
    clock += 1000;
    const offer = ok(await requests.provision(envelope(alice, { step: 'request', deviceId: 'Appl-F17X', deviceType: 'iPhone', information: { model: 'iPhone15,2', os: 'iOS 17.1' } })));
    assert.equal(offer.outcome, 'policy');
    if (offer.outcome !== 'policy') return;
    assert.match(offer.policyKey, /^[1-9]\d*$/);
    assert.equal(offer.policy.DevicePasswordEnabled, '0');
    assert.equal(offer.device.deviceId, 'applf17x', 'device ids are reduced to lower-case letters and digits');
    assert.equal(offer.device.status, 'need-provision');
    assert.ok(offer.position, 'a command reply carries its position');

    clock += 1000;
    const done = ok(await requests.provision(envelope(alice, { step: 'acknowledge', deviceId: 'applf17x', policyKey: offer.policyKey, status: 1 })));
    assert.equal(done.outcome, 'provisioned');
    if (done.outcome !== 'provisioned') return;
    assert.notEqual(done.policyKey, offer.policyKey);

    const [device] = await listOf(alice);
    assert.equal(device.accountName, 'alice@example.org');
    assert.deepEqual([device.status, device.statusCode, device.policyKey], ['ok', 1, done.policyKey]);
    assert.equal(device.firstSyncAt, clock - 1000);
    assert.equal(device.lastPolicyUpdateAt, clock);
    assert.deepEqual(device.information, { model: 'iPhone15,2', os: 'iOS 17.1' });
    assert.deepEqual(device.additionalFolders.map((f) => [f.folderId, f.origin]), [['pubcal', 'static']]);
  });

  it('the stream holds the facts, with the command id, the actor and the time', async () => {
    const { events } = await store.readStream(devicesStream(alice.id));
    assert.deepEqual(events.map((e) => e.type), ['DeviceRegistered', 'DevicePolicyOffered', 'DeviceProvisioned']);
    assert.deepEqual(events[2].metadata.actor, { id: alice.id, name: alice.name });
    assert.ok(events[2].metadata.causationId);
  });

  it('RecordSync refuses a wrong key, records the time once a minute, and answers with the device', async () => {
    const key = (await getDevice(alice, 'applf17x')).policyKey!;
    refused(await requests.recordSync(envelope(alice, { deviceId: 'applf17x', policyKey: '12345' })), DeviceErrorCode.INVALID_POLICY_KEY);
    refused(await requests.recordSync(envelope(alice, { deviceId: 'unknown1', policyKey: key })), DeviceErrorCode.PROVISION_REQUIRED);
    clock += 1000;
    const first = ok(await requests.recordSync(envelope(alice, { deviceId: 'applf17x', policyKey: key })));
    assert.equal(first.lastSyncAt, clock);
    assert.ok(first.position);
    clock += 1000;
    const second = ok(await requests.recordSync(envelope(alice, { deviceId: 'applf17x', policyKey: key })));
    assert.equal(second.lastSyncAt, clock - 1000);
    assert.equal(second.position, undefined, 'nothing written');
  });

  it("a user manages only their own devices; an admin names the account", async () => {
    await provision(bob, 'bobphone', 'Android');
    refused(await administration.wipe(envelope(alice, { accountId: bob.id, deviceId: 'bobphone' })), ErrorCode.PERM_DENIED);
    refused(await queries.listDevices(envelope(alice, { accountId: bob.id })), ErrorCode.PERM_DENIED);
    refused(await administration.wipe(envelope(undefined, { deviceId: 'bobphone' })), ErrorCode.AUTH_REQUIRED);
    refused(await administration.wipe(envelope(alice, { deviceId: 'bobphone' })), DeviceErrorCode.NO_SUCH_DEVICE);

    clock += 1000;
    const wiped = ok<DeviceCommandResult>(await administration.wipe(envelope(admin, { accountId: bob.id, deviceId: 'bobphone' })));
    assert.equal(wiped.device?.status, 'wipe-requested');
    assert.deepEqual(wiped.device?.wipe, { requestedAt: clock, requestedBy: { id: admin.id, name: admin.name } });
    assert.deepEqual((await listOf(admin, bob.id)).map((d) => [d.deviceId, d.statusCode]), [['bobphone', 3]]);
  });

  it('the wipe reaches the device on its next Provision; its acknowledgement shows as wipe complete', async () => {
    const key = (await getDevice(bob, 'bobphone')).policyKey!;
    refused(await requests.recordSync(envelope(bob, { deviceId: 'bobphone', policyKey: key })), DeviceErrorCode.REMOTE_WIPE_REQUESTED);
    const directive = ok(await requests.provision(envelope(bob, { step: 'request', deviceId: 'bobphone', deviceType: 'Android' })));
    assert.equal(directive.outcome, 'remote-wipe');
    clock += 1000;
    const acknowledged = ok(await requests.provision(envelope(bob, { step: 'wipe-acknowledge', deviceId: 'bobphone', status: 1 })));
    assert.equal(acknowledged.outcome, 'wipe-acknowledged');
    const device = await getDevice(admin, 'bobphone', bob.id);
    assert.deepEqual([device.status, device.statusCode, device.wipe?.acknowledgedAt], ['wipe-complete', 4, clock]);
    refused(await administration.cancelWipe(envelope(bob, { deviceId: 'bobphone' })), DeviceErrorCode.NO_PENDING_WIPE);
  });

  it('suspend and resume; resync, options and additional folders show in the details', async () => {
    clock += 1000;
    assert.equal(ok<DeviceCommandResult>(await administration.suspend(envelope(alice, { deviceId: 'applf17x' }))).device?.status, 'suspended');
    refused(await requests.provision(envelope(alice, { step: 'request', deviceId: 'applf17x', deviceType: 'iPhone' })), DeviceErrorCode.DEVICE_SUSPENDED);
    assert.equal(ok<DeviceCommandResult>(await administration.resume(envelope(alice, { deviceId: 'applf17x' }))).device?.status, 'need-provision');
    await provision(alice, 'applf17x');

    await requests.setDeviceFolders(envelope(alice, { deviceId: 'applf17x', folders: [{ id: '2', parentId: '0', name: 'Inbox', type: 2 }] }));
    ok(await administration.setOptions(envelope(alice, { deviceId: 'applf17x', filterType: 3 })));
    clock += 1000;
    ok(await administration.resyncDevice(envelope(alice, { deviceId: 'applf17x' })));
    ok(await administration.resyncFolder(envelope(alice, { deviceId: 'applf17x', folderId: '2' })));
    refused(await administration.resyncFolder(envelope(alice, { deviceId: 'applf17x', folderId: '404' })), DeviceErrorCode.NO_SUCH_FOLDER);
    const bobInbox = { store: bob.name, folderId: 'bobinbox', name: "Bob's Inbox", type: 12, flags: 1 };
    ok(await administration.addFolder(envelope(alice, { deviceId: 'applf17x', folder: bobInbox })));
    refused(await administration.addFolder(envelope(alice, { deviceId: 'applf17x', folder: { ...bobInbox, folderId: 'other' } })), DeviceErrorCode.FOLDER_EXISTS);
    refused(await administration.editFolder(envelope(alice, { deviceId: 'applf17x', folderId: 'pubcal', name: 'Mine now' })), DeviceErrorCode.STATIC_FOLDER);
    const edited = ok<DeviceCommandResult>(await administration.editFolder(envelope(alice, { deviceId: 'applf17x', folderId: 'bobinbox', name: 'Bob', flags: 0 })));
    assert.equal(edited.device?.additionalFolders[0].name, 'Bob');

    const device = await getDevice(alice, 'applf17x');
    assert.equal(device.filterType, 3);
    assert.equal(device.resyncRequestedAt, clock);
    assert.deepEqual(device.folders, [{ id: '2', parentId: '0', name: 'Inbox', type: 2, resyncRequestedAt: clock }]);
    assert.deepEqual(device.additionalFolders.map((f) => [f.folderId, f.name, f.origin]), [['bobinbox', 'Bob', 'user'], ['pubcal', 'Public Calendar', 'static']]);

    ok(await administration.setFolders(envelope(alice, { deviceId: 'applf17x', store: bob.name, folders: [{ folderId: 'bobcal', name: "Bob's Calendar", type: 13 }] })));
    assert.deepEqual((await getDevice(alice, 'applf17x')).additionalFolders.map((f) => f.folderId), ['bobcal', 'pubcal']);
    ok(await administration.removeFolder(envelope(alice, { deviceId: 'applf17x', folderId: 'bobcal' })));
    assert.deepEqual((await getDevice(alice, 'applf17x')).additionalFolders.map((f) => f.folderId), ['pubcal']);
  });

  it('admins list every account’s devices by account name and count them; users may not', async () => {
    const page = ok<AllDevicesPage>(await queries.listAllDevices(envelope(admin, {})));
    assert.deepEqual(page.devices.map((d) => [d.accountName, d.deviceId]), [['alice@example.org', 'applf17x'], ['bob@example.org', 'bobphone']]);
    assert.deepEqual([page.total, page.more], [2, false]);
    const first = ok<AllDevicesPage>(await queries.listAllDevices(envelope(admin, { limit: 1 })));
    assert.deepEqual([first.devices.length, first.total, first.more], [1, 2, true]);
    assert.equal(ok<DeviceCount>(await queries.countDevices(envelope(admin, {}))).count, 2);
    refused(await queries.listAllDevices(envelope(alice, {})), ErrorCode.PERM_DENIED);
    refused(await queries.countDevices(envelope(bob, {})), ErrorCode.PERM_DENIED);
  });

  it('another instance writing the same account: the next command catches up (expected revision), queries wait for its position', async () => {
    const otherInstance = new DevicesRepository(store);
    clock += 1000;
    const outcome = await otherInstance.execute(alice.id, { type: 'SetDeviceOptions', deviceId: 'applf17x', filterType: 5, at: clock, by: alice }, commands.context, alice);
    assert.ok(outcome.position);
    // Read-your-writes: a query carrying that position sees it, however far the projection was.
    const seen = ok<DeviceInfo>(await queries.getDevice(envelope(alice, { deviceId: 'applf17x' }, outcome.position!.toString())));
    assert.equal(seen.filterType, 5);
    // This instance's cache is stale: its append clashes, it reads the stream and decides again.
    const changed = ok<DeviceCommandResult>(await administration.setOptions(envelope(alice, { deviceId: 'applf17x', filterType: 5 })));
    assert.equal(changed.position, undefined, 'already 5 once caught up: nothing to write');
    const again = ok<DeviceCommandResult>(await administration.setOptions(envelope(alice, { deviceId: 'applf17x', filterType: 6 })));
    assert.ok(BigInt(again.position!) > outcome.position!);
  });

  it("a deleted account's devices leave the server-wide views; a removed device leaves its account's list", async () => {
    await store.append(DIRECTORY_STREAM, [
      { id: randomUUID(), type: 'AccountDeleted', schemaVersion: 1, data: { accountId: bob.id, name: bob.name }, metadata: { at: new Date().toISOString() } },
    ]);
    const head = (await store.headPosition()).toString();
    assert.equal(ok<DeviceCount>(await queries.countDevices(envelope(admin, {}, head))).count, 1);
    assert.deepEqual(ok<AllDevicesPage>(await queries.listAllDevices(envelope(admin, {}))).devices.map((d) => d.deviceId), ['applf17x']);

    const removed = ok<DeviceCommandResult>(await administration.remove(envelope(admin, { accountId: alice.id, deviceId: 'applf17x' })));
    assert.equal(removed.device, null);
    assert.deepEqual(await listOf(alice), []);
    refused(await queries.getDevice(envelope(alice, { deviceId: 'applf17x' })), DeviceErrorCode.NO_SUCH_DEVICE);
    // It must provision again, and comes back as a new device.
    clock += 1000;
    await provision(alice, 'applf17x');
    assert.equal((await getDevice(alice, 'applf17x')).firstSyncAt, clock);
  });

  it('a rebuild from the event store equals the live read model', async () => {
    const rebuild = new RebuildController(store, db, config, readModels);
    const report = await rebuild.rebuild();
    assert.equal(report.equal, true, JSON.stringify(report));
  });
});
