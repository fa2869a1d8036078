import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { deviceCommands as c, deviceCommandSubject, DeviceInfo, DomainError, ErrorCode, ProvisionResult } from '@gw/contracts';
import { DEVICE_SYNC_CONFIG } from '../infrastructure/tokens';
import { DeviceSyncConfig } from '../infrastructure/config';
import { DeviceCommands, stamped } from '../devices/device-commands.service';
import { newPolicyKey } from '../devices/policy-keys';
import { provisionOutcome } from '../domain/provision-outcome';

/** Requests of the device itself, relayed by the ActiveSync edge as the authenticated user. */
@Controller()
export class DeviceRequestsController {
  constructor(
    private readonly devices: DeviceCommands,
    @Inject(DEVICE_SYNC_CONFIG) private readonly config: DeviceSyncConfig,
  ) {}

  @MessagePattern(deviceCommandSubject('Provision'))
  provision(@Payload() raw: unknown) {
    return this.devices.handle(
      raw,
      c.Provision,
      (p, stamp) => ({ type: 'Provision', ...p, ...stamp, newPolicyKey: newPolicyKey() }),
      (outcome, accountId, command): ProvisionResult => {
        const device = outcome.state.devices.get(command.deviceId);
        const info = this.devices.view(accountId, outcome.state, command.deviceId);
        if (command.type !== 'Provision' || !device || !info) throw new DomainError(ErrorCode.FAILURE, 'system failure: provisioning left no device');
        const answer = provisionOutcome(command.step, device);
        return answer.outcome === 'policy' ? { ...answer, policy: this.config.policy, device: info } : { ...answer, device: info };
      },
    );
  }

  /** Replies with the device, so the edge learns resync marks and options with the same request. */
  @MessagePattern(deviceCommandSubject('RecordSync'))
  recordSync(@Payload() raw: unknown) {
    return this.devices.handle(
      raw,
      c.RecordSync,
      (p, stamp) => stamped('RecordSync', p, stamp),
      (outcome, accountId, command): DeviceInfo => this.devices.view(accountId, outcome.state, command.deviceId)!,
    );
  }

  @MessagePattern(deviceCommandSubject('SetDeviceFolders'))
  setDeviceFolders(@Payload() raw: unknown) {
    return this.devices.handle(
      raw,
      c.SetDeviceFolders,
      (p, stamp) => stamped('SetDeviceFolders', p, stamp),
      (outcome, accountId, command) => ({ device: this.devices.view(accountId, outcome.state, command.deviceId) }),
    );
  }
}
