import { ActiveSyncFolderType, DeviceCommandName, DeviceCommandResult, DeviceInfo, DeviceList, ROOT_FOLDER_ID } from '@gw/contracts';
import { additionalFolderObject, deviceDetails } from './device-details';
import { method, TargetAccount, WebserviceCall, WebserviceFault, WebserviceService } from './webservice-access';
import { boolParam, digitsParam, field, filterTypeParam, idParam, listParam, recordParam, stringParam } from './webservice-params';

/**
 * `Cmd=WebserviceDevice`: a user's actions on their own devices (an admin's on anyone's, with
 * `User=`), over the device-sync service. Each method answers as Z-Push's WebserviceDevice does:
 * device objects, folder lists, or true; a refusal is a fault with the reason.
 */

/** A store names the target account itself: its folders are the user's own to read and write. */
function ownStore(store: string, target: TargetAccount): boolean {
  const s = store.trim().toLowerCase();
  const name = target.name.toLowerCase();
  return s === name || (!s.includes('@') && s === name.split('@')[0]);
}

/** An administrative command on a device of the target; success is `true`. */
async function command(call: WebserviceCall, name: DeviceCommandName, payload: Record<string, unknown>): Promise<true> {
  await call.devices<DeviceCommandResult>('command', name, payload);
  return true;
}

async function getDevice(call: WebserviceCall, deviceId: string): Promise<DeviceInfo> {
  return call.devices<DeviceInfo>('query', 'GetDevice', { deviceId });
}

export const webserviceDevice: WebserviceService = {
  className: 'WebserviceDevice',
  // Z-Push checks the rights on the GET user before it reads the call.
  admit: async (call) => {
    await call.targetAccount();
  },
  methods: [
    method('ListDevicesDetails', [], 0, async (call) => {
      const target = await call.targetAccount();
      const { devices } = await call.devices<DeviceList>('query', 'ListDevices', {});
      return devices.map((d) => deviceDetails(d, target.name));
    }),

    method('GetDeviceDetails', ['deviceId', 'withHierarchyCache'], 1, async (call, [deviceId, withHierarchyCache]) => {
      const target = await call.targetAccount();
      const device = await getDevice(call, idParam(deviceId, 'deviceId'));
      return deviceDetails(device, target.name, boolParam(withHierarchyCache));
    }),

    method('RemoveDevice', ['deviceId'], 1, (call, [deviceId]) => command(call, 'RemoveDevice', { deviceId: idParam(deviceId, 'deviceId') })),

    method('WipeDevice', ['deviceId'], 1, (call, [deviceId]) => {
      if (call.impersonated) throw new WebserviceFault('Impersonated user is not allowed to wipe devices.');
      return command(call, 'WipeDevice', { deviceId: idParam(deviceId, 'deviceId') });
    }),

    method('ResyncDevice', ['deviceId'], 1, (call, [deviceId]) => command(call, 'ResyncDevice', { deviceId: idParam(deviceId, 'deviceId') })),

    method('ResyncFolder', ['deviceId', 'folderId'], 2, (call, [deviceId, folderId]) =>
      command(call, 'ResyncFolder', { deviceId: idParam(deviceId, 'deviceId'), folderId: idParam(folderId, 'folderId') }),
    ),

    method('SetDeviceOptions', ['deviceId', 'filtertype'], 2, (call, [deviceId, filterType]) => {
      const value = filterTypeParam(filterType);
      return command(call, 'SetDeviceOptions', { deviceId: idParam(deviceId, 'deviceId'), ...(value === undefined ? {} : { filterType: value }) });
    }),

    /** The user-made and the configured ("static") additional folders of the device. */
    method('AdditionalFolderList', ['deviceId'], 1, async (call, [deviceId]) => {
      const target = await call.targetAccount();
      const device = await getDevice(call, idParam(deviceId, 'deviceId'));
      return device.additionalFolders.map((f) => additionalFolderObject(f, ownStore(f.store, target)));
    }),

    method('AdditionalFolderAdd', ['deviceId', 'add_store', 'add_folderid', 'add_name', 'add_type', 'add_flags'], 6, (call, [deviceId, store, folderId, name, type, flags]) =>
      command(call, 'AddAdditionalFolder', {
        deviceId: idParam(deviceId, 'deviceId'),
        folder: {
          store: stringParam(store, 'add_store'),
          folderId: idParam(folderId, 'add_folderid'),
          parentId: ROOT_FOLDER_ID,
          name: stringParam(name, 'add_name'),
          type: digitsParam(type, 'add_type', 0),
          flags: digitsParam(flags, 'add_flags', 0),
        },
      }),
    ),

    method('AdditionalFolderEdit', ['deviceId', 'add_folderid', 'add_name', 'add_flags'], 4, (call, [deviceId, folderId, name, flags]) =>
      command(call, 'EditAdditionalFolder', {
        deviceId: idParam(deviceId, 'deviceId'),
        folderId: idParam(folderId, 'add_folderid'),
        name: stringParam(name, 'add_name'),
        flags: digitsParam(flags, 'add_flags', 0),
      }),
    ),

    method('AdditionalFolderRemove', ['deviceId', 'add_folderid'], 2, (call, [deviceId, folderId]) =>
      command(call, 'RemoveAdditionalFolder', { deviceId: idParam(deviceId, 'deviceId'), folderId: idParam(folderId, 'add_folderid') }),
    ),

    /** The user-made folders of one store become exactly `set_folders` (folderid, parentid, name, type, flags each). */
    method('AdditionalFolderSetList', ['deviceId', 'set_store', 'set_folders'], 3, (call, [deviceId, store, folders]) =>
      command(call, 'SetAdditionalFolders', {
        deviceId: idParam(deviceId, 'deviceId'),
        store: stringParam(store, 'set_store'),
        folders: listParam(folders, 'set_folders').map((entry, i) => {
          const f = recordParam(entry, `set_folders[${i}]`);
          const parentId = idParam(field(f, 'parentid'), 'parentid');
          return {
            folderId: idParam(field(f, 'folderid'), 'folderid'),
            parentId: parentId || ROOT_FOLDER_ID,
            name: stringParam(field(f, 'name'), 'name'),
            type: digitsParam(field(f, 'type'), 'type', ActiveSyncFolderType.USER_MAIL),
            flags: digitsParam(field(f, 'flags'), 'flags', 0),
          };
        }),
      }),
    ),
  ],
};
