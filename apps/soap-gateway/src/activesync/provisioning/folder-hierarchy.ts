import { createHash } from 'node:crypto';
import { ActiveSyncFolderType, DeviceFolder, MailFolder, ROOT_FOLDER_ID, SystemFolder } from '@gw/contracts';
import { child, childText, el, WbxmlElement } from '@gw/wbxml';
import { FolderSyncStatus } from './activesync-status';

/** The mailbox's system folders as ActiveSync's default folder types (MS-ASCMD 2.2.3.186.3). */
const SYSTEM_TYPES: Partial<Record<number, number>> = {
  [SystemFolder.INBOX]: ActiveSyncFolderType.INBOX,
  [SystemFolder.DRAFTS]: ActiveSyncFolderType.DRAFTS,
  [SystemFolder.TRASH]: ActiveSyncFolderType.DELETED_ITEMS,
  [SystemFolder.SENT]: ActiveSyncFolderType.SENT_ITEMS,
  [SystemFolder.CALENDAR]: ActiveSyncFolderType.CALENDAR,
  [SystemFolder.CONTACTS]: ActiveSyncFolderType.CONTACTS,
  [SystemFolder.TASKS]: ActiveSyncFolderType.TASKS,
  [SystemFolder.JUNK]: ActiveSyncFolderType.USER_MAIL,
  [SystemFolder.EMAILED_CONTACTS]: ActiveSyncFolderType.USER_CONTACTS,
};
/** Not for phones: chat history and the Briefcase (documents), with everything under them. */
const HIDDEN_SYSTEM_FOLDERS = new Set<number>([SystemFolder.CHATS, SystemFolder.BRIEFCASE]);

/** User folders by view; a view not listed (document, wiki, chat) is not synchronised. */
const VIEW_TYPES: Record<string, number> = {
  '': ActiveSyncFolderType.USER_MAIL,
  message: ActiveSyncFolderType.USER_MAIL,
  conversation: ActiveSyncFolderType.USER_MAIL,
  contact: ActiveSyncFolderType.USER_CONTACTS,
  appointment: ActiveSyncFolderType.USER_CALENDAR,
  task: ActiveSyncFolderType.USER_TASKS,
};

function folderType(f: MailFolder): number | undefined {
  if (HIDDEN_SYSTEM_FOLDERS.has(f.id)) return undefined;
  return SYSTEM_TYPES[f.id] ?? VIEW_TYPES[f.view];
}

/**
 * The hierarchy a device sees: the folders under the user root (which itself is ActiveSync's
 * root, ParentId 0), parents before children, siblings by id; a folder of a kind phones do not
 * synchronise is left out with its whole subtree.
 */
export function deviceHierarchy(folders: readonly MailFolder[]): DeviceFolder[] {
  const byParent = new Map<number, MailFolder[]>();
  for (const f of folders) {
    if (f.id === f.parentId) continue;
    const list = byParent.get(f.parentId) ?? [];
    list.push(f);
    byParent.set(f.parentId, list);
  }
  const out: DeviceFolder[] = [];
  const visit = (parentId: number, depth: number) => {
    if (depth > 256) return;
    for (const f of (byParent.get(parentId) ?? []).sort((a, b) => a.id - b.id)) {
      const type = folderType(f);
      if (type === undefined) continue;
      out.push({ id: String(f.id), parentId: parentId === SystemFolder.USER_ROOT ? ROOT_FOLDER_ID : String(parentId), name: f.name, type });
      visit(f.id, depth + 1);
    }
  };
  visit(SystemFolder.USER_ROOT, 0);
  return out;
}

export interface HierarchyChanges {
  added: DeviceFolder[];
  updated: DeviceFolder[];
  deleted: string[];
}

/** What the device must apply to go from `before` (as last sent) to `now`; `before` undefined: everything is new. */
export function hierarchyChanges(before: readonly DeviceFolder[] | undefined, now: readonly DeviceFolder[]): HierarchyChanges {
  if (!before) return { added: [...now], updated: [], deleted: [] };
  const old = new Map(before.map((f) => [f.id, f]));
  const current = new Set(now.map((f) => f.id));
  const added: DeviceFolder[] = [];
  const updated: DeviceFolder[] = [];
  for (const f of now) {
    const was = old.get(f.id);
    if (!was) added.push(f);
    else if (was.parentId !== f.parentId || was.name !== f.name || was.type !== f.type) updated.push(f);
  }
  const deleted = before.filter((f) => !current.has(f.id)).map((f) => f.id);
  return { added, updated, deleted };
}

export const countChanges = (c: HierarchyChanges) => c.added.length + c.updated.length + c.deleted.length;

/**
 * FolderSync keys without server-side key storage: `<issued, base 36>-<digest of the hierarchy
 * sent with it>`. The device-sync service keeps the hierarchy last sent (SetDeviceFolders), so a
 * key stands while its digest is that hierarchy's and it was issued after the device's last
 * resync mark; any other key is refused (Status 9) and the device starts again from 0.
 */
export function hierarchyDigest(folders: readonly DeviceFolder[]): string {
  const canonical = JSON.stringify(folders.map((f) => [f.id, f.parentId, f.name, f.type]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export const newSyncKey = (folders: readonly DeviceFolder[], now: number) => `${now.toString(36)}-${hierarchyDigest(folders)}`;

export function syncKeyStands(key: string, recorded: readonly DeviceFolder[], resyncRequestedAt: number | undefined): boolean {
  const m = /^([0-9a-z]{1,12})-([A-Za-z0-9_-]{16})$/.exec(key);
  if (!m) return false;
  const issuedAt = parseInt(m[1], 36);
  if (resyncRequestedAt !== undefined && issuedAt < resyncRequestedAt) return false;
  return m[2] === hierarchyDigest(recorded);
}

/** FolderSync/SyncKey of a request, or undefined when it is not a FolderSync request. */
export function readFolderSyncKey(root: WbxmlElement): string | undefined {
  if (root.ns !== 'FolderHierarchy' || root.name !== 'FolderSync' || !child(root, 'SyncKey')) return undefined;
  const key = childText(root, 'SyncKey')!.trim();
  return key.length <= 64 ? key : undefined;
}

const folderFields = (f: DeviceFolder) => [
  el('FolderHierarchy', 'ServerId', f.id),
  el('FolderHierarchy', 'ParentId', f.parentId),
  el('FolderHierarchy', 'DisplayName', f.name),
  el('FolderHierarchy', 'Type', f.type),
];

export function folderSyncResponse(syncKey: string, changes: HierarchyChanges): WbxmlElement {
  return el(
    'FolderHierarchy',
    'FolderSync',
    el('FolderHierarchy', 'Status', FolderSyncStatus.SUCCESS),
    el('FolderHierarchy', 'SyncKey', syncKey),
    el(
      'FolderHierarchy',
      'Changes',
      el('FolderHierarchy', 'Count', countChanges(changes)),
      changes.updated.map((f) => el('FolderHierarchy', 'Update', folderFields(f))),
      changes.deleted.map((id) => el('FolderHierarchy', 'Delete', el('FolderHierarchy', 'ServerId', id))),
      changes.added.map((f) => el('FolderHierarchy', 'Add', folderFields(f))),
    ),
  );
}

/** FolderSync with a bare Status: 9 (start again), 10 (bad request), or a common status (14.0+). */
export const folderSyncStatusResponse = (status: number): WbxmlElement => el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'Status', status));
