// Configuration from the environment: paths, the configured ("static") additional folders and the policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DEVICE_POLICY, loadDeviceSyncConfig } from '../src/infrastructure/config';

describe('device-sync configuration', () => {
  it('defaults: embedded read model under DATA_DIR, a minute between recorded syncs, no static folders, the permissive policy', () => {
    const config = loadDeviceSyncConfig({ DATA_DIR: '/srv/gw' });
    assert.equal(config.pgliteDir, '/srv/gw/device-sync/read-model');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.syncRecordIntervalMs, 60_000);
    assert.deepEqual(config.staticFolders, []);
    assert.deepEqual(config.policy, DEFAULT_DEVICE_POLICY);
  });

  it('DEVICE_ADDITIONAL_FOLDERS: JSON, ids reduced like the API’s, Z-Push’s defaults filled in', () => {
    const config = loadDeviceSyncConfig({ DEVICE_ADDITIONAL_FOLDERS: JSON.stringify([{ store: 'SYSTEM', folderId: 'pub-cal/1', name: 'Public Calendar', type: 13 }, { store: 'SYSTEM', folderId: 'news', name: 'News' }]) });
    assert.deepEqual(config.staticFolders, [
      { store: 'SYSTEM', folderId: 'pubcal1', parentId: '0', name: 'Public Calendar', type: 13, flags: 0 },
      { store: 'SYSTEM', folderId: 'news', parentId: '0', name: 'News', type: 12, flags: 0 },
    ]);
  });

  it('a broken setting stops the service with the reason, rather than being ignored', () => {
    assert.throws(() => loadDeviceSyncConfig({ DEVICE_ADDITIONAL_FOLDERS: '[{' }), /DEVICE_ADDITIONAL_FOLDERS is not valid JSON/);
    assert.throws(() => loadDeviceSyncConfig({ DEVICE_ADDITIONAL_FOLDERS: '[{"store":"SYSTEM","folderId":"x","name":"X","type":2}]' }), /DEVICE_ADDITIONAL_FOLDERS is invalid at 0.type/);
    assert.throws(() => loadDeviceSyncConfig({ DEVICE_POLICY: '{"DevicePasswordEnabled":[1]}' }), /DEVICE_POLICY is invalid/);
  });

  it('DEVICE_POLICY overrides single settings of the default; numbers and booleans become EASProvisionDoc text', () => {
    const { policy } = loadDeviceSyncConfig({ DEVICE_POLICY: '{"DevicePasswordEnabled":true,"MinDevicePasswordLength":6}' });
    assert.deepEqual(policy, { ...DEFAULT_DEVICE_POLICY, DevicePasswordEnabled: '1', MinDevicePasswordLength: '6' });
  });
});
