// What users and admins do to devices (zimbraSync and the Z-Push webservice), and the status
// these leave a device in, with its zimbraSync code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceErrorCode, ErrorCode, ZIMBRA_SYNC_STATUS_CODE } from '@gw/contracts';
import { deviceStatus } from '../src/domain/device-state';
import { ADMIN, admin, ALICE, Devices, PUBLIC_CALENDAR, request, sync, wipeAcknowledge } from './device-fixture';

const refusedWith = (code: string) => (error: unknown) => (error as { code?: string }).code === code;

describe('device status', () => {
  it('maps to the zimbraSync codes of soap-mobile.txt', () => {
    assert.deepEqual(ZIMBRA_SYNC_STATUS_CODE, { 'need-provision': 0, ok: 1, suspended: 2, 'wipe-requested': 3, 'wipe-complete': 4 });
  });

  it('walks need provision → ok → suspended → wipe requested → wipe complete', () => {
    const d = new Devices();
    d.run(request('phone1', 1_000));
    const seen = [deviceStatus(d.device())];
    d.provisioned('phone1', 2_000);
    seen.push(deviceStatus(d.device()));
    d.run(admin('SuspendDevice', 'phone1', 3_000));
    seen.push(deviceStatus(d.device()));
    d.run(admin('WipeDevice', 'phone1', 4_000));
    seen.push(deviceStatus(d.device()));
    d.run(wipeAcknowledge('phone1', 5_000));
    seen.push(deviceStatus(d.device()));
    assert.deepEqual(seen, ['need-provision', 'ok', 'suspended', 'wipe-requested', 'wipe-complete']);
  });
});

describe('administration of a device the account does not have', () => {
  for (const type of ['RemoveDevice', 'WipeDevice', 'CancelPendingWipe', 'SuspendDevice', 'ResumeDevice', 'ResyncDevice'] as const) {
    it(`${type} is refused with device.NO_SUCH_DEVICE`, () => {
      assert.throws(() => new Devices().run(admin(type, 'ghost', 1)), refusedWith(DeviceErrorCode.NO_SUCH_DEVICE));
    });
  }
});

describe('remote wipe requests', () => {
  it('records when and by whom; a second request keeps the first', () => {
    const d = new Devices();
    d.provisioned();
    assert.deepEqual(d.run(admin('WipeDevice', 'phone1', 2_000)), [{ type: 'DeviceWipeRequested', data: { deviceId: 'phone1', at: 2_000, by: ADMIN } }]);
    assert.deepEqual(d.run({ ...admin('WipeDevice', 'phone1', 3_000), by: ALICE }), []);
    assert.deepEqual(d.device().wipe, { requestedAt: 2_000, requestedBy: ADMIN });
  });

  it('a pending wipe can be cancelled; the device is back where it was, suspended or not', () => {
    const d = new Devices();
    const key = d.provisioned();
    d.run(admin('WipeDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(admin('CancelPendingWipe', 'phone1', 3_000)), ['DeviceWipeCanceled']);
    assert.equal(d.device().wipe, undefined);
    assert.equal(deviceStatus(d.device()), 'ok');
    assert.deepEqual(d.types(sync('phone1', key, 4_000)), ['DeviceSynced']);

    d.run(admin('SuspendDevice', 'phone1', 5_000));
    d.run(admin('WipeDevice', 'phone1', 6_000));
    d.run(admin('CancelPendingWipe', 'phone1', 7_000));
    assert.equal(deviceStatus(d.device()), 'suspended');
  });

  it("cannot be cancelled when none is pending, nor once the device confirmed it", () => {
    const d = new Devices();
    d.provisioned();
    assert.throws(() => d.run(admin('CancelPendingWipe', 'phone1', 2_000)), refusedWith(DeviceErrorCode.NO_PENDING_WIPE));
    d.run(admin('WipeDevice', 'phone1', 3_000));
    d.run(wipeAcknowledge('phone1', 4_000));
    assert.throws(() => d.run(admin('CancelPendingWipe', 'phone1', 5_000)), /already confirmed/);
    assert.deepEqual(d.types(admin('WipeDevice', 'phone1', 6_000)), [], 'a wiped device stays wiped');
  });
});

describe('suspend and resume', () => {
  it('suspending twice changes nothing; resuming a device that is not suspended neither', () => {
    const d = new Devices();
    d.provisioned();
    assert.deepEqual(d.types(admin('ResumeDevice', 'phone1', 1_500)), []);
    assert.deepEqual(d.types(admin('SuspendDevice', 'phone1', 2_000)), ['DeviceSuspended']);
    assert.deepEqual(d.types(admin('SuspendDevice', 'phone1', 3_000)), []);
  });

  it('resuming resets the policy: the device provisions again, keeping its first sync time', () => {
    const d = new Devices();
    const key = d.provisioned('phone1', 1_000);
    d.run(admin('SuspendDevice', 'phone1', 2_000));
    assert.deepEqual(d.types(admin('ResumeDevice', 'phone1', 3_000)), ['DeviceResumed']);
    assert.equal(deviceStatus(d.device()), 'need-provision');
    assert.throws(() => d.run(sync('phone1', key, 4_000)), refusedWith(DeviceErrorCode.PROVISION_REQUIRED));
    d.provisioned('phone1', 5_000, { temporary: '3003', final: '4004' });
    assert.equal(deviceStatus(d.device()), 'ok');
    assert.equal(d.device().firstSyncAt, 1_000);
  });
});

describe('resync', () => {
  const folders = [{ id: '2', parentId: '0', name: 'Inbox', type: 2 }];

  it('ResyncDevice marks the device at that time and keeps provisioning and first sync (unlike RemoveDevice)', () => {
    const d = new Devices();
    d.provisioned('phone1', 1_000);
    assert.deepEqual(d.run(admin('ResyncDevice', 'phone1', 5_000)), [{ type: 'DeviceResyncRequested', data: { deviceId: 'phone1', at: 5_000 } }]);
    assert.equal(d.device().resyncRequestedAt, 5_000);
    assert.equal(d.device().firstSyncAt, 1_000);
    assert.equal(deviceStatus(d.device()), 'ok');
    d.run(admin('ResyncDevice', 'phone1', 6_000));
    assert.equal(d.device().resyncRequestedAt, 6_000, 'the newest request counts');
  });

  it('ResyncFolder marks a synchronised folder, a user-made or a configured additional folder', () => {
    const d = new Devices({ staticFolders: [PUBLIC_CALENDAR] });
    d.provisioned();
    d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders, at: 1_500, by: ALICE });
    d.run(admin('AddAdditionalFolder', 'phone1', 1_600, { folder: { store: 'bob', folderId: 'bobinbox', parentId: '0', name: "Bob's Inbox", type: 12, flags: 0 } }));
    d.run(admin('ResyncFolder', 'phone1', 2_000, { folderId: '2' }));
    d.run(admin('ResyncFolder', 'phone1', 2_100, { folderId: 'bobinbox' }));
    d.run(admin('ResyncFolder', 'phone1', 2_200, { folderId: 'pubcal' }));
    d.run(admin('ResyncFolder', 'phone1', 3_000, { folderId: '2' }));
    assert.deepEqual(d.device().folderResyncs, [
      { folderId: 'bobinbox', at: 2_100 },
      { folderId: 'pubcal', at: 2_200 },
      { folderId: '2', at: 3_000 },
    ]);
  });

  it('ResyncFolder refuses a folder the device does not have, and no folder at all', () => {
    const d = new Devices();
    d.provisioned();
    assert.throws(() => d.run(admin('ResyncFolder', 'phone1', 2_000, { folderId: '999' })), refusedWith(DeviceErrorCode.NO_SUCH_FOLDER));
    assert.throws(() => d.run(admin('ResyncFolder', 'phone1', 2_000, { folderId: '' })), refusedWith(ErrorCode.INVALID_REQUEST));
  });
});

describe('device options', () => {
  it('sets the filter type; the same again, or none, changes nothing', () => {
    const d = new Devices();
    d.provisioned();
    assert.deepEqual(d.run(admin('SetDeviceOptions', 'phone1', 2_000, { filterType: 4 })), [{ type: 'DeviceOptionsSet', data: { deviceId: 'phone1', filterType: 4 } }]);
    assert.equal(d.device().filterType, 4);
    assert.deepEqual(d.types(admin('SetDeviceOptions', 'phone1', 3_000, { filterType: 4 })), []);
    assert.deepEqual(d.types(admin('SetDeviceOptions', 'phone1', 3_000, {})), []);
  });

  it('refuses filter types outside 0 (all) … 8 (incomplete tasks)', () => {
    const d = new Devices();
    d.provisioned();
    for (const filterType of [-1, 9]) {
      assert.throws(() => d.run(admin('SetDeviceOptions', 'phone1', 2_000, { filterType })), refusedWith(ErrorCode.INVALID_REQUEST));
    }
    for (const filterType of [0, 8]) d.run(admin('SetDeviceOptions', 'phone1', 2_000, { filterType }));
  });
});

describe('remove', () => {
  it('forgets everything about the device', () => {
    const d = new Devices();
    d.provisioned();
    d.run(admin('SetDeviceOptions', 'phone1', 2_000, { filterType: 2 }));
    assert.deepEqual(d.run(admin('RemoveDevice', 'phone1', 3_000)), [{ type: 'DeviceRemoved', data: { deviceId: 'phone1' } }]);
    assert.equal(d.state.devices.size, 0);
    d.run(request('phone1', 4_000));
    assert.equal(d.device().filterType, undefined);
  });
});
