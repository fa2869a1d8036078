import { AdditionalFolder, DeviceInfo, ZIMBRA_SYNC_STATUS_CODE } from '@gw/contracts';
import { DeviceState, deviceStatus } from './device-state';

/**
 * A device as queries and replies show it. The read model and command replies both go through
 * here, so they cannot disagree; configured folders are merged in at read time, because
 * configuration changes without events.
 */
export function deviceInfo(accountId: string, device: DeviceState, staticFolders: readonly AdditionalFolder[], accountName?: string): DeviceInfo {
  const marks = new Map(device.folderResyncs.map((r) => [r.folderId, r.at]));
  const mark = (folderId: string) => (marks.has(folderId) ? { resyncRequestedAt: marks.get(folderId)! } : {});
  const userIds = new Set(device.additionalFolders.map((f) => f.folderId));
  const status = deviceStatus(device);
  const info: DeviceInfo = {
    accountId,
    ...(accountName !== undefined ? { accountName } : {}),
    deviceId: device.deviceId,
    deviceType: device.deviceType,
    information: device.information,
    status,
    statusCode: ZIMBRA_SYNC_STATUS_CODE[status],
    provisionable: true,
    suspended: device.suspended,
    firstSyncAt: device.firstSyncAt,
    folders: device.folders.map((f) => ({ ...f, ...mark(f.id) })),
    additionalFolders: [
      ...device.additionalFolders.map((f) => ({ ...f, origin: 'user' as const, ...mark(f.folderId) })),
      ...staticFolders.filter((f) => !userIds.has(f.folderId)).map((f) => ({ ...f, origin: 'static' as const, ...mark(f.folderId) })),
    ],
  };
  const optional = {
    userAgent: device.userAgent,
    protocolVersion: device.protocolVersion,
    lastSyncAt: device.lastSyncAt,
    policyKey: device.policyKey,
    lastPolicyUpdateAt: device.lastPolicyUpdateAt,
    wipe: device.wipe,
    filterType: device.filterType,
    resyncRequestedAt: device.resyncRequestedAt,
  };
  // Absent stays absent (no `undefined` members): replies and read model compare equal.
  return Object.assign(info, Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)));
}
