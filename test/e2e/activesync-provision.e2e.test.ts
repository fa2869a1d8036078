// A phone registers through the ActiveSync Provision handshake (MS-ASPROV over WBXML), and the
// wipe loop closes: zimbraSync lists the devices, a RemoteWipe requested there reaches the device
// on its next Provision, and the device's confirmation shows as wipe complete. Suspension,
// removal and policy keys gate FolderSync, which serves the mailbox's folder hierarchy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { el } from '@gw/wbxml';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { ActiveSyncDevice, readProvision } from '../support/activesync-client';
import { join } from 'node:path';
import { ensurePhpSoap, runPhpJson } from '../support/php-soap';

const ADMIN = 'urn:zimbraAdmin';
const SYNC = 'urn:zimbraSync';

interface DeviceStatus {
  attrs: Record<string, string>;
  fields: Record<string, string>;
}

describe('ActiveSync provisioning and the wipe loop', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let activeSyncUrl: string;
  let adminToken: string;
  const tokens: Record<string, string> = {};
  let anaPhone: ActiveSyncDevice;
  let anaTablet: ActiveSyncDevice;
  let bobLegacy: ActiveSyncDevice;

  const admin = (body: string) => post(system.adminUrl, soap12(body, contextHeader(adminToken)));
  const user = (name: string, body: string) => post(system.userUrl, soap12(body, contextHeader(tokens[name])));

  async function createAccount(name: string) {
    const created = await admin(`<CreateAccountRequest xmlns="${ADMIN}"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`);
    assert.equal(created.status, 200, created.text);
    const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}@e2e.test</account><password>${name}-password</password></AuthRequest>`));
    tokens[name] = /<authToken>([^<]+)</.exec(auth.text)![1];
  }

  /** zimbraSync GetDeviceStatus, by device id. */
  async function deviceStatus(name: string): Promise<Map<string, DeviceStatus>> {
    const res = await user(name, `<GetDeviceStatusRequest xmlns="${SYNC}"/>`);
    assert.equal(res.status, 200, res.text);
    const devices = new Map<string, DeviceStatus>();
    for (const m of res.text.matchAll(/<device ([^>]*?)(?:\/>|>([\s\S]*?)<\/device>)/g)) {
      const attrs = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      const fields = Object.fromEntries([...(m[2] ?? '').matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((f) => [f[1], f[2]]));
      devices.set(attrs.id, { attrs, fields });
    }
    return devices;
  }

  async function deviceAction(name: string, request: string, deviceId: string) {
    const res = await user(name, `<${request} xmlns="${SYNC}"><device id="${deviceId}"/></${request}>`);
    assert.equal(res.status, 200, res.text);
  }

  async function devicesCount(): Promise<number> {
    const res = await admin(`<GetDevicesCountRequest xmlns="${ADMIN}"/>`);
    assert.equal(res.status, 200, res.text);
    return Number(/<count>(\d+)<\/count>/.exec(res.text)![1]);
  }

  before(async () => {
    system = await startSystem();
    activeSyncUrl = system.userUrl.replace('/service/soap', '/Microsoft-Server-ActiveSync');
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const name of ['ana', 'bob']) await createAccount(name);
    const device = (name: string, deviceId: string, deviceType: string, extra: Partial<ConstructorParameters<typeof ActiveSyncDevice>[0]> = {}) =>
      new ActiveSyncDevice({ url: activeSyncUrl, user: `${name}@e2e.test`, password: `${name}-password`, deviceId, deviceType, ...extra });
    anaPhone = device('ana', 'AndroidAna01', 'Android', {
      profile: {
        model: 'SM-G991B',
        imei: '356938035643809',
        friendlyName: 'Galaxy da Ana',
        os: 'Android 14',
        osLanguage: 'Português (Brasil)',
        phoneNumber: '+55 61 99999-0000',
        mobileOperator: 'Operadora Ω',
        userAgent: 'Android-Mail/2024.01.14',
      },
    });
    anaTablet = device('ana', 'ipadana02', 'iPad', { profile: { model: 'iPad13,1', os: 'iPadOS 17.2', userAgent: 'Apple-iPad13C1/2102.1' } });
    bobLegacy = device('bob', 'bobwm03', 'WindowsMobile', { protocolVersion: '12.1' });
  });
  after(async () => system?.stop());

  it('OPTIONS announces the versions and Provision and FolderSync', async () => {
    const found = await anaPhone.discover();
    assert.equal(found.status, 200);
    assert.ok(found.versions.includes('14.1') && found.versions.includes('12.1'), found.versions.join());
    assert.ok(found.commands.includes('Provision') && found.commands.includes('FolderSync'), found.commands.join());
  });

  it('before provisioning, FolderSync is refused: status 142 from 14.0 on, HTTP 449 before', async () => {
    const modern = await anaPhone.folderSync();
    assert.equal(modern.http, 200);
    assert.equal(modern.response.headers.get('content-type'), 'application/vnd.ms-sync.wbxml');
    assert.equal(modern.status, 142);
    const legacy = await bobLegacy.folderSync();
    assert.equal(legacy.http, 449);
  });

  it('malformed WBXML is HTTP 400, another user is HTTP 403, a document that is no Provision request is Status 2', async () => {
    assert.equal((await anaPhone.send('Provision', Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x0e, 0x45, 0x4b]))).status, 400);
    assert.equal((await anaPhone.send('Provision', Buffer.from('<Provision/>'))).status, 400);
    const other = await anaPhone.send('Provision', el('Provision', 'Provision', el('Provision', 'Policies')), { user: 'bob@e2e.test' });
    assert.equal(other.status, 403);
    const noPolicy = readProvision(await anaPhone.send('Provision', el('Provision', 'Provision', el('Provision', 'Policies'))));
    assert.equal(noPolicy.http, 200);
    assert.equal(noPolicy.status, 2);
    const wrongRoot = readProvision(await anaPhone.send('Provision', el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'SyncKey', '0'))));
    assert.equal(wrongRoot.status, 2);
    const noVersion = await anaPhone.send('Provision', el('Provision', 'Provision'), { protocolVersion: null });
    assert.equal(noVersion.status, 400);
  });

  it('two devices provision over WBXML: phase 1 gives the policy and a temporary key, phase 2 the final key', async () => {
    const phase1 = await anaPhone.requestPolicy();
    assert.equal(phase1.http, 200);
    assert.equal(phase1.response.headers.get('content-type'), 'application/vnd.ms-sync.wbxml');
    assert.equal(phase1.response.raw.subarray(0, 4).toString('hex'), '03016a00');
    assert.equal(phase1.status, 1);
    assert.equal(phase1.deviceInformationStatus, 1);
    assert.equal(phase1.policyStatus, 1);
    assert.match(phase1.policyKey ?? '', /^\d+$/);
    assert.equal(phase1.policy?.DevicePasswordEnabled, '0');
    assert.equal(phase1.policy?.AttachmentsEnabled, '1');
    assert.equal(phase1.remoteWipe, false);

    // A key that is not the one offered: Policy Status 5, no key; the offered one still stands.
    const wrong = await anaPhone.acknowledgePolicy(String((Number(phase1.policyKey) % 4_000_000_000) + 1));
    assert.equal(wrong.status, 1);
    assert.equal(wrong.policyStatus, 5);
    assert.equal(wrong.policyKey, undefined);

    const phase2 = await anaPhone.acknowledgePolicy(phase1.policyKey!);
    assert.equal(phase2.status, 1);
    assert.equal(phase2.policyStatus, 1);
    assert.match(phase2.policyKey ?? '', /^\d+$/);
    assert.notEqual(phase2.policyKey, phase1.policyKey);
    anaPhone.policyKey = phase2.policyKey!;

    const tablet = await anaTablet.provision();
    assert.equal(tablet.outcome, 'provisioned');
    // Protocol 12.1 sends no DeviceInformation; the handshake is the same.
    const legacy = await bobLegacy.provision();
    assert.equal(legacy.outcome, 'provisioned');
  });

  it('zimbraSync GetDeviceStatus lists both devices with status 1; admin GetDevicesCount counts every device', async () => {
    const devices = await deviceStatus('ana');
    assert.deepEqual([...devices.keys()].sort(), ['androidana01', 'ipadana02']);
    const phone = devices.get('androidana01')!;
    assert.equal(phone.attrs.type, 'Android');
    assert.equal(phone.attrs.protocol, '14.1');
    assert.equal(phone.attrs.ua, 'Android-Mail/2024.01.14');
    assert.equal(phone.fields.status, '1');
    assert.equal(phone.fields.provisionable, '1');
    assert.match(phone.fields.firstReqReceived, /^\d+$/);
    assert.match(phone.fields.lastPolicyUpdate, /^\d+$/);
    assert.equal(devices.get('ipadana02')!.fields.status, '1');
    const bobs = await deviceStatus('bob');
    assert.deepEqual([...bobs.keys()], ['bobwm03']);
    // A 12.1 device sends no DeviceInformation: its user agent comes from the HTTP header.
    assert.equal(bobs.get('bobwm03')!.attrs.ua, 'e2e-device/WindowsMobile');
    assert.equal(await devicesCount(), 3);
  });

  it('FolderSync returns the hierarchy with ActiveSync folder types, and then only the changes', async () => {
    const first = await anaPhone.folderSync();
    assert.equal(first.status, 1, first.response.body ? JSON.stringify(first.response.body) : String(first.http));
    const byName = new Map(first.added.map((f) => [f.displayName, f]));
    assert.deepEqual(byName.get('Inbox'), { serverId: '2', parentId: '0', displayName: 'Inbox', type: 2 });
    assert.equal(byName.get('Drafts')?.type, 3);
    assert.equal(byName.get('Trash')?.type, 4);
    assert.equal(byName.get('Sent')?.type, 5);
    assert.equal(byName.get('Tasks')?.type, 7);
    assert.equal(byName.get('Calendar')?.type, 8);
    assert.equal(byName.get('Contacts')?.type, 9);
    assert.equal(byName.get('Junk')?.type, 12);
    assert.equal(byName.has('Briefcase'), false);
    assert.equal(byName.has('USER_ROOT'), false);
    assert.equal(first.count, first.added.length);
    const key = first.syncKey!;

    // Nothing changed: the same key and no changes.
    const again = await anaPhone.folderSync();
    assert.equal(again.status, 1);
    assert.equal(again.count, 0);
    assert.equal(again.syncKey, key);

    const created = await user('ana', '<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Projetos" l="2"/></CreateFolderRequest>');
    assert.equal(created.status, 200, created.text);
    const folderId = /<folder [^>]*id="(\d+)"/.exec(created.text)![1];
    const changed = await anaPhone.folderSync();
    assert.equal(changed.status, 1);
    assert.equal(changed.count, 1);
    assert.deepEqual(changed.added, [{ serverId: folderId, parentId: '2', displayName: 'Projetos', type: 12 }]);
    assert.notEqual(changed.syncKey, key);

    // The superseded key, or one never given, is refused: start again from 0.
    assert.equal((await anaPhone.folderSync(key)).status, 9);
    assert.equal((await anaPhone.folderSync('made-up')).status, 9);
    assert.equal((await anaPhone.folderSync(anaPhone.folderSyncKey)).status, 1);

    // The other device's hierarchy is its own; a 12.1 device gets the same document.
    assert.equal((await anaTablet.folderSync()).status, 1);
    const legacy = await bobLegacy.folderSync();
    assert.equal(legacy.http, 200);
    assert.equal(legacy.status, 1);
  });

  it('a wrong or old policy key in X-MS-PolicyKey is refused: 144 (HTTP 449 before 14.0); none at all is 142', async () => {
    const wrongKey = String((Number(anaTablet.policyKey) % 4_000_000_000) + 7);
    assert.equal((await anaTablet.folderSync(undefined, { policyKey: wrongKey })).status, 144);
    assert.equal((await anaTablet.folderSync(undefined, { policyKey: null })).status, 142);
    assert.equal((await anaTablet.folderSync(undefined, { policyKey: '0' })).status, 142);
    assert.equal((await bobLegacy.folderSync(undefined, { policyKey: wrongKey })).http, 449);

    // Provisioning again replaces the key: the old one is refused, the new one works.
    const old = anaTablet.policyKey;
    assert.equal((await anaTablet.provision()).outcome, 'provisioned');
    assert.notEqual(anaTablet.policyKey, old);
    assert.equal((await anaTablet.folderSync(undefined, { policyKey: old })).status, 144);
    assert.equal((await anaTablet.folderSync()).status, 1);
  });

  it('a RemoteWipe requested through zimbraSync reaches the device on its next Provision; its confirmation shows as status 4', async () => {
    await deviceAction('ana', 'RemoteWipeRequest', 'androidana01');
    const requested = (await deviceStatus('ana')).get('androidana01')!;
    assert.equal(requested.fields.status, '3');
    assert.match(requested.fields.remoteWipeReqTime, /^\d+$/);

    // Any other command sends the device to Provision, where the directive waits.
    assert.equal((await anaPhone.folderSync()).status, 140);
    const phase1 = await anaPhone.requestPolicy();
    assert.equal(phase1.status, 1);
    assert.equal(phase1.remoteWipe, true);
    assert.equal(phase1.policyKey, undefined);

    // The device follows the directive: wipes itself and confirms.
    const outcome = await anaPhone.provision();
    assert.equal(outcome.outcome, 'wiped');
    assert.ok(anaPhone.wiped);
    if (outcome.outcome === 'wiped') {
      assert.equal(outcome.confirmation.http, 200);
      assert.equal(outcome.confirmation.status, 1);
      assert.equal(outcome.confirmation.remoteWipe, false);
    }

    const done = (await deviceStatus('ana')).get('androidana01')!;
    assert.equal(done.fields.status, '4');
    assert.match(done.fields.remoteWipeReqTime, /^\d+$/);
    // soap-mobile.txt spells the element removeWipeAckTime (and closes it as remoteWipeAckTime).
    const ack = done.fields.removeWipeAckTime ?? done.fields.remoteWipeAckTime;
    assert.match(ack ?? '', /^\d+$/, JSON.stringify(done.fields));
    assert.ok(Number(ack) >= Number(done.fields.remoteWipeReqTime));
    // A wiped device stays wiped: it gets the directive again, never a policy.
    assert.equal((await anaPhone.requestPolicy()).remoteWipe, true);
    assert.equal((await anaPhone.folderSync('0', { policyKey: '0' })).status, 140);
    // The other device of the account is untouched.
    assert.equal((await deviceStatus('ana')).get('ipadana02')!.fields.status, '1');
  });

  it('the wipe loop before 14.0: HTTP 449, then the directive in Provision', async () => {
    await deviceAction('bob', 'RemoteWipeRequest', 'bobwm03');
    assert.equal((await bobLegacy.folderSync()).http, 449);
    const outcome = await bobLegacy.provision();
    assert.equal(outcome.outcome, 'wiped');
    assert.equal((await deviceStatus('bob')).get('bobwm03')!.fields.status, '4');
  });

  it('a suspended device is refused (129) until resumed, and then provisions again', async () => {
    await deviceAction('ana', 'SuspendDeviceRequest', 'ipadana02');
    assert.equal((await deviceStatus('ana')).get('ipadana02')!.fields.status, '2');
    assert.equal((await anaTablet.folderSync()).status, 129);
    const phase1 = await anaTablet.requestPolicy();
    assert.equal(phase1.http, 200);
    assert.equal(phase1.status, 129);
    assert.equal(phase1.policyKey, undefined);

    await deviceAction('ana', 'ResumeDeviceRequest', 'ipadana02');
    assert.equal((await anaTablet.folderSync()).status, 142);
    assert.equal((await anaTablet.provision()).outcome, 'provisioned');
    assert.equal((await anaTablet.folderSync()).status, 1);
    assert.equal((await deviceStatus('ana')).get('ipadana02')!.fields.status, '1');
  });

  it('a removed device must provision again, and registers as a new device', async () => {
    const before = (await deviceStatus('ana')).get('androidana01')!;
    await deviceAction('ana', 'RemoveDeviceRequest', 'androidana01');
    assert.deepEqual([...(await deviceStatus('ana')).keys()], ['ipadana02']);
    assert.equal(await devicesCount(), 2);

    // The phone (wiped and set up again) is unknown now: 142 until it provisions.
    anaPhone.wiped = false;
    assert.equal((await anaPhone.folderSync('0', { policyKey: '0' })).status, 142);
    const again = await anaPhone.provision();
    assert.equal(again.outcome, 'provisioned');
    const first = await anaPhone.folderSync('0');
    assert.equal(first.status, 1);
    assert.ok(first.added.some((f) => f.displayName === 'Projetos'));

    const now = (await deviceStatus('ana')).get('androidana01')!;
    assert.equal(now.fields.status, '1');
    assert.equal(now.fields.remoteWipeReqTime, undefined);
    assert.ok(Number(now.fields.firstReqReceived) >= Number(before.fields.firstReqReceived));
    assert.equal(await devicesCount(), 3);
  });

  it('the Z-Push webservice sees the same devices: its wipe reaches the device over WBXML, and both APIs show it done', async () => {
    ensurePhpSoap();
    /** PHP's SoapClient, as the Z-Push documentation uses it, signed in as ana. */
    const zpush = async (calls: [string, ...unknown[]][]) => {
      const results = await runPhpJson<{ method: string; result: any; fault: unknown }[]>(join(__dirname, 'php', 'zpush-webservice.php'), {
        server: system.userUrl.replace(/\/service\/soap$/, ''),
        cmd: 'WebserviceDevice',
        user: 'ana@e2e.test',
        login: 'ana@e2e.test',
        password: 'ana-password',
        calls: calls.map(([method, ...args]) => ({ method, args })),
      });
      for (const r of results) assert.equal(r.fault, null, `${r.method}: ${JSON.stringify(r.fault)}`);
      return results.map((r) => r.result);
    };
    const [list] = await zpush([['ListDevicesDetails']]);
    assert.deepEqual(list.map((d: any) => d.data.deviceid).sort(), ['androidana01', 'ipadana02']);

    const [wiped] = await zpush([['WipeDevice', 'ipadana02']]);
    assert.equal(wiped, true);
    assert.equal((await deviceStatus('ana')).get('ipadana02')!.fields.status, '3');
    const outcome = await anaTablet.provision();
    assert.equal(outcome.outcome, 'wiped');

    const [details] = await zpush([['GetDeviceDetails', 'ipadana02']]);
    assert.equal(details.data.wipestatus, 8);
    assert.equal((await deviceStatus('ana')).get('ipadana02')!.fields.status, '4');
  });
});
