import { DeviceEvent } from '@gw/contracts';
import { AccountDevices } from './device-state';
import { DeviceCommand, DeviceDecideContext } from './device-command';
import { provision, recordSync, setDeviceFolders } from './decide-provisioning';
import {
  cancelPendingWipe,
  removeDevice,
  resumeDevice,
  resyncDevice,
  resyncFolder,
  setDeviceOptions,
  suspendDevice,
  wipeDevice,
} from './decide-administration';
import { addAdditionalFolder, editAdditionalFolder, removeAdditionalFolder, setAdditionalFolders } from './decide-additional-folders';

/**
 * Decides the events of a command against an account's devices. Pure: no clock, no randomness
 * (both arrive in the command), and an empty result means the command changes nothing.
 */
export function decide(state: AccountDevices, command: DeviceCommand, ctx: DeviceDecideContext): DeviceEvent[] {
  switch (command.type) {
    case 'Provision': return provision(state, command);
    case 'RecordSync': return recordSync(state, command, ctx);
    case 'SetDeviceFolders': return setDeviceFolders(state, command);
    case 'RemoveDevice': return removeDevice(state, command);
    case 'WipeDevice': return wipeDevice(state, command);
    case 'CancelPendingWipe': return cancelPendingWipe(state, command);
    case 'SuspendDevice': return suspendDevice(state, command);
    case 'ResumeDevice': return resumeDevice(state, command);
    case 'ResyncDevice': return resyncDevice(state, command);
    case 'ResyncFolder': return resyncFolder(state, command, ctx);
    case 'SetDeviceOptions': return setDeviceOptions(state, command);
    case 'AddAdditionalFolder': return addAdditionalFolder(state, command, ctx);
    case 'EditAdditionalFolder': return editAdditionalFolder(state, command, ctx);
    case 'RemoveAdditionalFolder': return removeAdditionalFolder(state, command, ctx);
    case 'SetAdditionalFolders': return setAdditionalFolders(state, command, ctx);
  }
}
