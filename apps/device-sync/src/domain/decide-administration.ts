import { DeviceEvent, FilterType } from '@gw/contracts';
import { AccountDevices } from './device-state';
import { CommandOf, DeviceDecideContext } from './device-command';
import { refuse, requireDevice } from './refusals';

/** Forget the device and everything about it: its next request provisions it as a new one. */
export function removeDevice(state: AccountDevices, command: CommandOf<'RemoveDevice'>): DeviceEvent[] {
  requireDevice(state, command.deviceId);
  return [{ type: 'DeviceRemoved', data: { deviceId: command.deviceId } }];
}

/**
 * Mark the device for a wipe on its next Provision. A wipe already requested keeps its first
 * requester and time; a wiped device stays wiped (Z-Push answers "already wiped" with success).
 */
export function wipeDevice(state: AccountDevices, command: CommandOf<'WipeDevice'>): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  if (device.wipe) return [];
  return [{ type: 'DeviceWipeRequested', data: { deviceId: command.deviceId, at: command.at, by: command.by } }];
}

/** zimbraSync: "Remote Wipe can't be canceled once the device confirms the wipe." */
export function cancelPendingWipe(state: AccountDevices, command: CommandOf<'CancelPendingWipe'>): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  if (!device.wipe) throw refuse.noPendingWipe(command.deviceId, 'no remote wipe is pending');
  if (device.wipe.acknowledgedAt !== undefined) throw refuse.noPendingWipe(command.deviceId, 'the device already confirmed the remote wipe');
  return [{ type: 'DeviceWipeCanceled', data: { deviceId: command.deviceId } }];
}

export function suspendDevice(state: AccountDevices, command: CommandOf<'SuspendDevice'>): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  return device.suspended ? [] : [{ type: 'DeviceSuspended', data: { deviceId: command.deviceId } }];
}

/** Only a suspended device is resumed; resuming resets its policy, so it provisions again. */
export function resumeDevice(state: AccountDevices, command: CommandOf<'ResumeDevice'>): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  return device.suspended ? [{ type: 'DeviceResumed', data: { deviceId: command.deviceId } }] : [];
}

/** Every folder and the hierarchy resync from scratch; unlike a removal, provisioning and the first sync time stay. */
export function resyncDevice(state: AccountDevices, command: CommandOf<'ResyncDevice'>): DeviceEvent[] {
  requireDevice(state, command.deviceId);
  return [{ type: 'DeviceResyncRequested', data: { deviceId: command.deviceId, at: command.at } }];
}

/** One folder the device knows — synchronised, or additional (user-made or configured) — resyncs from scratch. */
export function resyncFolder(state: AccountDevices, command: CommandOf<'ResyncFolder'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const { folderId } = command;
  if (!folderId) throw refuse.invalid('no folder id');
  const known =
    device.folders.some((f) => f.id === folderId) ||
    device.additionalFolders.some((f) => f.folderId === folderId) ||
    ctx.staticFolders.some((f) => f.folderId === folderId);
  if (!known) throw refuse.noSuchFolder(`device ${command.deviceId} has no folder ${folderId}`, folderId);
  return [{ type: 'DeviceFolderResyncRequested', data: { deviceId: command.deviceId, folderId, at: command.at } }];
}

/** Z-Push SetDeviceOptions: a filter type from "all" to "incomplete tasks"; none given changes nothing. */
export function setDeviceOptions(state: AccountDevices, command: CommandOf<'SetDeviceOptions'>): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const { filterType } = command;
  if (filterType === undefined) return [];
  if (filterType < FilterType.ALL || filterType > FilterType.INCOMPLETE_TASKS) {
    throw refuse.invalid(`filter type ${filterType} is out of bounds (${FilterType.ALL}–${FilterType.INCOMPLETE_TASKS})`);
  }
  return filterType === device.filterType ? [] : [{ type: 'DeviceOptionsSet', data: { deviceId: command.deviceId, filterType } }];
}
