// The ActiveSync side of a device: the Provision handshake (MS-ASPROV), remote wipe through it,
// and what the device may do afterwards (RecordSync, SetDeviceFolders).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceErrorCode, ErrorCode } from '@gw/contracts';
import { deviceStatus } from '../src/domain/device-state';
import { provisionOutcome } from '../src/domain/provision-outcome';
import { acknowledge, admin, ALICE, Devices, MINUTE, request, sync, wipeAcknowledge } from './device-fixture';

const refusedWith = (code: string) => (error: unknown) => (error as { code?: string }).code === code;

describe('Provision handshake', () => {
  it('a first request registers the device and offers a temporary key; it needs provisioning until acknowledged', () => {
    const d = new Devices();
    const information = { model: 'iPhone15,2', imei: '3569', friendlyName: "Alice's phone", os: 'iOS 17.1' };
    assert.deepEqual(d.types(request('phone1', 1_000, '1001', { information } as object)), ['DeviceRegistered', 'DevicePolicyOffered']);
    const device = d.device();
    assert.equal(device.firstSyncAt, 1_000);
    assert.equal(device.deviceType, 'iPhone');
    assert.equal(device.protocolVersion, '14.1');
    assert.deepEqual(device.information, information);
    assert.equal(device.pendingPolicyKey, '1001');
    assert.equal(device.policyKey, undefined);
    assert.equal(deviceStatus(device), 'need-provision');
    assert.deepEqual(provisionOutcome('request', device), { outcome: 'policy', policyKey: '1001' });
  });

  it('acknowledging the temporary key yields the final key and the time of the policy update', () => {
    const d = new Devices();
    d.run(request('phone1', 1_000, '1001'));
    assert.deepEqual(d.types(acknowledge('phone1', '1001', 2_000, '2002')), ['DeviceProvisioned']);
    const device = d.device();
    assert.equal(device.policyKey, '2002');
    assert.equal(device.pendingPolicyKey, undefined);
    assert.equal(device.lastPolicyUpdateAt, 2_000);
    assert.equal(deviceStatus(device), 'ok');
    assert.deepEqual(provisionOutcome('acknowledge', device), { outcome: 'provisioned', policyKey: '2002' });
  });

  it('phase 2 with another key than the one offered, or without phase 1, is refused', () => {
    const d = new Devices();
    assert.throws(() => d.run(acknowledge('phone1', '1001', 1_000)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    d.run(request('phone1', 1_000, '1001'));
    assert.throws(() => d.run(acknowledge('phone1', '7777', 2_000)), refusedWith(DeviceErrorCode.INVALID_POLICY_KEY));
    d.run(acknowledge('phone1', '1001', 2_000));
    // The temporary key is spent: a repeated phase 2 has to start over.
    assert.throws(() => d.run(acknowledge('phone1', '1001', 3_000)), refusedWith(DeviceErrorCode.INVALID_POLICY_KEY));
  });

  it('a device that did not apply the policy gets no final key', () => {
    const d = new Devices();
    d.run(request('phone1', 1_000, '1001'));
    assert.throws(() => d.run(acknowledge('phone1', '1001', 2_000, '2002', 3)), refusedWith(DeviceErrorCode.POLICY_NOT_APPLIED));
    assert.equal(deviceStatus(d.device()), 'need-provision');
  });

  it('a provisioned device provisioning again voids its key until the new handshake completes; first sync stays', () => {
    const d = new Devices();
    const key = d.provisioned('phone1', 1_000);
    assert.deepEqual(d.types(request('phone1', 5_000, '3003', { userAgent: 'Apple-iPhone/2' } as object)), ['DeviceInformationUpdated', 'DevicePolicyOffered']);
    assert.equal(d.device().userAgent, 'Apple-iPhone/2');
    assert.equal(d.device().policyKey, undefined);
    assert.throws(() => d.run(sync('phone1', key, 5_500)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    d.run(acknowledge('phone1', '3003', 6_000, '4004'));
    assert.equal(d.device().policyKey, '4004');
    assert.equal(d.device().firstSyncAt, 1_000);
  });

  it('a removed device must provision again, and registers as a new device', () => {
    const d = new Devices();
    const key = d.provisioned('phone1', 1_000);
    d.run(admin('RemoveDevice', 'phone1', 2_000));
    assert.equal(d.state.devices.has('phone1'), false);
    assert.throws(() => d.run(sync('phone1', key, 3_000)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    assert.deepEqual(d.types(request('phone1', 4_000, '5005')), ['DeviceRegistered', 'DevicePolicyOffered']);
    assert.equal(d.device().firstSyncAt, 4_000);
  });

  it('a suspended device is refused at either phase', () => {
    const d = new Devices();
    d.run(request('phone1', 1_000, '1001'));
    d.run(admin('SuspendDevice', 'phone1', 1_500));
    assert.throws(() => d.run(acknowledge('phone1', '1001', 2_000)), refusedWith(DeviceErrorCode.DEVICE_SUSPENDED));
    assert.throws(() => d.run(request('phone1', 3_000)), refusedWith(DeviceErrorCode.DEVICE_SUSPENDED));
  });
});

describe('Remote wipe through Provision', () => {
  it('with a wipe pending, every step answers with the wipe directive and hands out no key', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    d.run(admin('WipeDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(request('phone1', 3_000, '6006')), []);
    assert.deepEqual(provisionOutcome('request', d.device()), { outcome: 'remote-wipe' });
    assert.deepEqual(d.types(acknowledge('phone1', '6006', 3_100)), []);
    assert.deepEqual(provisionOutcome('acknowledge', d.device()), { outcome: 'remote-wipe' });
  });

  it("the device's acknowledgement marks the wipe complete; a repeated one changes nothing", () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    d.run(admin('WipeDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(wipeAcknowledge('phone1', 4_000)), ['DeviceWipeAcknowledged']);
    assert.deepEqual(d.device().wipe, { requestedAt: 2_000, requestedBy: { id: 'acct-admin', name: 'admin@example.org' }, acknowledgedAt: 4_000 });
    assert.equal(deviceStatus(d.device()), 'wipe-complete');
    assert.deepEqual(provisionOutcome('wipe-acknowledge', d.device()), { outcome: 'wipe-acknowledged' });
    assert.deepEqual(d.types(wipeAcknowledge('phone1', 5_000)), []);
  });

  it('a wiped device stays wiped: it gets the directive again until an admin removes it', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    d.run(admin('WipeDevice', 'phone1', 2_000));
    d.run(wipeAcknowledge('phone1', 3_000));
    d.run(request('phone1', 4_000));
    assert.deepEqual(provisionOutcome('request', d.device()), { outcome: 'remote-wipe' });
    d.run(admin('RemoveDevice', 'phone1', 5_000));
    d.run(request('phone1', 6_000, '7007'));
    assert.deepEqual(provisionOutcome('request', d.device()), { outcome: 'policy', policyKey: '7007' });
  });

  it('a failed wipe stays pending and is sent again', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    d.run(admin('WipeDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(wipeAcknowledge('phone1', 3_000, 2)), []);
    assert.equal(deviceStatus(d.device()), 'wipe-requested');
    assert.deepEqual(provisionOutcome('wipe-acknowledge', d.device()), { outcome: 'remote-wipe' });
  });

  it('a wipe outranks a suspension: a suspended device still receives it', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    d.run(admin('SuspendDevice', 'phone1', 1_500));
    d.run(admin('WipeDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(request('phone1', 3_000)), []);
    assert.deepEqual(provisionOutcome('request', d.device()), { outcome: 'remote-wipe' });
  });

  it('acknowledging a wipe nobody requested is refused', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    assert.throws(() => d.run(wipeAcknowledge('phone1', 2_000)), refusedWith(DeviceErrorCode.NO_PENDING_WIPE));
    assert.throws(() => d.run(wipeAcknowledge('ghost', 2_000)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
  });
});

describe('RecordSync', () => {
  it('records the last sync time of a provisioned device presenting its key, at most once a minute', () => {
    const d = new Devices();
    const key = d.provisioned('phone1', 1_000);
    assert.deepEqual(d.types(sync('phone1', key, 10_000)), ['DeviceSynced']);
    assert.deepEqual(d.types(sync('phone1', key, 10_000 + MINUTE - 1)), []);
    assert.equal(d.device().lastSyncAt, 10_000);
    assert.deepEqual(d.types(sync('phone1', key, 10_000 + MINUTE)), ['DeviceSynced']);
    assert.equal(d.device().lastSyncAt, 10_000 + MINUTE);
    // A clock running backwards does not move the time back.
    assert.deepEqual(d.types(sync('phone1', key, 5_000)), []);
  });

  it('a changed user agent or protocol version is recorded even within the minute', () => {
    const d = new Devices();
    const key = d.provisioned('phone1', 1_000);
    d.run(sync('phone1', key, 10_000));
    assert.deepEqual(d.types(sync('phone1', key, 10_001, { protocolVersion: '16.1' })), ['DeviceInformationUpdated']);
    assert.equal(d.device().protocolVersion, '16.1');
    assert.deepEqual(d.types(sync('phone1', key, 10_002, { protocolVersion: '16.1', userAgent: 'Apple-iPhone/1' })), []);
  });

  it('refuses unknown, unprovisioned, wrongly keyed, suspended and to-be-wiped devices', () => {
    const d = new Devices();
    assert.throws(() => d.run(sync('phone1', '2002', 1_000)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    d.run(request('phone1', 1_000, '1001'));
    assert.throws(() => d.run(sync('phone1', '1001', 1_100)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED), 'a temporary key is no key');
    const key = d.provisioned('phone1', 1_200);
    assert.throws(() => d.run(sync('phone1', undefined, 1_300)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    assert.throws(() => d.run(sync('phone1', '0', 1_300)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    assert.throws(() => d.run(sync('phone1', '31337', 1_300)), refusedWith(DeviceErrorCode.INVALID_POLICY_KEY));
    d.run(admin('SuspendDevice', 'phone1', 1_400));
    assert.throws(() => d.run(sync('phone1', key, 1_500)), refusedWith(DeviceErrorCode.DEVICE_SUSPENDED));
    d.run(admin('WipeDevice', 'phone1', 1_600));
    assert.throws(() => d.run(sync('phone1', key, 1_700)), refusedWith(DeviceErrorCode.REMOTE_WIPE_REQUESTED));
  });
});

describe('SetDeviceFolders', () => {
  const folders = [
    { id: '2', parentId: '0', name: 'Inbox', type: 2 },
    { id: '257', parentId: '2', name: 'Projects', type: 12 },
  ];

  it('keeps the hierarchy the device was sent; the same again changes nothing', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    const command = { type: 'SetDeviceFolders', deviceId: 'phone1', folders, at: 2_000, by: ALICE } as const;
    assert.deepEqual(d.types(command), ['DeviceFoldersSynced']);
    assert.deepEqual(d.device().folders, folders);
    assert.deepEqual(d.types(command), []);
  });

  it('refuses an unknown device and folders listed twice', () => {
    const d = new Devices();
    assert.throws(() => d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders, at: 1, by: ALICE }), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    d.provisioned('phone1', 1_000);
    assert.throws(() => d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders: [folders[0], folders[0]], at: 1, by: ALICE }), refusedWith(ErrorCode.INVALID_REQUEST));
  });
});
