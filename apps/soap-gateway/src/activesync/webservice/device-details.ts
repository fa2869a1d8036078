import { AdditionalFolderOrigin, DeviceInfo } from '@gw/contracts';
import { PhpObject, phpObject } from '@gw/soap-encoded';

/**
 * Devices as Z-Push's webservice returns them: ZPushAdmin::GetDeviceDetails gives an ASDevice
 * (a StateObject) whose state is the associative array `data`, keyed by the lower-case names of
 * its fields; clients read `$device->data['deviceid']`, `$device->data['wipestatus']` and so on.
 * Times are seconds since the epoch (PHP's time()); a time never set is false, as ASDevice's
 * defaults are.
 */

/** Z-Push's SYNC_PROVISION_RWSTATUS_*: the remote wipe status of a device. */
export const RemoteWipeStatus = {
  /** Never provisioned. */
  NA: 0,
  OK: 1,
  /** A wipe was requested; the device gets it on its next Provision. */
  PENDING: 2,
  /** The directive was sent (Z-Push's state between PENDING and WIPED; we do not tell them apart). */
  REQUESTED: 4,
  /** The device confirmed the wipe. */
  WIPED: 8,
} as const;

const seconds = (ms: number) => Math.floor(ms / 1000);
const secondsOrFalse = (ms: number | undefined) => (ms === undefined ? false : seconds(ms));

export function remoteWipeStatus(device: DeviceInfo): number {
  if (device.wipe?.acknowledgedAt !== undefined) return RemoteWipeStatus.WIPED;
  if (device.wipe) return RemoteWipeStatus.PENDING;
  return device.policyKey ? RemoteWipeStatus.OK : RemoteWipeStatus.NA;
}

/** The last time anything about the device changed that we know the time of. */
function lastUpdate(d: DeviceInfo): number {
  const times = [
    d.firstSyncAt,
    d.lastPolicyUpdateAt,
    d.wipe?.requestedAt,
    d.wipe?.acknowledgedAt,
    d.resyncRequestedAt,
    ...d.folders.map((f) => f.resyncRequestedAt),
    ...d.additionalFolders.map((f) => f.resyncRequestedAt),
  ].filter((t): t is number => t !== undefined);
  return Math.max(...times);
}

/** Settings DeviceInformation under ASDevice's keys (only what the device told). */
function informationFields(d: DeviceInfo): [string, unknown][] {
  const i = d.information;
  const fields: [string, unknown][] = [
    ['devicemodel', i.model],
    ['deviceimei', i.imei],
    ['devicefriendlyname', i.friendlyName],
    ['deviceos', i.os],
    ['deviceoslanguage', i.osLanguage],
    ['devicephonenumber', i.phoneNumber],
    ['devicemobileoperator', i.mobileOperator],
    ['deviceenableoutboundsms', i.enableOutboundSms === undefined ? undefined : i.enableOutboundSms ? 1 : 0],
  ];
  return fields.filter(([, v]) => v !== undefined);
}

/**
 * `contentdata`: the folders the device synchronises, by folder id; each an array keyed like
 * ASDevice's (2 = FOLDERTYPE), plus `resyncrequestedon` once a resync of the folder was asked for.
 */
function contentData(d: DeviceInfo): Map<string, Map<number | string, unknown>> {
  const content = new Map<string, Map<number | string, unknown>>();
  for (const f of d.folders) {
    const entry = new Map<number | string, unknown>([[2, f.type]]);
    if (f.resyncRequestedAt !== undefined) entry.set('resyncrequestedon', seconds(f.resyncRequestedAt));
    content.set(f.id, entry);
  }
  return content;
}

/** `additionalfolders`: the user-made ones, by folder id (configured ones are not device data in Z-Push). */
function additionalFolders(d: DeviceInfo): Map<string, Map<string, unknown>> {
  const folders = new Map<string, Map<string, unknown>>();
  for (const f of d.additionalFolders) {
    if (f.origin !== 'user') continue;
    folders.set(
      f.folderId,
      new Map<string, unknown>([
        ['store', f.store],
        ['folderid', f.folderId],
        ['parentid', f.parentId],
        ['name', f.name],
        ['type', f.type],
        ['flags', f.flags],
        ...(f.resyncRequestedAt !== undefined ? [['resyncrequestedon', seconds(f.resyncRequestedAt)] as [string, unknown]] : []),
      ]),
    );
  }
  return folders;
}

/**
 * ZPushAdmin::GetDeviceDetails for one device of `user`. Besides ASDevice's keys, `data` carries
 * what we know and Z-Push has no key for: `suspended`, `lastpolicyupdate` and the device-wide
 * `resyncrequestedon`. With `withHierarchyCache`, the object also gets `hierarchyCache`: the
 * folders last sent to the device, as SyncFolder objects.
 */
export function deviceDetails(d: DeviceInfo, user: string, withHierarchyCache = false): PhpObject {
  const data = new Map<string, unknown>([
    ['deviceid', d.deviceId],
    ['devicetype', d.deviceType],
    ['deviceuser', user],
    ['domain', ''],
    ['useragent', d.userAgent ?? ''],
    ['firstsynctime', seconds(d.firstSyncAt)],
    ['lastupdatetime', seconds(lastUpdate(d))],
    ['lastsynctime', secondsOrFalse(d.lastSyncAt)],
    ['asversion', d.protocolVersion ?? false],
    ['announcedasversion', d.protocolVersion ?? false],
    ['policykey', d.policyKey ? Number(d.policyKey) : 0],
    ['policyname', 'default'],
    ['lastpolicyupdate', secondsOrFalse(d.lastPolicyUpdateAt)],
    ['wipestatus', remoteWipeStatus(d)],
    ['wiperequestedby', d.wipe?.requestedBy.name ?? false],
    ['wiperequestedon', secondsOrFalse(d.wipe?.requestedAt)],
    ['wipeactionon', secondsOrFalse(d.wipe?.acknowledgedAt)],
    ['suspended', d.suspended],
    ['syncfiltertype', d.filterType ?? false],
    ['resyncrequestedon', secondsOrFalse(d.resyncRequestedAt)],
    ...informationFields(d),
    ['contentdata', contentData(d)],
    ['additionalfolders', additionalFolders(d)],
  ]);
  const device = phpObject({ data });
  if (withHierarchyCache) {
    device.hierarchyCache = d.folders.map((f) => syncFolder(f.id, f.parentId, f.name, f.type));
  }
  return device;
}

/** A SyncFolder as the webservice shows it (stripped of Z-Push's internal fields). */
export function syncFolder(serverid: string, parentid: string, displayname: string, type: number): PhpObject {
  return phpObject({ serverid, parentid, displayname, type });
}

/** One entry of AdditionalFolderList (Z-Push builds a stdClass per folder). */
export function additionalFolderObject(
  f: { store: string; folderId: string; parentId: string; name: string; type: number; flags: number; origin: AdditionalFolderOrigin },
  readable: boolean,
): PhpObject {
  return phpObject({
    store: f.store,
    folderid: f.folderId,
    parentid: f.parentId,
    // Z-Push maps backend ids to short ids on the device; ours are the same on both sides.
    syncfolderid: f.folderId,
    name: f.name,
    type: f.type,
    origin: f.origin,
    flags: f.flags,
    readable,
    writeable: readable,
  });
}
