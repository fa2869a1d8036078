import { AllDevicesPage, DeviceInfo, deviceQuerySubject } from '@gw/contracts';
import { ActiveSyncRequestError } from '../activesync-request';
import { deviceDetails } from './device-details';
import { method, WebserviceCall, WebserviceService } from './webservice-access';

/**
 * `Cmd=WebserviceUsers`: every account's devices, for administrators. Refused with HTTP 403
 * unless enabled in configuration (ZPUSH_WEBSERVICE_USERS_ACCESS, Z-Push's
 * ALLOW_WEBSERVICE_USERS_ACCESS), then only for admins. Z-Push keys its answers by device id,
 * a device being shared by the users who sync it; here a device belongs to one account, so a
 * device id seen on several accounts lists each of them.
 */

const PAGE = 500;

/** Every device of every account, by account name then device id (the service's order). */
async function allDevices(call: WebserviceCall): Promise<DeviceInfo[]> {
  const admin = await call.requireAdmin();
  const devices: DeviceInfo[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await call.call<AllDevicesPage>(deviceQuerySubject('ListAllDevices'), { offset, limit: PAGE }, admin);
    devices.push(...page.devices);
    if (!page.more || page.devices.length === 0) return devices;
  }
}

const userOf = (d: DeviceInfo) => d.accountName ?? d.accountId;

/** Device id → its devices, in the order the ids first appear. */
function byDeviceId(devices: DeviceInfo[]): Map<string, DeviceInfo[]> {
  const grouped = new Map<string, DeviceInfo[]>();
  for (const d of devices) grouped.set(d.deviceId, [...(grouped.get(d.deviceId) ?? []), d]);
  return grouped;
}

export function webserviceUsers(enabled: boolean): WebserviceService {
  return {
    className: 'WebserviceUsers',
    admit: async (call) => {
      if (!enabled) {
        throw new ActiveSyncRequestError(403, 'Access to the WebserviceUsers service is disabled in configuration. Enable setting ZPUSH_WEBSERVICE_USERS_ACCESS');
      }
      await call.requireAdmin();
    },
    methods: [
      /** The ids of all known devices. */
      method('ListDevices', [], 0, async (call) => [...byDeviceId(await allDevices(call)).keys()]),

      /** Device id → the users of that device. */
      method('ListDevicesAndUsers', [], 0, async (call) => {
        const out = new Map<string, string[]>();
        for (const [deviceId, devices] of byDeviceId(await allDevices(call))) out.set(deviceId, devices.map(userOf));
        return out;
      }),

      /** Device id → user → the device's details (first sync time and the rest). */
      method('ListDevicesDetails', [], 0, async (call) => {
        const out = new Map<string, Map<string, unknown>>();
        for (const [deviceId, devices] of byDeviceId(await allDevices(call))) {
          out.set(deviceId, new Map(devices.map((d) => [userOf(d), deviceDetails(d, userOf(d))])));
        }
        return out;
      }),
    ],
  };
}
