import { DeviceCount, DeviceInfo, DeviceList, deviceCommandSubject, deviceQuerySubject, DeviceCommandName } from '@gw/contracts';
import { SoapElement, SoapFault, attr, el, requireChild, textEl } from '@gw/soap';
import { SoapHandler } from '../../soap/soap-handler';
import { adminHandler, handler, response } from '../directory-elements';

export const SYNC_NS = 'urn:zimbraSync';

/** Times in soap-mobile.txt are seconds since the epoch. */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : String(Math.floor(ms / 1000)));

/** `<device id type protocol ua>` with the status children of soap-mobile.txt, optional ones only when set. */
export function deviceStatusElement(d: DeviceInfo): SoapElement {
  const optional = (name: string, value: string | undefined) => (value === undefined ? [] : [textEl(name, value)]);
  return el('device', { id: d.deviceId, type: d.deviceType, protocol: d.protocolVersion ?? '', ua: d.userAgent }, [
    textEl('provisionable', d.provisionable ? '1' : '0'),
    textEl('status', String(d.statusCode)),
    textEl('firstReqReceived', seconds(d.firstSyncAt)!),
    ...optional('lastPolicyUpdate', seconds(d.lastPolicyUpdateAt)),
    ...optional('remoteWipeReqTime', seconds(d.wipe?.requestedAt)),
    ...optional('removeWipeAckTime', seconds(d.wipe?.acknowledgedAt)),
  ]);
}

const syncHandler = (name: string, handle: SoapHandler['handle']) => handler('user', SYNC_NS, name, 'user', handle);

/** `<device id="..."/>`: the device a self-care request names. */
function deviceIdOf(request: SoapElement): string {
  const id = attr(requireChild(request, 'device'), 'id');
  if (!id) throw SoapFault.invalidRequest('missing required attribute: id');
  return id;
}

/** A self-care action on one of the caller's own devices: an empty response on success. */
const deviceAction = (name: string, command: DeviceCommandName) =>
  syncHandler(name, async (request, ctx) => {
    await ctx.call(deviceCommandSubject(command), { deviceId: deviceIdOf(request) });
    return response(request);
  });

/**
 * zimbraSync device self-care (soap-mobile.txt): the caller's own devices only; the device-sync
 * service enforces it, as it serves the Z-Push webservice too, so both APIs see the same devices.
 */
export const syncHandlers: SoapHandler[] = [
  syncHandler('GetDeviceStatusRequest', async (request, ctx) => {
    const list = await ctx.call<DeviceList>(deviceQuerySubject('ListDevices'), {});
    return response(request, list.devices.map(deviceStatusElement));
  }),
  deviceAction('RemoveDeviceRequest', 'RemoveDevice'),
  deviceAction('SuspendDeviceRequest', 'SuspendDevice'),
  deviceAction('ResumeDeviceRequest', 'ResumeDevice'),
  deviceAction('RemoteWipeRequest', 'WipeDevice'),
  deviceAction('CancelPendingRemoteWipeRequest', 'CancelPendingWipe'),
  adminHandler('GetDevicesCountRequest', async (request, ctx) => {
    const { count } = await ctx.call<DeviceCount>(deviceQuerySubject('CountDevices'), {});
    return response(request, [textEl('count', String(count))]);
  }),
];
