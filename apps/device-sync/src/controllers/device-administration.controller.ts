import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { deviceCommands as c, DeviceCommandName, DeviceCommandPayload, deviceCommandSubject, DeviceCommandResult } from '@gw/contracts';
import { DeviceCommands, stamped } from '../devices/device-commands.service';

type AdministrationName = Exclude<DeviceCommandName, 'Provision' | 'RecordSync' | 'SetDeviceFolders'>;

/**
 * What users and admins do to devices: zimbraSync (RemoveDevice, SuspendDevice, ResumeDevice,
 * RemoteWipe, CancelPendingRemoteWipe) and the Z-Push webservice (RemoveDevice, WipeDevice,
 * ResyncDevice, ResyncFolder, SetDeviceOptions, AdditionalFolderAdd/Edit/Remove/SetList). Each
 * answers with the device as it is now.
 */
@Controller()
export class DeviceAdministrationController {
  constructor(private readonly devices: DeviceCommands) {}

  private administer<N extends AdministrationName>(raw: unknown, name: N) {
    return this.devices.handle(
      raw,
      c[name],
      (p, stamp) => stamped(name, p as DeviceCommandPayload<N>, stamp),
      (outcome, accountId, command): DeviceCommandResult => ({ device: this.devices.view(accountId, outcome.state, command.deviceId) }),
    );
  }

  @MessagePattern(deviceCommandSubject('RemoveDevice'))
  remove(@Payload() raw: unknown) {
    return this.administer(raw, 'RemoveDevice');
  }

  @MessagePattern(deviceCommandSubject('WipeDevice'))
  wipe(@Payload() raw: unknown) {
    return this.administer(raw, 'WipeDevice');
  }

  @MessagePattern(deviceCommandSubject('CancelPendingWipe'))
  cancelWipe(@Payload() raw: unknown) {
    return this.administer(raw, 'CancelPendingWipe');
  }

  @MessagePattern(deviceCommandSubject('SuspendDevice'))
  suspend(@Payload() raw: unknown) {
    return this.administer(raw, 'SuspendDevice');
  }

  @MessagePattern(deviceCommandSubject('ResumeDevice'))
  resume(@Payload() raw: unknown) {
    return this.administer(raw, 'ResumeDevice');
  }

  @MessagePattern(deviceCommandSubject('ResyncDevice'))
  resyncDevice(@Payload() raw: unknown) {
    return this.administer(raw, 'ResyncDevice');
  }

  @MessagePattern(deviceCommandSubject('ResyncFolder'))
  resyncFolder(@Payload() raw: unknown) {
    return this.administer(raw, 'ResyncFolder');
  }

  @MessagePattern(deviceCommandSubject('SetDeviceOptions'))
  setOptions(@Payload() raw: unknown) {
    return this.administer(raw, 'SetDeviceOptions');
  }

  /** Z-Push AdditionalFolderAdd. */
  @MessagePattern(deviceCommandSubject('AddAdditionalFolder'))
  addFolder(@Payload() raw: unknown) {
    return this.administer(raw, 'AddAdditionalFolder');
  }

  /** Z-Push AdditionalFolderEdit. */
  @MessagePattern(deviceCommandSubject('EditAdditionalFolder'))
  editFolder(@Payload() raw: unknown) {
    return this.administer(raw, 'EditAdditionalFolder');
  }

  /** Z-Push AdditionalFolderRemove. */
  @MessagePattern(deviceCommandSubject('RemoveAdditionalFolder'))
  removeFolder(@Payload() raw: unknown) {
    return this.administer(raw, 'RemoveAdditionalFolder');
  }

  /** Z-Push AdditionalFolderSetList. */
  @MessagePattern(deviceCommandSubject('SetAdditionalFolders'))
  setFolders(@Payload() raw: unknown) {
    return this.administer(raw, 'SetAdditionalFolders');
  }
}
