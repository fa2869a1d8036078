import { DeviceCommandPayload } from '@gw/contracts';
import { DeviceState } from './device-state';

export type ProvisionOutcome =
  | { outcome: 'policy'; policyKey: string }
  | { outcome: 'provisioned'; policyKey: string }
  | { outcome: 'remote-wipe' }
  | { outcome: 'wipe-acknowledged' };

/**
 * What a Provision step answers, read off the device after the step's events: a pending or
 * completed wipe answers every step with the RemoteWipe directive, until the device confirms it.
 */
export function provisionOutcome(step: DeviceCommandPayload<'Provision'>['step'], device: DeviceState): ProvisionOutcome {
  if (step === 'wipe-acknowledge' && device.wipe?.acknowledgedAt !== undefined) return { outcome: 'wipe-acknowledged' };
  if (device.wipe) return { outcome: 'remote-wipe' };
  if (step === 'request' && device.pendingPolicyKey) return { outcome: 'policy', policyKey: device.pendingPolicyKey };
  if (step === 'acknowledge' && device.policyKey) return { outcome: 'provisioned', policyKey: device.policyKey };
  // decide() refuses every other combination before anything is appended.
  throw new Error(`provision step ${step} left device ${device.deviceId} without an answer`);
}
