// A harness for the pure domain: runs commands through decide and evolve, as the repository does.
import { AdditionalFolder, DeviceActor, DeviceEvent } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { DeviceCommand, DeviceDecideContext } from '../src/domain/device-command';
import { AccountDevices, DeviceState, evolve, noDevices } from '../src/domain/device-state';

export const ALICE: DeviceActor = { id: 'acct-alice', name: 'alice@example.org' };
export const ADMIN: DeviceActor = { id: 'acct-admin', name: 'admin@example.org' };
export const MINUTE = 60_000;

export const PUBLIC_CALENDAR: AdditionalFolder = { store: 'SYSTEM', folderId: 'pubcal', parentId: '0', name: 'Public Calendar', type: 13, flags: 0 };

export class Devices {
  state: AccountDevices = noDevices();
  readonly ctx: DeviceDecideContext;

  constructor(ctx: Partial<DeviceDecideContext> = {}) {
    this.ctx = { staticFolders: [], syncRecordIntervalMs: MINUTE, ...ctx };
  }

  run(command: DeviceCommand): DeviceEvent[] {
    const events = decide(this.state, command, this.ctx);
    this.state = events.reduce(evolve, this.state);
    return events;
  }

  /** The events' types: what most assertions are about. */
  types(command: DeviceCommand): string[] {
    return this.run(command).map((e) => e.type);
  }

  device(deviceId = 'phone1'): DeviceState {
    const device = this.state.devices.get(deviceId);
    if (!device) throw new Error(`no device ${deviceId}`);
    return device;
  }

  /** Both handshake phases; returns the final policy key. */
  provisioned(deviceId = 'phone1', at = 1_000, keys = { temporary: '1001', final: '2002' }): string {
    this.run(request(deviceId, at, keys.temporary));
    this.run(acknowledge(deviceId, keys.temporary, at + 1, keys.final));
    return keys.final;
  }
}

export const request = (deviceId: string, at: number, newPolicyKey = '1001', extra: Partial<DeviceCommand> = {}): DeviceCommand =>
  ({ type: 'Provision', step: 'request', deviceId, deviceType: 'iPhone', userAgent: 'Apple-iPhone/1', protocolVersion: '14.1', at, by: ALICE, newPolicyKey, ...extra }) as DeviceCommand;

export const acknowledge = (deviceId: string, policyKey: string, at: number, newPolicyKey = '2002', status = 1): DeviceCommand =>
  ({ type: 'Provision', step: 'acknowledge', deviceId, policyKey, status, at, by: ALICE, newPolicyKey }) as DeviceCommand;

export const wipeAcknowledge = (deviceId: string, at: number, status = 1): DeviceCommand =>
  ({ type: 'Provision', step: 'wipe-acknowledge', deviceId, status, at, by: ALICE, newPolicyKey: '9999' }) as DeviceCommand;

export const sync = (deviceId: string, policyKey: string | undefined, at: number, extra: object = {}): DeviceCommand =>
  ({ type: 'RecordSync', deviceId, policyKey, at, by: ALICE, ...extra }) as DeviceCommand;

/** An administrative command, by the admin unless `by` says otherwise. */
export const admin = (type: DeviceCommand['type'], deviceId: string, at: number, extra: object = {}): DeviceCommand =>
  ({ type, deviceId, at, by: ADMIN, ...extra }) as DeviceCommand;
