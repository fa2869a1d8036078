// Whose devices a request may act on, and the device as queries and replies show it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, Principal } from '@gw/contracts';
import { requireAdmin, targetAccount } from '../src/domain/access';
import { deviceInfo } from '../src/domain/device-view';
import { admin, ALICE, Devices, PUBLIC_CALENDAR, request } from './device-fixture';

const refusedWith = (code: string) => (error: unknown) => (error as { code?: string }).code === code;
const user: Principal = { id: 'acct-alice', name: 'alice@example.org', isAdmin: false, tokenId: 't1' };
const root: Principal = { id: 'acct-admin', name: 'admin@example.org', isAdmin: true, tokenId: 't2' };

describe('access', () => {
  it("a user acts on their own devices, naming their own account or none", () => {
    assert.equal(targetAccount(user, undefined), 'acct-alice');
    assert.equal(targetAccount(user, 'acct-alice'), 'acct-alice');
  });

  it("naming another account needs an admin", () => {
    assert.throws(() => targetAccount(user, 'acct-bob'), refusedWith(ErrorCode.PERM_DENIED));
    assert.equal(targetAccount(root, 'acct-bob'), 'acct-bob');
    assert.equal(targetAccount(root, undefined), 'acct-admin');
  });

  it('no principal, no access; server-wide requests need an admin', () => {
    assert.throws(() => targetAccount(undefined, undefined), refusedWith(ErrorCode.AUTH_REQUIRED));
    assert.throws(() => requireAdmin(user), refusedWith(ErrorCode.PERM_DENIED));
    assert.equal(requireAdmin(root), root);
  });
});

describe('device view', () => {
  it('shows status, zimbraSync code, times and keys; absent values stay absent', () => {
    const d = new Devices();
    d.run(request('phone1', 1_000, '1001'));
    const fresh = deviceInfo('acct-alice', d.device(), []);
    assert.deepEqual(fresh, {
      accountId: 'acct-alice',
      deviceId: 'phone1',
      deviceType: 'iPhone',
      userAgent: 'Apple-iPhone/1',
      protocolVersion: '14.1',
      information: {},
      status: 'need-provision',
      statusCode: 0,
      provisionable: true,
      suspended: false,
      firstSyncAt: 1_000,
      folders: [],
      additionalFolders: [],
    });
    d.provisioned('phone1', 2_000);
    d.run(admin('WipeDevice', 'phone1', 3_000));
    const wiping = deviceInfo('acct-alice', d.device(), [], 'alice@example.org');
    assert.equal(wiping.accountName, 'alice@example.org');
    assert.deepEqual([wiping.status, wiping.statusCode, wiping.policyKey, wiping.lastPolicyUpdateAt], ['wipe-requested', 3, '2002', 2_001]);
    assert.deepEqual(wiping.wipe, { requestedAt: 3_000, requestedBy: { id: 'acct-admin', name: 'admin@example.org' } });
  });

  it('lists user-made additional folders, then configured ones, with their origin and resync marks', () => {
    const d = new Devices({ staticFolders: [PUBLIC_CALENDAR] });
    d.provisioned();
    d.run({ type: 'SetDeviceFolders', deviceId: 'phone1', folders: [{ id: '2', parentId: '0', name: 'Inbox', type: 2 }], at: 1, by: ALICE });
    const bob = { store: 'bob', folderId: 'bobinbox', parentId: '0', name: "Bob's Inbox", type: 12, flags: 1 };
    d.run(admin('AddAdditionalFolder', 'phone1', 2_000, { folder: bob }));
    d.run(admin('ResyncFolder', 'phone1', 3_000, { folderId: 'pubcal' }));
    d.run(admin('ResyncFolder', 'phone1', 4_000, { folderId: '2' }));
    const info = deviceInfo('acct-alice', d.device(), [PUBLIC_CALENDAR]);
    assert.deepEqual(info.folders, [{ id: '2', parentId: '0', name: 'Inbox', type: 2, resyncRequestedAt: 4_000 }]);
    assert.deepEqual(info.additionalFolders, [
      { ...bob, origin: 'user' },
      { ...PUBLIC_CALENDAR, origin: 'static', resyncRequestedAt: 3_000 },
    ]);
  });
});
