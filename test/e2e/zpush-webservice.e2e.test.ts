// The Z-Push webservice as Z-Push's documentation uses it: PHP's SoapClient in non-WSDL mode
// (test/e2e/php/zpush-webservice.php) against the ActiveSync URL of the running system. Devices
// register through the device-sync service's Provision handshake, as the ActiveSync edge sends it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { BusReply, BusRequest, deviceCommandSubject, Principal, ProvisionResult, querySubject } from '@gw/contracts';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { ensurePhpSoap, runPhpJson } from '../support/php-soap';

const SCRIPT = join(__dirname, 'php', 'zpush-webservice.php');
const ADMIN = 'urn:zimbraAdmin';

/** One call of the PHP client: the decoded result (objects carry "@class") or the fault, and the HTTP status. */
interface CallResult {
  method: string;
  result: any;
  fault: { code: string; string: string } | null;
  status: number | null;
}
type Call = [method: string, ...args: unknown[]];
type Command = 'WebserviceDevice' | 'WebserviceUsers' | 'WebserviceInfo';

describe('Z-Push webservice with PHP SoapClient', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let nc: NatsConnection;
  let server: string;
  let adminToken: string;
  const codec = JSONCodec();
  const principals: Record<string, Principal> = {};
  const email = (name: string) => `${name}@e2e.test`;
  const credentials = (name: string) => ({ login: email(name), password: `${name}-password` });
  let admin: { login: string; password: string };

  /** Runs the calls in one PHP SoapClient session as `who`, for `User=` (the caller by default). */
  async function ws(cmd: Command, who: { login: string; password: string }, calls: Call[], opts: { user?: string; deviceId?: string } = {}) {
    const results = await runPhpJson<CallResult[]>(SCRIPT, {
      server,
      cmd,
      user: opts.user ?? who.login,
      login: who.login,
      password: who.password,
      ...(opts.deviceId ? { deviceId: opts.deviceId } : {}),
      calls: calls.map(([method, ...args]) => ({ method, args })),
    });
    assert.equal(results.length, calls.length);
    return results;
  }
  /** The results of calls that must all succeed. */
  async function ok(cmd: Command, who: { login: string; password: string }, calls: Call[], opts: { user?: string } = {}) {
    const results = await ws(cmd, who, calls, opts);
    for (const r of results) assert.equal(r.fault, null, `${r.method}: ${JSON.stringify(r.fault)}`);
    return results.map((r) => r.result);
  }
  const assertFault = (r: CallResult, code: string | RegExp, reason: RegExp, status = 500) => {
    assert.ok(r.fault, `${r.method} should fail, got ${JSON.stringify(r.result)}`);
    if (typeof code === 'string') assert.equal(r.fault.code, code, r.fault.string);
    else assert.match(r.fault.code, code);
    assert.match(r.fault.string, reason);
    assert.equal(r.status, status);
  };

  /** A request over NATS, enveloped as the services' BusClient sends it. */
  async function bus<R>(subject: string, payload: unknown, principal?: Principal): Promise<R> {
    const request: BusRequest = { id: randomUUID(), ...(principal ? { principal } : {}), payload };
    const reply = await nc.request(subject, codec.encode({ pattern: subject, data: request, id: randomUUID() }), { timeout: 10_000 });
    const decoded = (codec.decode(reply.data) as { response: BusReply<R> }).response;
    if (!decoded.ok) throw new Error(`${subject}: ${JSON.stringify(decoded.error)}`);
    return decoded.result;
  }
  /** One Provision step of a device, as its user (what the ActiveSync edge sends). */
  const provision = (name: string, payload: Record<string, unknown>) => bus<ProvisionResult>(deviceCommandSubject('Provision'), payload, principals[name]);
  async function register(name: string, deviceId: string) {
    const offered = await provision(name, {
      step: 'request',
      deviceId,
      deviceType: 'iPhone',
      userAgent: 'Apple-iPhone/1',
      protocolVersion: '14.1',
      information: { model: 'iPhone', friendlyName: `${name}'s phone`, os: 'iOS 17' },
    });
    assert.equal(offered.outcome, 'policy');
    const done = await provision(name, { step: 'acknowledge', deviceId, policyKey: (offered as { policyKey: string }).policyKey, status: 1 });
    assert.equal(done.outcome, 'provisioned');
  }

  async function createAccount(name: string, attrs: Record<string, string> = {}) {
    const a = Object.entries(attrs)
      .map(([n, v]) => `<a n="${n}">${v}</a>`)
      .join('');
    const created = await post(
      system.adminUrl,
      soap12(`<CreateAccountRequest xmlns="${ADMIN}"><name>${email(name)}</name><password>${name}-password</password>${a}</CreateAccountRequest>`, contextHeader(adminToken)),
    );
    assert.equal(created.status, 200, created.text);
    const auth = await post(
      system.userUrl,
      soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${email(name)}</account><password>${name}-password</password></AuthRequest>`),
    );
    const token = /<authToken>([^<]+)</.exec(auth.text)![1];
    principals[name] = await bus<Principal>(querySubject('mailbox', 'VerifyToken'), { authToken: token });
  }

  before(async () => {
    ensurePhpSoap();
    system = await startSystem({
      env: { DEVICE_ADDITIONAL_FOLDERS: JSON.stringify([{ store: 'SYSTEM', folderId: 'publiccontacts', name: 'Public Contacts', type: 14 }]) },
    });
    server = system.userUrl.replace(/\/service\/soap$/, '');
    admin = { login: system.adminEmail, password: system.adminPassword };
    nc = await connect({ servers: system.natsUrl });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    await createAccount('ann', { displayName: 'Ann Example', zimbraPrefMailSignature: '-- Ann', zimbraPrefMailSignatureEnabled: 'TRUE' });
    await createAccount('bob');
    await register('ann', 'annphone');
    await register('ann', 'anntablet');
    await register('bob', 'bobphone');
    // The hierarchy the ActiveSync edge last sent to ann's phone (FolderSync).
    await bus(
      deviceCommandSubject('SetDeviceFolders'),
      {
        deviceId: 'annphone',
        folders: [
          { id: '2', parentId: '0', name: 'Inbox', type: 2 },
          { id: '5', parentId: '0', name: 'Sent', type: 5 },
        ],
      },
      principals.ann,
    );
  });
  after(async () => {
    await nc?.close();
    await system?.stop();
  });

  it('ListDevicesDetails and GetDeviceDetails: the user’s own devices as ASDevice objects', async () => {
    const [list, details, reduced, withCache] = await ok('WebserviceDevice', credentials('ann'), [
      ['ListDevicesDetails'],
      ['GetDeviceDetails', 'annphone'],
      ['GetDeviceDetails', 'Ann-Phone', false],
      ['GetDeviceDetails', 'annphone', true],
    ]);
    assert.ok(Array.isArray(list));
    assert.deepEqual(list.map((d: any) => d.data.deviceid).sort(), ['annphone', 'anntablet']);
    assert.equal(list[0]['@class'], 'stdClass');

    const data = details.data;
    assert.equal(data.deviceid, 'annphone');
    assert.equal(data.devicetype, 'iPhone');
    assert.equal(data.deviceuser, 'ann@e2e.test');
    assert.equal(data.useragent, 'Apple-iPhone/1');
    assert.equal(data.asversion, '14.1');
    assert.equal(data.devicemodel, 'iPhone');
    assert.equal(data.devicefriendlyname, "ann's phone");
    assert.equal(data.deviceos, 'iOS 17');
    assert.equal(data.wipestatus, 1);
    assert.equal(data.wiperequestedon, false);
    assert.equal(data.syncfiltertype, false);
    assert.equal(typeof data.policykey, 'number');
    assert.ok(data.policykey > 0);
    assert.ok(Math.abs(data.firstsynctime - Date.now() / 1000) < 600, `firstsynctime ${data.firstsynctime}`);
    assert.deepEqual(data.contentdata, { '2': { '2': 2 }, '5': { '2': 5 } });

    // Device ids are reduced to letters and digits (and, as devices send them, lower case).
    assert.equal(reduced.data.deviceid, 'annphone');
    assert.deepEqual(withCache.hierarchyCache, [
      { '@class': 'stdClass', serverid: '2', parentid: '0', displayname: 'Inbox', type: 2 },
      { '@class': 'stdClass', serverid: '5', parentid: '0', displayname: 'Sent', type: 5 },
    ]);
    assert.equal(details.hierarchyCache, undefined);
  });

  it('SetDeviceOptions, ResyncDevice and ResyncFolder', async () => {
    const results = await ws('WebserviceDevice', credentials('ann'), [
      ['SetDeviceOptions', 'annphone', 3],
      ['SetDeviceOptions', 'annphone', 42],
      ['ResyncDevice', 'annphone'],
      ['ResyncFolder', 'annphone', '5'],
      ['ResyncFolder', 'annphone', '999'],
      ['ResyncFolder', 'annphone'],
      ['GetDeviceDetails', 'annphone'],
    ]);
    assert.equal(results[0].result, true);
    assertFault(results[1], 'ERROR', /^Invalid request: filter type 42 is out of bounds/);
    assert.equal(results[2].result, true);
    assert.equal(results[3].result, true);
    assertFault(results[4], 'ERROR', /^Device annphone has no folder 999$/);
    assertFault(results[5], /Server/, /Too few arguments to function WebserviceDevice::ResyncFolder\(\), 1 passed and exactly 2 expected/);
    const data = results[6].result.data;
    assert.equal(data.syncfiltertype, 3);
    assert.equal(typeof data.resyncrequestedon, 'number');
    assert.equal(typeof data.contentdata['5'].resyncrequestedon, 'number');
    assert.equal(data.contentdata['2'].resyncrequestedon, undefined);
  });

  it('additional folders: list, add, edit, set a store’s list, remove; configured ones are read-only', async () => {
    const results = await ws('WebserviceDevice', credentials('ann'), [
      ['AdditionalFolderList', 'annphone'],
      ['AdditionalFolderAdd', 'annphone', 'bob@e2e.test', 'bob-shared-1', 'Bob Shared', '12', 1],
      ['AdditionalFolderAdd', 'annphone', 'bob@e2e.test', 'other', 'Bob Shared', 12, 0],
      ['AdditionalFolderAdd', 'annphone', 'ann@e2e.test', 'mine', 'Inbox', 12, 0],
      ['AdditionalFolderAdd', 'annphone', 'ann@e2e.test', 'annarchive', 'Ann Archive', 12, 0],
      ['AdditionalFolderEdit', 'annphone', 'bobshared1', 'Bob Mail', 0],
      ['AdditionalFolderEdit', 'annphone', 'publiccontacts', 'Contacts for all', 0],
      [
        'AdditionalFolderSetList',
        'annphone',
        'carol@e2e.test',
        [
          { folderid: 'c1', name: 'Carol Calendar', type: 13 },
          { folderid: 'c2', parentid: 'c1', name: 'Carol Tasks', type: '15', flags: 1 },
        ],
      ],
      ['AdditionalFolderList', 'annphone'],
      ['GetDeviceDetails', 'annphone'],
    ]);
    const [listed, added, sameName, deviceName, own, edited, editStatic, setList, listedAfter, details] = results;
    assert.deepEqual(listed.result, [
      {
        '@class': 'stdClass',
        store: 'SYSTEM',
        folderid: 'publiccontacts',
        parentid: '0',
        syncfolderid: 'publiccontacts',
        name: 'Public Contacts',
        type: 14,
        origin: 'static',
        flags: 0,
        readable: false,
        writeable: false,
      },
    ]);
    assert.equal(added.result, true);
    assertFault(sameName, 'ERROR', /^A folder named 'Bob Shared' is already on device annphone$/);
    assertFault(deviceName, 'ERROR', /^A folder named 'Inbox' is already on device annphone$/);
    assert.equal(own.result, true);
    assert.equal(edited.result, true);
    assertFault(editStatic, 'ERROR', /^Folder publiccontacts is configured on the server and cannot be changed$/);
    assert.equal(setList.result, true);

    const byId = Object.fromEntries(listedAfter.result.map((f: any) => [f.folderid, f]));
    assert.deepEqual(Object.keys(byId).sort(), ['annarchive', 'bobshared1', 'c1', 'c2', 'publiccontacts']);
    assert.equal(byId.bobshared1.name, 'Bob Mail');
    assert.equal(byId.bobshared1.store, 'bob@e2e.test');
    assert.equal(byId.bobshared1.flags, 0);
    assert.equal(byId.bobshared1.type, 12);
    assert.equal(byId.bobshared1.origin, 'user');
    assert.equal(byId.bobshared1.readable, false);
    assert.equal(byId.annarchive.readable, true);
    assert.equal(byId.annarchive.writeable, true);
    assert.deepEqual([byId.c2.parentid, byId.c2.type, byId.c2.flags, byId.c1.parentid, byId.c1.type], ['c1', 15, 1, '0', 13]);
    assert.deepEqual(details.result.data.additionalfolders.bobshared1, {
      store: 'bob@e2e.test',
      folderid: 'bobshared1',
      parentid: '0',
      name: 'Bob Mail',
      type: 12,
      flags: 0,
    });

    const [removed, removedAgain, cleared, finalList] = await ws('WebserviceDevice', credentials('ann'), [
      ['AdditionalFolderRemove', 'annphone', 'bobshared1'],
      ['AdditionalFolderRemove', 'annphone', 'bobshared1'],
      ['AdditionalFolderSetList', 'annphone', 'carol@e2e.test', []],
      ['AdditionalFolderList', 'annphone'],
    ]);
    assert.equal(removed.result, true);
    assertFault(removedAgain, 'ERROR', /^Device annphone has no additional folder bobshared1$/);
    assert.equal(cleared.result, true);
    assert.deepEqual(finalList.result.map((f: any) => f.folderid).sort(), ['annarchive', 'publiccontacts']);
  });

  it('WipeDevice reaches the device on its next Provision, whose acknowledgement shows; RemoveDevice forgets it', async () => {
    const [wiped, pending] = await ok('WebserviceDevice', credentials('ann'), [['WipeDevice', 'anntablet'], ['GetDeviceDetails', 'anntablet']]);
    assert.equal(wiped, true);
    assert.equal(pending.data.wipestatus, 2);
    assert.equal(pending.data.wiperequestedby, 'ann@e2e.test');
    assert.equal(typeof pending.data.wiperequestedon, 'number');
    assert.equal(pending.data.wipeactionon, false);

    const directive = await provision('ann', { step: 'request', deviceId: 'anntablet', deviceType: 'iPhone' });
    assert.equal(directive.outcome, 'remote-wipe');
    const confirmed = await provision('ann', { step: 'wipe-acknowledge', deviceId: 'anntablet', status: 1 });
    assert.equal(confirmed.outcome, 'wipe-acknowledged');

    const [done] = await ok('WebserviceDevice', credentials('ann'), [['GetDeviceDetails', 'anntablet']]);
    assert.equal(done.data.wipestatus, 8);
    assert.equal(typeof done.data.wipeactionon, 'number');

    const results = await ws('WebserviceDevice', credentials('ann'), [
      ['RemoveDevice', 'anntablet'],
      ['ListDevicesDetails'],
      ['GetDeviceDetails', 'anntablet'],
      ['RemoveDevice', 'anntablet'],
    ]);
    assert.equal(results[0].result, true);
    assert.deepEqual(results[1].result.map((d: any) => d.data.deviceid), ['annphone']);
    assertFault(results[2], 'ERROR', /^Device 'anntablet' of user 'ann@e2e.test' can not be found$/);
    assertFault(results[3], 'ERROR', /^Device 'anntablet' of user 'ann@e2e.test' can not be found$/);
  });

  it('refuses another user’s devices without admin rights, a bad password, other device ids and unknown methods', async () => {
    const forBob = await ws(
      'WebserviceDevice',
      credentials('ann'),
      [
        ['ListDevicesDetails'],
        ['WipeDevice', 'bobphone'],
      ],
      { user: email('bob') },
    );
    for (const r of forBob) assertFault(r, 'ERROR', /^Not enough privileges of 'ann@e2e.test' to act for user 'bob@e2e.test': permission denied$/);

    const badPassword = await ws('WebserviceDevice', { login: email('ann'), password: 'wrong' }, [['ListDevicesDetails']]);
    assertFault(badPassword[0], 'HTTP', /Unauthorized/, 401);
    const unknown = await ws('WebserviceInfo', { login: email('nobody'), password: 'x' }, [['About']]);
    assertFault(unknown[0], 'HTTP', /Unauthorized/, 401);

    const otherDevice = await ws('WebserviceDevice', credentials('ann'), [['ListDevicesDetails']], { deviceId: 'annphone' });
    assertFault(otherDevice[0], 'ERROR', /^Invalid device id and type for webservice execution$/);

    const noSuchMethod = await ws('WebserviceDevice', credentials('ann'), [['DropAllTables']]);
    assertFault(noSuchMethod[0], /Server/, /^Function 'DropAllTables' doesn't exist$/);

    // Nothing happened to bob's phone.
    const [bobs] = await ok('WebserviceDevice', credentials('bob'), [['GetDeviceDetails', 'bobphone']]);
    assert.equal(bobs.data.wipestatus, 1);
  });

  it('an admin acts for another user with User=', async () => {
    const results = await ws(
      'WebserviceDevice',
      admin,
      [
        ['ListDevicesDetails'],
        ['WipeDevice', 'bobphone'],
        ['GetDeviceDetails', 'bobphone'],
      ],
      { user: email('bob') },
    );
    assert.deepEqual(results.map((r) => r.fault), [null, null, null]);
    assert.deepEqual(results[0].result.map((d: any) => [d.data.deviceid, d.data.deviceuser]), [['bobphone', 'bob@e2e.test']]);
    assert.equal(results[1].result, true);
    assert.equal(results[2].result.data.wipestatus, 2);
    assert.equal(results[2].result.data.wiperequestedby, system.adminEmail);

    const nobody = await ws('WebserviceDevice', admin, [['ListDevicesDetails']], { user: email('nobody') });
    assertFault(nobody[0], 'ERROR', /^User 'nobody@e2e.test' can not be found$/);
  });

  it('WebserviceInfo: folders, version, signatures and store information; nothing of a store one has no rights on', async () => {
    const [folders, about, signatures, userInfo, storeInfo] = await ok('WebserviceInfo', credentials('ann'), [
      ['ListUserFolders'],
      ['About'],
      ['GetSignatures'],
      ['GetUserInfo'],
      ['GetUserStoreInfo'],
    ]);
    assert.ok(Array.isArray(folders));
    const byName = Object.fromEntries(folders.map((f: any) => [f.displayname, f]));
    assert.deepEqual(byName.Inbox, { '@class': 'stdClass', serverid: '2', parentid: '0', displayname: 'Inbox', type: 2 });
    assert.equal(byName.Calendar.type, 8);
    assert.equal(byName.Contacts.type, 9);
    assert.equal(byName.Briefcase, undefined);

    assert.equal(about, '2.5.0');

    assert.equal(signatures['@class'], 'stdClass');
    assert.deepEqual(signatures.all, { default: { '@class': 'stdClass', id: 'default', name: 'Default', content: '-- Ann', isHTML: false } });
    assert.equal(signatures.new_message, 'default');
    assert.equal(signatures.replyforward_message, 'default');
    assert.match(signatures.hash, /^[0-9a-f]{40}$/);

    assert.deepEqual(userInfo, { foldercnt: folders.length, storesize: userInfo.storesize, fullname: 'Ann Example', emailaddress: 'ann@e2e.test' });
    assert.equal(typeof userInfo.storesize, 'number');
    assert.deepEqual(storeInfo, { '@class': 'stdClass', foldercount: folders.length, storesize: userInfo.storesize, fullname: 'Ann Example', emailaddress: 'ann@e2e.test' });

    // The seed: without rights on the store, the answer is empty.
    const [bobFolders, bobSignatures, bobInfo, version] = await ok('WebserviceInfo', credentials('ann'), [['ListUserFolders'], ['GetSignatures'], ['GetUserInfo'], ['About']], {
      user: email('bob'),
    });
    assert.deepEqual([bobFolders, bobSignatures, bobInfo, version], [[], null, [], '2.5.0']);

    // An admin sees the user's store.
    const [annFolders, annInfo] = await ok('WebserviceInfo', admin, [['ListUserFolders'], ['GetUserInfo']], { user: email('ann') });
    assert.deepEqual(annFolders, folders);
    assert.equal(annInfo.emailaddress, 'ann@e2e.test');
  });

  it('WebserviceUsers: HTTP 403 while disabled; once enabled, every device for admins only', async () => {
    for (const who of [admin, credentials('ann')]) {
      const [r] = await ws('WebserviceUsers', who, [['ListDevices']]);
      assertFault(r, 'HTTP', /Forbidden/, 403);
    }

    system.env.ZPUSH_WEBSERVICE_USERS_ACCESS = '1';
    await system.restartServices();

    const [refused] = await ws('WebserviceUsers', credentials('ann'), [['ListDevices']]);
    assertFault(refused, 'ERROR', /^User 'ann@e2e.test' has no admin privileges$/);

    const [ids, users, details] = await ok('WebserviceUsers', admin, [['ListDevices'], ['ListDevicesAndUsers'], ['ListDevicesDetails']]);
    assert.deepEqual([...ids].sort(), ['annphone', 'bobphone']);
    assert.deepEqual(users, { annphone: ['ann@e2e.test'], bobphone: ['bob@e2e.test'] });
    assert.equal(details.annphone['ann@e2e.test'].data.deviceid, 'annphone');
    assert.equal(details.bobphone['bob@e2e.test'].data.wipestatus, 2);
    assert.equal(details.bobphone['bob@e2e.test']['@class'], 'stdClass');
  });
});
