import { ADDITIONAL_FOLDER_TYPES, AdditionalFolder, DeviceEvent, ROOT_FOLDER_ID } from '@gw/contracts';
import { AccountDevices, DeviceState } from './device-state';
import { CommandOf, DeviceDecideContext } from './device-command';
import { refuse, requireDevice } from './refusals';

/**
 * Additional folders (Z-Push webservice AdditionalFolder*): shared or public folders a device
 * synchronises besides the user's own. The seed's rules: an id and a name are required; the type
 * is a user-folder type; the name is unique among all folders on the device; folders configured
 * on the server ("static") are listed but cannot be edited or removed. Z-Push's own checks add:
 * no two additional folders share an id, and a parent must be an additional folder itself.
 */

/** Ids of the device's additional folders, user-made and configured. */
function additionalIds(device: DeviceState, ctx: DeviceDecideContext): Set<string> {
  return new Set([...device.additionalFolders.map((f) => f.folderId), ...ctx.staticFolders.map((f) => f.folderId)]);
}

/**
 * The device's own folders (from FolderSync), without the additional ones it received too: an
 * additional folder already synchronised must not clash with itself.
 */
function ownFolders(device: DeviceState, ctx: DeviceDecideContext) {
  const additional = additionalIds(device, ctx);
  return device.folders.filter((f) => !additional.has(f.id));
}

/** Every folder name on the device, but for the additional folders `skip` says to leave out. */
function namesOnDevice(device: DeviceState, ctx: DeviceDecideContext, skip: (f: AdditionalFolder) => boolean): Set<string> {
  return new Set([
    ...ownFolders(device, ctx).map((f) => f.name),
    ...ctx.staticFolders.map((f) => f.name),
    ...device.additionalFolders.filter((f) => !skip(f)).map((f) => f.name),
  ]);
}

/** The fields every additional folder needs, checked; the name without surrounding blanks. */
function validFolder(raw: AdditionalFolder): AdditionalFolder {
  const name = raw.name.trim();
  if (!raw.folderId || !name) throw refuse.invalid(`no valid folder id ('${raw.folderId}') or name ('${raw.name}')`);
  if (!raw.store.trim()) throw refuse.invalid(`no store for folder ${raw.folderId}`);
  if (!ADDITIONAL_FOLDER_TYPES.includes(raw.type)) {
    throw refuse.invalid(`folder type ${raw.type} is not a permitted user folder type (${ADDITIONAL_FOLDER_TYPES.join(', ')})`);
  }
  return { ...raw, store: raw.store.trim(), name };
}

function requireUserFolder(device: DeviceState, folderId: string, ctx: DeviceDecideContext): AdditionalFolder {
  if (!folderId) throw refuse.invalid('no folder id');
  if (ctx.staticFolders.some((f) => f.folderId === folderId)) throw refuse.staticFolder(folderId);
  const folder = device.additionalFolders.find((f) => f.folderId === folderId);
  if (!folder) throw refuse.noSuchFolder(`device ${device.deviceId} has no additional folder ${folderId}`, folderId);
  return folder;
}

export function addAdditionalFolder(state: AccountDevices, command: CommandOf<'AddAdditionalFolder'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const folder = validFolder(command.folder);
  const additional = additionalIds(device, ctx);
  if (additional.has(folder.folderId)) throw refuse.folderExists(`an additional folder with id ${folder.folderId} is already on device ${device.deviceId}`);
  if (ownFolders(device, ctx).some((f) => f.id === folder.folderId)) {
    throw refuse.folderExists(`a folder with id ${folder.folderId} is already synchronised to device ${device.deviceId}`);
  }
  if (namesOnDevice(device, ctx, () => false).has(folder.name)) throw refuse.folderExists(`a folder named '${folder.name}' is already on device ${device.deviceId}`);
  if (folder.parentId !== ROOT_FOLDER_ID && !additional.has(folder.parentId)) {
    throw refuse.noSuchFolder(`parent folder ${folder.parentId} of '${folder.name}' is not an additional folder of device ${device.deviceId}`, folder.parentId);
  }
  return [{ type: 'AdditionalFolderAdded', data: { deviceId: device.deviceId, folder } }];
}

/** Name and flags are both replaced (send the current name to change only the flags). */
export function editAdditionalFolder(state: AccountDevices, command: CommandOf<'EditAdditionalFolder'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const folder = requireUserFolder(device, command.folderId, ctx);
  const name = command.name.trim();
  if (!name) throw refuse.invalid(`no valid name for folder ${folder.folderId}`);
  if (namesOnDevice(device, ctx, (f) => f.folderId === folder.folderId).has(name)) {
    throw refuse.folderExists(`a folder named '${name}' is already on device ${device.deviceId}`);
  }
  if (name === folder.name && command.flags === folder.flags) return [];
  return [{ type: 'AdditionalFolderEdited', data: { deviceId: device.deviceId, folderId: folder.folderId, name, flags: command.flags } }];
}

/** Removes the folder and the user-made folders below it, which could not be placed without it. */
export function removeAdditionalFolder(state: AccountDevices, command: CommandOf<'RemoveAdditionalFolder'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const folder = requireUserFolder(device, command.folderId, ctx);
  const removed = [folder.folderId];
  for (let i = 0; i < removed.length; i++) {
    for (const f of device.additionalFolders) if (f.parentId === removed[i] && !removed.includes(f.folderId)) removed.push(f.folderId);
  }
  return [{ type: 'AdditionalFoldersRemoved', data: { deviceId: device.deviceId, folderIds: removed } }];
}

/**
 * Orders folders parents first, starting from the top and from `placed` (folders that stay).
 * Folders whose parent is in neither (or that form a cycle) are left out of the result.
 */
function parentsFirst(folders: AdditionalFolder[], placed: Set<string>): AdditionalFolder[] {
  const ordered: AdditionalFolder[] = [];
  const known = new Set([ROOT_FOLDER_ID, ...placed]);
  for (let remaining = folders; remaining.length; ) {
    const ready = remaining.filter((f) => known.has(f.parentId));
    if (!ready.length) break;
    for (const f of ready) known.add(f.folderId);
    ordered.push(...ready);
    remaining = remaining.filter((f) => !known.has(f.folderId));
  }
  return ordered;
}

const sameList = (a: readonly AdditionalFolder[], b: readonly AdditionalFolder[]) =>
  a.length === b.length &&
  a.every((f, i) => f.folderId === b[i].folderId && f.parentId === b[i].parentId && f.name === b[i].name && f.type === b[i].type && f.flags === b[i].flags);

/**
 * Z-Push AdditionalFolderSetList: the user-made folders of one store become exactly the list.
 * Entries naming a configured folder are ignored, as Z-Push does; any other invalid entry
 * refuses the whole list.
 */
export function setAdditionalFolders(state: AccountDevices, command: CommandOf<'SetAdditionalFolders'>, ctx: DeviceDecideContext): DeviceEvent[] {
  const device = requireDevice(state, command.deviceId);
  const store = command.store.trim();
  if (!store) throw refuse.invalid('no store');
  const staticIds = new Set(ctx.staticFolders.map((f) => f.folderId));
  const folders = command.folders.filter((f) => !staticIds.has(f.folderId)).map((f) => validFolder({ ...f, store }));

  const kept = device.additionalFolders.filter((f) => f.store !== store);
  const taken = new Set([...kept.map((f) => f.folderId), ...ownFolders(device, ctx).map((f) => f.id)]);
  const names = namesOnDevice(device, ctx, (f) => f.store === store);
  const listed = new Set<string>();
  for (const f of folders) {
    if (listed.has(f.folderId) || taken.has(f.folderId)) throw refuse.folderExists(`a folder with id ${f.folderId} is already on device ${device.deviceId}`);
    if (names.has(f.name)) throw refuse.folderExists(`a folder named '${f.name}' is already on device ${device.deviceId}`);
    listed.add(f.folderId);
    names.add(f.name);
  }
  const ordered = parentsFirst(folders, new Set([...kept.map((f) => f.folderId), ...staticIds]));
  const unplaced = folders.find((f) => !ordered.includes(f));
  if (unplaced) {
    throw refuse.noSuchFolder(`parent folder ${unplaced.parentId} of '${unplaced.name}' is not an additional folder of device ${device.deviceId}`, unplaced.parentId);
  }

  const current = device.additionalFolders.filter((f) => f.store === store);
  if (sameList(current, ordered)) return [];
  return [{ type: 'AdditionalFoldersSet', data: { deviceId: device.deviceId, store, folders: ordered } }];
}
