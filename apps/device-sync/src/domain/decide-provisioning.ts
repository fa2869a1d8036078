import { DeviceEvent, DeviceFolder, DeviceInformation } from '@gw/contracts';
import { AccountDevices, DeviceState } from './device-state';
import { CommandOf, DeviceDecideContext } from './device-command';
import { refuse } from './refusals';

/** MS-ASPROV Policy Status of phase 2: the device applied the policy. */
const POLICY_APPLIED = 1;
/** The device's RemoteWipe Status: it wiped itself. */
const WIPE_SUCCEEDED = 1;

/** What the device reports about itself, compared with what is known: only changed fields. */
function informationChanges(
  device: DeviceState,
  reported: { deviceType?: string; userAgent?: string; protocolVersion?: string; information?: DeviceInformation },
): DeviceEvent[] {
  const data: Extract<DeviceEvent, { type: 'DeviceInformationUpdated' }>['data'] = { deviceId: device.deviceId };
  let changed = false;
  for (const key of ['deviceType', 'userAgent', 'protocolVersion'] as const) {
    const value = reported[key];
    if (value !== undefined && value !== device[key]) {
      data[key] = value;
      changed = true;
    }
  }
  const information = Object.fromEntries(
    Object.entries(reported.information ?? {}).filter(([key, value]) => value !== undefined && value !== device.information[key as keyof DeviceInformation]),
  ) as DeviceInformation;
  if (Object.keys(information).length) {
    data.information = information;
    changed = true;
  }
  return changed ? [{ type: 'DeviceInformationUpdated', data }] : [];
}

/**
 * One step of the Provision handshake (MS-ASPROV). A device unknown to the account — never seen,
 * or removed since — registers with its first request. While a wipe is pending (or done), every
 * step is answered with the RemoteWipe directive, even for a suspended device: wiping a lost
 * phone matters more than keeping it out.
 */
export function provision(state: AccountDevices, command: CommandOf<'Provision'>): DeviceEvent[] {
  const { deviceId, at } = command;
  const device = state.devices.get(deviceId);
  switch (command.step) {
    case 'request': {
      const offer: DeviceEvent = { type: 'DevicePolicyOffered', data: { deviceId, policyKey: command.newPolicyKey, at } };
      if (!device) {
        const { deviceType, userAgent, protocolVersion, information = {} } = command;
        return [{ type: 'DeviceRegistered', data: { deviceId, deviceType, userAgent, protocolVersion, information, at } }, offer];
      }
      const updates = informationChanges(device, command);
      if (device.wipe) return updates;
      if (device.suspended) throw refuse.suspended(deviceId);
      return [...updates, offer];
    }
    case 'acknowledge': {
      if (!device) throw refuse.provisionRequired(deviceId);
      if (device.wipe) return [];
      if (device.suspended) throw refuse.suspended(deviceId);
      if (!device.pendingPolicyKey || device.pendingPolicyKey !== command.policyKey) throw refuse.invalidPolicyKey(deviceId);
      if (command.status !== POLICY_APPLIED) throw refuse.policyNotApplied(deviceId, command.status);
      return [{ type: 'DeviceProvisioned', data: { deviceId, policyKey: command.newPolicyKey, at } }];
    }
    case 'wipe-acknowledge': {
      if (!device) throw refuse.provisionRequired(deviceId);
      if (!device.wipe) throw refuse.noPendingWipe(deviceId, 'no remote wipe was requested');
      // A repeated confirmation changes nothing; a failed wipe stays pending and is sent again.
      if (device.wipe.acknowledgedAt !== undefined || command.status !== WIPE_SUCCEEDED) return [];
      return [{ type: 'DeviceWipeAcknowledged', data: { deviceId, at } }];
    }
  }
}

/**
 * Any other request of the device: allowed only to a known, provisioned device presenting its
 * current policy key, neither suspended nor due for a wipe (which it receives by provisioning).
 */
export function recordSync(state: AccountDevices, command: CommandOf<'RecordSync'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const { deviceId, at } = command;
  const device = state.devices.get(deviceId);
  if (!device) throw refuse.provisionRequired(deviceId);
  if (device.wipe) throw refuse.wipeRequested(deviceId);
  if (device.suspended) throw refuse.suspended(deviceId);
  if (!device.policyKey || !command.policyKey || Number(command.policyKey) === 0) throw refuse.provisionRequired(deviceId);
  if (command.policyKey !== device.policyKey) throw refuse.invalidPolicyKey(deviceId);
  const events = informationChanges(device, command);
  if (device.lastSyncAt === undefined || at - device.lastSyncAt >= ctx.syncRecordIntervalMs) {
    events.push({ type: 'DeviceSynced', data: { deviceId, at } });
  }
  return events;
}

const sameFolders = (a: readonly DeviceFolder[], b: readonly DeviceFolder[]) =>
  a.length === b.length && a.every((f, i) => f.id === b[i].id && f.parentId === b[i].parentId && f.name === b[i].name && f.type === b[i].type);

/** The hierarchy the device now has (after a FolderSync); the edge sends it whole. */
export function setDeviceFolders(state: AccountDevices, command: CommandOf<'SetDeviceFolders'>): DeviceEvent[] {
  const { deviceId } = command;
  const device = state.devices.get(deviceId);
  if (!device) throw refuse.provisionRequired(deviceId);
  const seen = new Set<string>();
  for (const f of command.folders) {
    if (!f.id) throw refuse.invalid('a folder without an id');
    if (seen.has(f.id)) throw refuse.invalid(`folder ${f.id} listed twice`);
    seen.add(f.id);
  }
  const folders = command.folders.map(({ id, parentId, name, type }) => ({ id, parentId, name, type }));
  return sameFolders(device.folders, folders) ? [] : [{ type: 'DeviceFoldersSynced', data: { deviceId, folders } }];
}
