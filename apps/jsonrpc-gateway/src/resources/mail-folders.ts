import { z } from 'zod';
import { AccountInfo, commandSubject, ErrorCode, MailFolder, querySubject, SystemFolder } from '@gw/contracts';
import { folderToWire, page, quotaFraction, resultsPerPage, text } from '../expresso/codec';
import { ExpressoError, ExpressoErrorName, fromBusError } from '../expresso/errors';
import {
  expressoFolderId,
  expressoOrder,
  findByExpressoId,
  INBOX_ID,
  isDefaultFolder,
  isMailFolder,
  systemMailFolder,
  USER_FOLDER_TYPE,
  zimbraParentPath,
} from '../expresso/folder-ids';
import { ExpressoContext, resource } from '../expresso/resource';

/** The caller's folders, flat, as the mailbox has them. */
export async function loadFolders(ctx: ExpressoContext): Promise<MailFolder[]> {
  return (await ctx.call<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {})).folders;
}

/** The folder an Expresso folderID names, or the given error. */
export function requireFolder(folders: MailFolder[], folderID: string | undefined, missing: ExpressoErrorName): MailFolder {
  const found = folderID ? findByExpressoId(folders, folderID) : undefined;
  if (!found || !isMailFolder(found)) throw new ExpressoError(missing);
  return found;
}

/**
 * Bytes in use. GetMailboxSize is the mailbox's own figure; while no mailbox answers that query
 * (the mailbox that just answered GetFolders is up, so unavailability means the query is not
 * served yet), the folders' sizes, which the same mailbox reports, add up to it.
 */
async function mailboxBytes(ctx: ExpressoContext, folders: MailFolder[]): Promise<number> {
  const reply = await ctx.request<{ size: number }>(querySubject('mailbox', 'GetMailboxSize'), {});
  if (reply.ok) return reply.result.size;
  throw fromBusError(reply.error, ctx.resource);
}

const quotaOf = (info: AccountInfo) => Number(info.attrs.zimbraMailQuota?.[0] ?? 0) || 0;

/** A folder's Expresso parent: "" beside the inbox (the seed's Enviado), else the parent's id. */
const parentIdOf = (f: MailFolder, byId: Map<number, MailFolder>) => {
  const parent = byId.get(f.parentId);
  return !parent || parent.id === SystemFolder.USER_ROOT ? '' : (expressoFolderId(parent.path) ?? '');
};

/** `INBOX/Work/Old` → `INBOX/Work`: Expresso ids name their parent. */
const expressoParentOf = (folderID: string) => folderID.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || INBOX_ID;

export const mailFolderResources = [
  resource('Mail/Folders', 'session', z.object({ search: text, page, resultsPerPage }), async (p, ctx) => {
    const [folders, info] = await Promise.all([loadFolders(ctx), ctx.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {})]);
    const used = await mailboxBytes(ctx, folders);
    const limit = quotaOf(info);
    const byId = new Map(folders.map((f) => [f.id, f]));
    const mail = folders.filter(isMailFolder).sort(expressoOrder);
    let shown = mail.map((f) => {
      const system = systemMailFolder(f.id);
      return folderToWire(
        f,
        {
          folderID: expressoFolderId(f.path) ?? '',
          folderParentID: parentIdOf(f, byId),
          folderType: system?.folderType ?? USER_FOLDER_TYPE,
          folderName: system?.displayName ?? f.name,
          hasChildren: mail.some((c) => c.parentId === f.id),
        },
        limit,
      );
    });
    // "search: filtro por nome de pasta"
    if (p.search) shown = shown.filter((f) => f.folderName.toLowerCase().includes(p.search!.toLowerCase()));
    if (p.resultsPerPage) shown = shown.slice((p.page - 1) * p.resultsPerPage, p.page * p.resultsPerPage);
    return { folders: shown, diskSizeUsed: used, diskSizeLimit: limit, diskSizePercent: quotaFraction(used, limit) };
  }),

  /** A new folder in parentFolderID (default INBOX, as the reference server does). */
  resource('Mail/AddFolder', 'session', z.object({ parentFolderID: text, folderName: text }), async (p, ctx) => {
    const parentFolderID = p.parentFolderID || INBOX_ID;
    const name = p.folderName ?? '';
    const folders = await loadFolders(ctx);
    const parentPath = zimbraParentPath(parentFolderID);
    const parent = parentPath === '/' ? folders.find((f) => f.id === SystemFolder.USER_ROOT) : folders.find((f) => f.path.toLowerCase() === parentPath?.toLowerCase());
    if (!parent) throw new ExpressoError('MAIL_INVALID_FOLDER');
    // The new folder's Expresso id must be free too: `Lixeira` beside the inbox is Trash's id.
    if (name && findByExpressoId(folders, `${parentFolderID.replace(/\/+$/, '')}/${name}`)) throw new ExpressoError('MAIL_FOLDER_NOT_ADDED');
    const created = await ctx.call<MailFolder>(commandSubject('mailbox', 'CreateFolder'), { name, parentId: parent.id });
    return { folderID: expressoFolderId(created.path) };
  }),

  /** Renames in place; the answer is the folder's new id, which ends with the new name. */
  resource('Mail/RenameFolder', 'session', z.object({ folderID: text, folderName: text }), async (p, ctx) => {
    const name = p.folderName ?? '';
    const folders = await loadFolders(ctx);
    const folder = requireFolder(folders, p.folderID, 'MAIL_INVALID_OLD_FOLDER');
    if (isDefaultFolder(folder.id)) throw new ExpressoError('MAIL_INVALID_OLD_FOLDER');
    const taken = name ? findByExpressoId(folders, `${expressoParentOf(expressoFolderId(folder.path)!)}/${name}`) : undefined;
    if (taken && taken.id !== folder.id) throw new ExpressoError('MAIL_FOLDER_NOT_RENAMED');
    await ctx.call(commandSubject('mailbox', 'FolderAction'), { op: 'rename', ids: [folder.id], name });
    const renamed = (await loadFolders(ctx)).find((f) => f.id === folder.id);
    return { folderID: renamed ? expressoFolderId(renamed.path) : undefined };
  }),

  /**
   * Expresso deletes only empty folders of the user's own (DelFolderResource: default folder →
   * 1008, subfolders or messages → 1009); the mailbox's delete takes the contents with it, so
   * the emptiness is checked here, on the folder list read just before.
   */
  resource('Mail/DelFolder', 'session', z.object({ folderID: text }), async (p, ctx) => {
    const folders = await loadFolders(ctx);
    const folder = requireFolder(folders, p.folderID, 'MAIL_INVALID_FOLDER');
    if (isDefaultFolder(folder.id)) throw new ExpressoError('MAIL_CANNOT_DEL_DEFAULT_FOLDER');
    if (folder.count > 0 || folders.some((f) => f.parentId === folder.id && f.id !== folder.id)) throw new ExpressoError('MAIL_FOLDER_NOT_EMPTY');
    await ctx.call(commandSubject('mailbox', 'FolderAction'), { op: 'delete', ids: [folder.id] });
    return true;
  }),

  resource('Mail/CleanTrash', 'session', z.object({}), async (_, ctx) => {
    await ctx.call(commandSubject('mailbox', 'FolderAction'), { op: 'empty', ids: [SystemFolder.TRASH] });
    return true;
  }),
];
