import { z } from 'zod';
import { commandSubject, querySubject } from './subjects';

/**
 * Mobile devices: the ActiveSync phones of an account, their provisioning (MS-ASPROV policy
 * keys), remote wipe, suspension, resync marks, options and additional folders. Owned by the
 * device-sync service; the edges (zimbraSync SOAP, the Z-Push webservice, ActiveSync itself)
 * map their requests onto these commands and queries.
 */

/** One stream per account holds all its devices, like `mailbox-<id>`. */
export const DEVICES_STREAM_PREFIX = 'devices-';
export const devicesStream = (accountId: string) => `${DEVICES_STREAM_PREFIX}${accountId}`;
export const DEVICE_EVENT_SCHEMA_VERSION = 1;

/**
 * Refusals of the device-sync service, beyond the shared ErrorCode (which it also uses:
 * AUTH_REQUIRED, PERM_DENIED, INVALID_REQUEST). The ActiveSync edge maps the provisioning ones
 * to MS-ASCMD status codes, noted with each; the other edges report the message.
 */
export const DeviceErrorCode = {
  NO_SUCH_DEVICE: 'device.NO_SUCH_DEVICE',
  /** The device must run the Provision handshake first (HTTP 449, or status 142 from 14.0 on). */
  PROVISION_REQUIRED: 'device.PROVISION_REQUIRED',
  /** The device presented a policy key that is not its current one (status 144; Policy status 5 in phase 2). */
  INVALID_POLICY_KEY: 'device.INVALID_POLICY_KEY',
  /** Phase 2 reported the policy as not (fully) applied. */
  POLICY_NOT_APPLIED: 'device.POLICY_NOT_APPLIED',
  /** Sync is suspended for the device (status 129, DeviceIsBlockedForThisUser). */
  DEVICE_SUSPENDED: 'device.DEVICE_SUSPENDED',
  /** A wipe waits for the device: it must provision to receive it (status 140). */
  REMOTE_WIPE_REQUESTED: 'device.REMOTE_WIPE_REQUESTED',
  /** CancelPendingRemoteWipe without a pending wipe, or after the device confirmed it. */
  NO_PENDING_WIPE: 'device.NO_PENDING_WIPE',
  NO_SUCH_FOLDER: 'device.NO_SUCH_FOLDER',
  /** An additional folder with that id, or a folder with that name, is already on the device. */
  FOLDER_EXISTS: 'device.FOLDER_EXISTS',
  /** Folders configured on the server ("static") cannot be changed through the API. */
  STATIC_FOLDER: 'device.STATIC_FOLDER',
} as const;
export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];

/**
 * A device's status. Precedence, highest first: a confirmed wipe, a requested wipe, a
 * suspension, a completed provisioning; anything else needs provisioning.
 */
export const DEVICE_STATUSES = ['need-provision', 'ok', 'suspended', 'wipe-requested', 'wipe-complete'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** zimbraSync GetDeviceStatus `<status>` (soap-mobile.txt). */
export const ZIMBRA_SYNC_STATUS_CODE: Record<DeviceStatus, 0 | 1 | 2 | 3 | 4> = {
  'need-provision': 0,
  ok: 1,
  suspended: 2,
  'wipe-requested': 3,
  'wipe-complete': 4,
};

/** MS-ASCMD FilterType: how far back a device synchronises (SetDeviceOptions). */
export const FilterType = {
  ALL: 0,
  ONE_DAY: 1,
  THREE_DAYS: 2,
  ONE_WEEK: 3,
  TWO_WEEKS: 4,
  ONE_MONTH: 5,
  THREE_MONTHS: 6,
  SIX_MONTHS: 7,
  INCOMPLETE_TASKS: 8,
} as const;

/** MS-ASCMD FolderSync folder types. */
export const ActiveSyncFolderType = {
  USER_GENERIC: 1,
  INBOX: 2,
  DRAFTS: 3,
  DELETED_ITEMS: 4,
  SENT_ITEMS: 5,
  OUTBOX: 6,
  TASKS: 7,
  CALENDAR: 8,
  CONTACTS: 9,
  NOTES: 10,
  JOURNAL: 11,
  USER_MAIL: 12,
  USER_CALENDAR: 13,
  USER_CONTACTS: 14,
  USER_TASKS: 15,
  USER_JOURNAL: 16,
  USER_NOTES: 17,
  UNKNOWN: 18,
  RECIPIENT_INFO_CACHE: 19,
} as const;

/** The types an additional folder may have: the user-created ones (Z-Push's SYNC_FOLDER_TYPE_USER_*) and generic. */
export const ADDITIONAL_FOLDER_TYPES: readonly number[] = [
  ActiveSyncFolderType.USER_GENERIC,
  ActiveSyncFolderType.USER_MAIL,
  ActiveSyncFolderType.USER_CALENDAR,
  ActiveSyncFolderType.USER_CONTACTS,
  ActiveSyncFolderType.USER_TASKS,
  ActiveSyncFolderType.USER_JOURNAL,
  ActiveSyncFolderType.USER_NOTES,
];

/** Parent id of a folder at the top of the device's hierarchy. */
export const ROOT_FOLDER_ID = '0';

/** What the device says about itself (Settings DeviceInformation, MS-ASWBXML code page 18). */
export interface DeviceInformation {
  model?: string;
  imei?: string;
  friendlyName?: string;
  os?: string;
  osLanguage?: string;
  phoneNumber?: string;
  mobileOperator?: string;
  enableOutboundSms?: boolean;
}

/** Who did something to a device (the authenticated account). */
export interface DeviceActor {
  id: string;
  name: string;
}

/** A folder of the hierarchy the device synchronises, as the ActiveSync edge last sent it (FolderSync). */
export interface DeviceFolder {
  id: string;
  parentId: string;
  name: string;
  type: number;
}

/** A folder synchronised to the device in addition to the user's own: a shared or public folder. */
export interface AdditionalFolder {
  /** Where the folder lives: `SYSTEM` (public folders) or a user name / address. */
  store: string;
  folderId: string;
  parentId: string;
  name: string;
  type: number;
  /** Bit set; 1 = send as the store's owner (Z-Push FLD_FLAGS_SENDASOWNER). */
  flags: number;
}

/** `static`: configured on the server (DEVICE_ADDITIONAL_FOLDERS), read-only; `user`: made through the API. */
export type AdditionalFolderOrigin = 'static' | 'user';

/**
 * A device as the queries and command replies show it. Times are ms since epoch (the zimbraSync
 * edge renders seconds). A resync mark means: a sync state of that folder (or, for the
 * device-wide mark, of any folder and of the hierarchy) made before that time is void, so the
 * device has to synchronise it again from scratch.
 */
export interface DeviceInfo {
  accountId: string;
  /** The account's name from the directory; filled by queries. */
  accountName?: string;
  deviceId: string;
  deviceType: string;
  userAgent?: string;
  protocolVersion?: string;
  information: DeviceInformation;
  status: DeviceStatus;
  /** zimbraSync's number for `status`. */
  statusCode: 0 | 1 | 2 | 3 | 4;
  /** zimbraSync `provisionable`: every device registers through Provision here, so always true. */
  provisionable: boolean;
  /** Suspended underneath a wipe, so that cancelling the wipe leaves it suspended. */
  suspended: boolean;
  /** When the device first registered (its first Provision; a removed device starts again). */
  firstSyncAt: number;
  lastSyncAt?: number;
  /** The final key of the last completed Provision handshake. */
  policyKey?: string;
  lastPolicyUpdateAt?: number;
  wipe?: { requestedAt: number; requestedBy: DeviceActor; acknowledgedAt?: number };
  filterType?: number;
  resyncRequestedAt?: number;
  folders: (DeviceFolder & { resyncRequestedAt?: number })[];
  additionalFolders: (AdditionalFolder & { origin: AdditionalFolderOrigin; resyncRequestedAt?: number })[];
}

/** EASProvisionDoc settings by element name (MS-ASPROV), e.g. `DevicePasswordEnabled: '0'`. */
export type DevicePolicy = Record<string, string>;

/**
 * The answer to a Provision step:
 * - `policy`: phase 1 — the policy and a temporary key for the device to acknowledge;
 * - `provisioned`: phase 2 — the final key for X-MS-PolicyKey;
 * - `remote-wipe`: a wipe is pending (or done): answer with the RemoteWipe directive instead;
 * - `wipe-acknowledged`: the device confirmed the wipe.
 */
export type ProvisionResult =
  | { outcome: 'policy'; policyKey: string; policy: DevicePolicy; device: DeviceInfo }
  | { outcome: 'provisioned'; policyKey: string; device: DeviceInfo }
  | { outcome: 'remote-wipe'; device: DeviceInfo }
  | { outcome: 'wipe-acknowledged'; device: DeviceInfo };

/** Administrative commands answer with the device as it is now (null once removed). */
export interface DeviceCommandResult {
  device: DeviceInfo | null;
}

export type DeviceEvent =
  /** First Provision of a device unknown to the account (never seen, or removed since). */
  | {
      type: 'DeviceRegistered';
      data: { deviceId: string; deviceType: string; userAgent?: string; protocolVersion?: string; information: DeviceInformation; at: number };
    }
  /** Only the fields that changed. */
  | {
      type: 'DeviceInformationUpdated';
      data: { deviceId: string; deviceType?: string; userAgent?: string; protocolVersion?: string; information?: DeviceInformation };
    }
  /** Phase 1: a temporary key offered with the policy; the previous final key is void. */
  | { type: 'DevicePolicyOffered'; data: { deviceId: string; policyKey: string; at: number } }
  /** Phase 2: the device applied the policy and got its final key. */
  | { type: 'DeviceProvisioned'; data: { deviceId: string; policyKey: string; at: number } }
  | { type: 'DeviceSynced'; data: { deviceId: string; at: number } }
  | { type: 'DeviceFoldersSynced'; data: { deviceId: string; folders: DeviceFolder[] } }
  | { type: 'DeviceWipeRequested'; data: { deviceId: string; at: number; by: DeviceActor } }
  | { type: 'DeviceWipeCanceled'; data: { deviceId: string } }
  | { type: 'DeviceWipeAcknowledged'; data: { deviceId: string; at: number } }
  | { type: 'DeviceSuspended'; data: { deviceId: string } }
  /** Also resets the policy: the device provisions again. */
  | { type: 'DeviceResumed'; data: { deviceId: string } }
  | { type: 'DeviceRemoved'; data: { deviceId: string } }
  | { type: 'DeviceResyncRequested'; data: { deviceId: string; at: number } }
  | { type: 'DeviceFolderResyncRequested'; data: { deviceId: string; folderId: string; at: number } }
  | { type: 'DeviceOptionsSet'; data: { deviceId: string; filterType: number } }
  | { type: 'AdditionalFolderAdded'; data: { deviceId: string; folder: AdditionalFolder } }
  | { type: 'AdditionalFolderEdited'; data: { deviceId: string; folderId: string; name: string; flags: number } }
  | { type: 'AdditionalFoldersRemoved'; data: { deviceId: string; folderIds: string[] } }
  /** The user-made additional folders of one store, replaced by `folders` (parents first). */
  | { type: 'AdditionalFoldersSet'; data: { deviceId: string; store: string; folders: AdditionalFolder[] } };

export type DeviceEventType = DeviceEvent['type'];

/** Device and folder ids are reduced to letters and digits (as Z-Push does); device ids also to lower case. */
export const reduceFolderId = (raw: string) => raw.replace(/[^A-Za-z0-9]/g, '');
export const reduceDeviceId = (raw: string) => reduceFolderId(raw).toLowerCase();

const deviceId = z.string().max(256).transform(reduceDeviceId).pipe(z.string().min(1, 'no device id').max(64));
/** Emptiness is the domain's to refuse, with the seed's wording. */
const folderId = z.string().max(256).transform(reduceFolderId);
const text = z.string().max(1024);
/** Account ids become stream names: keep them to the event store's alphabet. */
const accountId = z.string().regex(/^[A-Za-z0-9_-]{1,190}$/, 'invalid account id');
/** X-MS-PolicyKey: an unsigned 32-bit number, 0 meaning none. */
const policyKey = z.string().regex(/^\d{1,10}$/, 'invalid policy key');
const folderType = z.number().int().min(0).max(255);
const flags = z.number().int().min(0).max(0xffff);

const deviceInformation = z.object({
  model: text.optional(),
  imei: text.optional(),
  friendlyName: text.optional(),
  os: text.optional(),
  osLanguage: text.optional(),
  phoneNumber: text.optional(),
  mobileOperator: text.optional(),
  enableOutboundSms: z.boolean().optional(),
});

/**
 * Administrative requests act on the caller's own devices; `accountId` names another account's
 * and is honoured for admins only (service.PERM_DENIED otherwise).
 */
const onDevice = z.object({ accountId: accountId.optional(), deviceId });

const additionalFolder = z.object({
  store: text,
  folderId,
  parentId: folderId.default(ROOT_FOLDER_ID),
  name: text,
  type: folderType,
  flags: flags.default(0),
});
/** AdditionalFolderSetList entries: the store is the list's; Z-Push's defaults for the rest. */
const additionalFolderEntry = additionalFolder.omit({ store: true }).extend({ type: folderType.default(ActiveSyncFolderType.USER_MAIL) });

/**
 * Commands. Provision, RecordSync and SetDeviceFolders come from the device itself (the
 * ActiveSync edge, as the authenticated user); the rest are administration.
 */
export const deviceCommands = {
  /** One step of the MS-ASPROV handshake, as the device sent it. */
  Provision: z.discriminatedUnion('step', [
    /** Phase 1: the device asks for the policy (and presents itself). */
    z.object({
      step: z.literal('request'),
      deviceId,
      deviceType: z.string().min(1).max(64),
      userAgent: text.optional(),
      protocolVersion: z.string().max(16).optional(),
      information: deviceInformation.optional(),
    }),
    /** Phase 2: the device acknowledges the temporary key; `status` is its Policy Status (1 = applied). */
    z.object({ step: z.literal('acknowledge'), deviceId, policyKey, status: z.number().int() }),
    /** The device answers a RemoteWipe directive: 1 = wiped, 2 = failed. */
    z.object({ step: z.literal('wipe-acknowledge'), deviceId, status: z.number().int() }),
  ]),
  /**
   * Any other ActiveSync request of the device: refused unless it may sync (known, provisioned
   * with this key, not suspended, no wipe pending); records the time. Replies with the device,
   * so the edge sees resync marks and the filter type without another request.
   */
  RecordSync: z.object({ deviceId, policyKey: policyKey.optional(), userAgent: text.optional(), protocolVersion: z.string().max(16).optional() }),
  /** The folder hierarchy as last sent to the device (FolderSync). */
  SetDeviceFolders: z.object({
    deviceId,
    folders: z.array(z.object({ id: folderId, parentId: folderId.default(ROOT_FOLDER_ID), name: text, type: folderType })).max(10_000),
  }),
  /** Forget the device: its next request must provision as a new device (zimbraSync RemoveDevice, Z-Push RemoveDevice). */
  RemoveDevice: onDevice,
  /** Wipe the device on its next Provision (zimbraSync RemoteWipe, Z-Push WipeDevice). */
  WipeDevice: onDevice,
  CancelPendingWipe: onDevice,
  SuspendDevice: onDevice,
  /** Lift a suspension; the device provisions again. */
  ResumeDevice: onDevice,
  /** Mark every folder and the hierarchy for a full resync; the first sync time stays. */
  ResyncDevice: onDevice,
  ResyncFolder: onDevice.extend({ folderId }),
  /** Z-Push SetDeviceOptions: without `filterType` nothing changes. */
  SetDeviceOptions: onDevice.extend({ filterType: z.number().int().optional() }),
  AddAdditionalFolder: onDevice.extend({ folder: additionalFolder }),
  /** New name and flags (both are replaced, as in Z-Push); store, id, type and parent stay. */
  EditAdditionalFolder: onDevice.extend({ folderId, name: text, flags: flags.default(0) }),
  RemoveAdditionalFolder: onDevice.extend({ folderId }),
  /** Z-Push AdditionalFolderSetList: the user-made folders of `store` become exactly `folders`. */
  SetAdditionalFolders: onDevice.extend({ store: text, folders: z.array(additionalFolderEntry).max(1000) }),
} as const;

export const deviceQueries = {
  /** The devices of the caller's account (or, for admins, of `accountId`). */
  ListDevices: z.object({ accountId: accountId.optional() }),
  GetDevice: onDevice,
  /** Every account's devices (admins: Z-Push WebserviceUsers), by account name then device id. */
  ListAllDevices: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(500) }),
  /** Registered devices on the server (admins: GetDevicesCount). */
  CountDevices: z.object({}),
} as const;

export type DeviceCommandName = keyof typeof deviceCommands;
export type DeviceQueryName = keyof typeof deviceQueries;
export type DeviceCommandPayload<N extends DeviceCommandName> = z.infer<(typeof deviceCommands)[N]>;
export type DeviceQueryPayload<N extends DeviceQueryName> = z.infer<(typeof deviceQueries)[N]>;

export const deviceCommandSubject = (name: DeviceCommandName) => commandSubject('device-sync', name);
export const deviceQuerySubject = (name: DeviceQueryName) => querySubject('device-sync', name);

export interface DeviceList {
  devices: DeviceInfo[];
}

export interface AllDevicesPage {
  devices: DeviceInfo[];
  total: number;
  more: boolean;
}

export interface DeviceCount {
  count: number;
}
