import { FIRST_USER_ITEM_ID, MailFolder, SystemFolder } from '@gw/contracts';

/**
 * Expresso folder ids and our folders, both ways.
 *
 * Evidence. Expresso's folderID is "Caminho da pasta", the IMAP path with `/` as delimiter, and
 * every personal folder lives under INBOX: the seed's Mail/Folders example lists `INBOX`,
 * `INBOX/Enviado`, `INBOX/Spam`, `INBOX/Lixeira` with folderType 0, 1, 2, 3 and folderParentID ""
 * for the folders beside the inbox; Mail/AddFolder answers `INBOX/NovaPasta` for a folder made
 * in `INBOX`. The folderType list is "1-Caixa de Entrada, 2-Enviadas, 3-Rascunhos, 4-Lixeira,
 * 5-Pasta Comum, 6-Pasta Compartilhada" in the text but the example (and the reference server's
 * MailAdapter::$defaultFolders: INBOX 0, Sent 1, Spam 2, Trash 3, Drafts 4, other "5") number
 * them from 0; clients get the example's numbers, which is what the reference server sends.
 *
 * Mapping. Expresso's namespace is Zimbra's user root seen as `INBOX`:
 * - the Inbox (2) is `INBOX`; Sent (5), Junk (4), Trash (3) and Drafts (6) have Expresso's
 *   standard names `INBOX/Enviado`, `INBOX/Spam`, `INBOX/Lixeira`, `INBOX/Rascunhos`;
 * - any other folder is `INBOX` + its Zimbra path: `/Work/Clients` is `INBOX/Work/Clients`,
 *   and the inbox's own subfolders keep their `Inbox` segment, `/Inbox/Sub` is `INBOX/Inbox/Sub`
 *   (no top-level folder can be called Inbox, so that prefix is free);
 * - the first segment goes through TOP_LEVEL, which swaps each system folder's Zimbra name with
 *   its Expresso name. It is its own inverse, so the mapping is a bijection computed from the
 *   path alone: no table to keep, stable across renames of anything else. A top-level folder
 *   someone called `Lixeira` over SOAP gets `INBOX/Trash`, a name Zimbra keeps for the real
 *   Trash and that no other folder can take.
 * Names compare case-insensitively, as Zimbra's do.
 */
export const INBOX_ID = 'INBOX';

interface SystemMailFolder {
  id: number;
  zimbraName: string;
  /** The top-level segment Expresso uses; the inbox is the namespace itself. */
  expressoName: string | null;
  folderType: number;
  /** folderName as the reference server shows it in pt-BR (getLang). */
  displayName: string;
}

const SYSTEM_MAIL_FOLDERS: SystemMailFolder[] = [
  { id: SystemFolder.INBOX, zimbraName: 'Inbox', expressoName: null, folderType: 0, displayName: 'Caixa de Entrada' },
  { id: SystemFolder.SENT, zimbraName: 'Sent', expressoName: 'Enviado', folderType: 1, displayName: 'Enviado' },
  { id: SystemFolder.JUNK, zimbraName: 'Junk', expressoName: 'Spam', folderType: 2, displayName: 'Spam' },
  { id: SystemFolder.TRASH, zimbraName: 'Trash', expressoName: 'Lixeira', folderType: 3, displayName: 'Lixeira' },
  { id: SystemFolder.DRAFTS, zimbraName: 'Drafts', expressoName: 'Rascunhos', folderType: 4, displayName: 'Rascunhos' },
];
export const USER_FOLDER_TYPE = 5;

const TOP_LEVEL = new Map<string, string>();
for (const f of SYSTEM_MAIL_FOLDERS) {
  if (!f.expressoName) continue;
  TOP_LEVEL.set(f.zimbraName.toLowerCase(), f.expressoName);
  TOP_LEVEL.set(f.expressoName.toLowerCase(), f.zimbraName);
}
const swapTopLevel = (segment: string) => TOP_LEVEL.get(segment.toLowerCase()) ?? segment;

/** `/Sent/2026` → `INBOX/Enviado/2026`; `/Inbox` → `INBOX`. Undefined for the user root. */
export function expressoFolderId(zimbraPath: string): string | undefined {
  const segments = zimbraPath.split('/').filter(Boolean);
  if (!segments.length) return undefined;
  if (segments.length === 1 && segments[0].toLowerCase() === 'inbox') return INBOX_ID;
  segments[0] = swapTopLevel(segments[0]);
  return [INBOX_ID, ...segments].join('/');
}

/** `INBOX/Enviado/2026` → `/Sent/2026`; undefined for ids outside INBOX (shared `user/...`). */
export function zimbraFolderPath(expressoId: string): string | undefined {
  const segments = expressoId.split('/').filter(Boolean);
  if (!segments.length || segments[0].toUpperCase() !== INBOX_ID) return undefined;
  const rest = segments.slice(1);
  if (!rest.length) return '/Inbox';
  rest[0] = swapTopLevel(rest[0]);
  return `/${rest.join('/')}`;
}

/**
 * The Zimbra path of the folder that gets the children of an Expresso folder. `INBOX` as a
 * parent is the namespace, not the inbox: Mail/AddFolder in `INBOX` makes `INBOX/NovaPasta`
 * beside the inbox (seed), which is a top-level folder here; `INBOX/Inbox` reaches the inbox's
 * own subfolders. Undefined for ids outside INBOX.
 */
export function zimbraParentPath(expressoParentId: string): string | undefined {
  // A placeholder child, so that only the parent goes through the mapping.
  const child = zimbraFolderPath(`${expressoParentId.replace(/\/+$/, '')}/-`);
  return child === undefined ? undefined : child.slice(0, child.lastIndexOf('/')) || '/';
}

/** The folder an Expresso id names, if it exists. */
export function findByExpressoId(folders: MailFolder[], expressoId: string): MailFolder | undefined {
  const path = zimbraFolderPath(expressoId)?.toLowerCase();
  return path === undefined ? undefined : folders.find((f) => f.path.toLowerCase() === path);
}

export const systemMailFolder = (id: number) => SYSTEM_MAIL_FOLDERS.find((f) => f.id === id);

/** Expresso's "default folders": they cannot be deleted or renamed (MailAdapter::$defaultFolders). */
export const isDefaultFolder = (id: number) => systemMailFolder(id) !== undefined;

/**
 * The folders Mail/Folders shows: the five mail system folders and the user's folders that hold
 * mail. Contacts, Calendar, Tasks, Briefcase, Chats and their like are other modules' folders.
 */
export function isMailFolder(f: MailFolder): boolean {
  if (isDefaultFolder(f.id)) return true;
  return f.id >= FIRST_USER_ITEM_ID && (f.view === 'message' || f.view === 'conversation' || f.view === '');
}

/** Expresso's order: the default folders as the seed lists them, then the others by path. */
export function expressoOrder(a: MailFolder, b: MailFolder): number {
  const ra = SYSTEM_MAIL_FOLDERS.findIndex((f) => f.id === a.id);
  const rb = SYSTEM_MAIL_FOLDERS.findIndex((f) => f.id === b.id);
  if (ra !== rb) return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb);
  return a.path.localeCompare(b.path);
}
