import { FolderTerm, QueryNode } from './query-ast';

export interface FolderRef {
  id: number;
  path: string;
}

/** Zimbra's fixed ids of the system folders (Mailbox.ID_FOLDER_*). */
export const SYSTEM_FOLDER_IDS = { inbox: 2, trash: 3, junk: 4, sent: 5, drafts: 6, contacts: 7 } as const;

/**
 * The folders an in:/under: term names, or null when there is no such folder. Paths compare
 * case-insensitively with the leading slash optional (in:inbox, in:"/Inbox", in:Inbox/Sub).
 * A bare system name (inbox, trash, junk, sent, drafts, contacts) means the system folder by
 * id first, like Zimbra's QueryParser, so it holds even if the folder's name is localised.
 * under: adds every folder whose path lies below; under:/ is therefore every folder.
 */
export function resolveFolders(term: FolderTerm, folders: readonly FolderRef[]): number[] | null {
  const base = 'id' in term ? folders.find((f) => f.id === term.id) : findByPath(term.path, folders);
  if (!base) return null;
  if (!term.subfolders) return [base.id];
  const prefix = normalisePath(base.path);
  const below = folders.filter((f) => f.id !== base.id && (prefix === '' || normalisePath(f.path).startsWith(`${prefix}/`)));
  return [base.id, ...below.map((f) => f.id)];
}

function findByPath(path: string, folders: readonly FolderRef[]): FolderRef | undefined {
  const wanted = normalisePath(path);
  const systemId = SYSTEM_FOLDER_IDS[wanted as keyof typeof SYSTEM_FOLDER_IDS];
  return (systemId !== undefined ? folders.find((f) => f.id === systemId) : undefined) ?? folders.find((f) => normalisePath(f.path) === wanted);
}

const normalisePath = (path: string) => path.trim().replace(/^\/+/, '').replace(/\/+$/, '').toLowerCase();

/** True when the query names a folder (in:, under:, inid:, underid:) or is:anywhere, not negated. */
export function mentionsFolders(node: QueryNode): boolean {
  let found = false;
  visitPositive(node, (leaf) => {
    if (leaf.kind === 'folder' || leaf.kind === 'anywhere') found = true;
  });
  return found;
}

/**
 * The folders a search leaves out unless the query asks for them: Trash and Junk. Zimbra
 * (ZimbraQuery.compile) keeps Trash in when some not-negated in:/under: names the Trash folder,
 * Junk likewise, and both when is:anywhere is asked; the caller adds
 * `m.folder_id <> ALL($n)` with what this returns. Zimbra adds the exclusion per OR-branch
 * that names no folder; applying it to the whole query differs only when one branch says
 * is:anywhere and another says nothing about folders, where we keep Trash/Junk for both.
 * Unknown folders are ignored here; compileQuery reports them.
 */
export function defaultExcludedFolderIds(node: QueryNode, folders: readonly FolderRef[]): number[] {
  let anywhere = false;
  const named = new Set<number>();
  visitPositive(node, (leaf) => {
    if (leaf.kind === 'anywhere') anywhere = true;
    if (leaf.kind === 'folder') for (const id of resolveFolders(leaf, folders) ?? []) named.add(id);
  });
  if (anywhere) return [];
  return [SYSTEM_FOLDER_IDS.trash, SYSTEM_FOLDER_IDS.junk].filter((id) => !named.has(id));
}

/** True when the query, as written, lets Trash or Junk messages through (see above). */
export function includesTrashOrJunk(node: QueryNode, folders: readonly FolderRef[]): boolean {
  return defaultExcludedFolderIds(node, folders).length < 2;
}

/** Calls `visit` on every leaf under an even number of NOTs (Zimbra pushes NOTs to the leaves). */
function visitPositive(node: QueryNode, visit: (leaf: QueryNode) => void, positive = true): void {
  if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) visitPositive(c, visit, positive);
  else if (node.kind === 'not') visitPositive(node.child, visit, !positive);
  else if (positive) visit(node);
}
