import { AdditionalFolder, DeviceActor, DeviceEvent, DeviceFolder, DeviceInformation, DeviceStatus } from '@gw/contracts';

/**
 * One device of an account, folded from its events. Plain data (arrays, no Maps) because the
 * read model keeps it as JSON and folds later events into it with the same `evolveDevice`.
 */
export interface DeviceState {
  deviceId: string;
  deviceType: string;
  userAgent?: string;
  protocolVersion?: string;
  information: DeviceInformation;
  firstSyncAt: number;
  lastSyncAt?: number;
  /** Final key of the last completed handshake; void once a new handshake starts or the policy is reset. */
  policyKey?: string;
  /** Temporary key offered in phase 1, waiting for the device's acknowledgement. */
  pendingPolicyKey?: string;
  lastPolicyUpdateAt?: number;
  suspended: boolean;
  wipe?: { requestedAt: number; requestedBy: DeviceActor; acknowledgedAt?: number };
  filterType?: number;
  resyncRequestedAt?: number;
  /** Per-folder resync marks, for synced and additional folders alike. */
  folderResyncs: { folderId: string; at: number }[];
  folders: DeviceFolder[];
  /** The user-made ones only: static folders are configuration, not state. */
  additionalFolders: AdditionalFolder[];
}

/** The aggregate: all devices of one account (one stream). */
export interface AccountDevices {
  readonly devices: ReadonlyMap<string, DeviceState>;
}

export const noDevices = (): AccountDevices => ({ devices: new Map() });

/** A copy of `value` without `keys`, so absent values stay absent rather than `undefined`. */
function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Only the defined fields of `changes` replace those of `base`. */
function merge<T extends object>(base: T, changes: Partial<T>): T {
  const result = { ...base };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  return result;
}

/**
 * Folds one event into one device. Pure: returns a new state, or undefined once the device is
 * removed (or for an event about a device that is not there, which a correct stream never has).
 */
export function evolveDevice(device: DeviceState | undefined, event: DeviceEvent): DeviceState | undefined {
  if (event.type === 'DeviceRegistered') {
    const d = event.data;
    return merge(
      { deviceId: d.deviceId, deviceType: d.deviceType, information: d.information, firstSyncAt: d.at, suspended: false, folderResyncs: [], folders: [], additionalFolders: [] } as DeviceState,
      { userAgent: d.userAgent, protocolVersion: d.protocolVersion },
    );
  }
  if (!device) return undefined;
  switch (event.type) {
    case 'DeviceRemoved':
      return undefined;
    case 'DeviceInformationUpdated': {
      const { deviceId: _, information, ...fields } = event.data;
      const updated = merge(device, fields);
      return information ? { ...updated, information: merge(device.information, information) } : updated;
    }
    case 'DevicePolicyOffered':
      return { ...without(device, 'policyKey'), pendingPolicyKey: event.data.policyKey };
    case 'DeviceProvisioned':
      return { ...without(device, 'pendingPolicyKey'), policyKey: event.data.policyKey, lastPolicyUpdateAt: event.data.at };
    case 'DeviceSynced':
      return { ...device, lastSyncAt: event.data.at };
    case 'DeviceFoldersSynced':
      return { ...device, folders: event.data.folders };
    case 'DeviceWipeRequested':
      return { ...device, wipe: { requestedAt: event.data.at, requestedBy: event.data.by } };
    case 'DeviceWipeCanceled':
      return without(device, 'wipe');
    case 'DeviceWipeAcknowledged':
      return device.wipe ? { ...device, wipe: { ...device.wipe, acknowledgedAt: event.data.at } } : device;
    case 'DeviceSuspended':
      return { ...device, suspended: true };
    case 'DeviceResumed':
      // zimbraSync: resuming "will cause a policy reset".
      return { ...without(device, 'policyKey', 'pendingPolicyKey'), suspended: false };
    case 'DeviceResyncRequested':
      return { ...device, resyncRequestedAt: event.data.at };
    case 'DeviceFolderResyncRequested': {
      const { folderId, at } = event.data;
      return { ...device, folderResyncs: [...device.folderResyncs.filter((r) => r.folderId !== folderId), { folderId, at }] };
    }
    case 'DeviceOptionsSet':
      return { ...device, filterType: event.data.filterType };
    case 'AdditionalFolderAdded':
      return { ...device, additionalFolders: [...device.additionalFolders, event.data.folder] };
    case 'AdditionalFolderEdited': {
      const { folderId, name, flags } = event.data;
      return { ...device, additionalFolders: device.additionalFolders.map((f) => (f.folderId === folderId ? { ...f, name, flags } : f)) };
    }
    case 'AdditionalFoldersRemoved': {
      const gone = new Set(event.data.folderIds);
      return { ...device, additionalFolders: device.additionalFolders.filter((f) => !gone.has(f.folderId)) };
    }
    case 'AdditionalFoldersSet': {
      const { store, folders } = event.data;
      return { ...device, additionalFolders: [...device.additionalFolders.filter((f) => f.store !== store), ...folders] };
    }
  }
}

/** The device an event is about. */
export const deviceOf = (event: DeviceEvent): string => event.data.deviceId;

/** Folds one event into the account's devices (a new state; the old one is untouched). */
export function evolve(state: AccountDevices, event: DeviceEvent): AccountDevices {
  const id = deviceOf(event);
  const next = evolveDevice(state.devices.get(id), event);
  const devices = new Map(state.devices);
  if (next) devices.set(id, next);
  else devices.delete(id);
  return { devices };
}

/** The status shown to administrators; a wipe outranks a suspension, which outranks provisioning. */
export function deviceStatus(device: DeviceState): DeviceStatus {
  if (device.wipe?.acknowledgedAt !== undefined) return 'wipe-complete';
  if (device.wipe) return 'wipe-requested';
  if (device.suspended) return 'suspended';
  return device.policyKey ? 'ok' : 'need-provision';
}
