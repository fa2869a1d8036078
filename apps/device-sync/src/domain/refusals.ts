import { DeviceErrorCode, DomainError, ErrorCode } from '@gw/contracts';
import { AccountDevices, DeviceState } from './device-state';

/** The refusals of the domain, worded for the administrator or the edge that reports them. */
export const refuse = {
  noSuchDevice: (deviceId: string) => new DomainError(DeviceErrorCode.NO_SUCH_DEVICE, `no such device: ${deviceId}`, { deviceId }),
  provisionRequired: (deviceId: string) =>
    new DomainError(DeviceErrorCode.PROVISION_REQUIRED, `device ${deviceId} must provision first`, { deviceId }),
  invalidPolicyKey: (deviceId: string) =>
    new DomainError(DeviceErrorCode.INVALID_POLICY_KEY, `device ${deviceId} presented an invalid policy key`, { deviceId }),
  policyNotApplied: (deviceId: string, status: number) =>
    new DomainError(DeviceErrorCode.POLICY_NOT_APPLIED, `device ${deviceId} did not apply the policy (status ${status})`, { deviceId }),
  suspended: (deviceId: string) => new DomainError(DeviceErrorCode.DEVICE_SUSPENDED, `device ${deviceId} is suspended`, { deviceId }),
  wipeRequested: (deviceId: string) =>
    new DomainError(DeviceErrorCode.REMOTE_WIPE_REQUESTED, `a remote wipe is pending for device ${deviceId}`, { deviceId }),
  noPendingWipe: (deviceId: string, reason: string) => new DomainError(DeviceErrorCode.NO_PENDING_WIPE, `device ${deviceId}: ${reason}`, { deviceId }),
  noSuchFolder: (message: string, folderId: string) => new DomainError(DeviceErrorCode.NO_SUCH_FOLDER, message, { folderId }),
  folderExists: (message: string) => new DomainError(DeviceErrorCode.FOLDER_EXISTS, message),
  staticFolder: (folderId: string) =>
    new DomainError(DeviceErrorCode.STATIC_FOLDER, `folder ${folderId} is configured on the server and cannot be changed`, { folderId }),
  invalid: (message: string) => new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: ${message}`),
};

/** An administrative command needs a device the account has. */
export function requireDevice(state: AccountDevices, deviceId: string): DeviceState {
  const device = state.devices.get(deviceId);
  if (!device) throw refuse.noSuchDevice(deviceId);
  return device;
}
