import { createHash } from 'node:crypto';
import { AccountInfo, Attrs, MailFolder, querySubject } from '@gw/contracts';
import { PhpObject, phpObject } from '@gw/soap-encoded';
import { deviceHierarchy } from '../provisioning/folder-hierarchy';
import { syncFolder } from './device-details';
import { method, TargetAccount, WebserviceCall, WebserviceFault, WebserviceService } from './webservice-access';

/**
 * `Cmd=WebserviceInfo`: what a user's store holds (folders, signatures, size) and the version.
 * As in Z-Push, asking about a store one has no rights on is not an error: the answer is empty
 * (an empty list, or null for the object-valued methods).
 */

/**
 * The Z-Push API level we answer for: GetUserInfo came with 2.5.0, so clients that check the
 * version (the Kopano MDM plugin) offer every method implemented here.
 */
export const ZPUSH_COMPATIBLE_VERSION = '2.5.0';

/** The target account, or `undefined` when the caller has no rights on it. */
async function permittedTarget(call: WebserviceCall): Promise<TargetAccount | undefined> {
  try {
    return await call.targetAccount();
  } catch (err) {
    if (err instanceof WebserviceFault && err.denied) return undefined;
    throw err;
  }
}

async function foldersOf(call: WebserviceCall, target: TargetAccount): Promise<MailFolder[]> {
  const { folders } = await call.call<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {}, target.actingAs);
  return folders;
}

/**
 * The hierarchy a phone gets (the same folders, ids and types as FolderSync sends, so that the
 * ids work for ResyncFolder), as SyncFolder objects.
 */
export function userFolders(folders: MailFolder[]): PhpObject[] {
  return deviceHierarchy(folders).map((f) => syncFolder(f.id, f.parentId, f.name, f.type));
}

const first = (attrs: Attrs, name: string) => attrs[name]?.[0];

/** PHP's json_encode (default flags): `/` and non-ASCII escaped. */
function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * Z-Push's KoeSignatures for the account's mail signature (zimbraPrefMailSignatureHTML, else
 * zimbraPrefMailSignature): `all` maps signature id → {id, name, content, isHTML};
 * `new_message` and `replyforward_message` name the signature used for each (null: none);
 * `hash` changes whenever any of it does.
 */
export function koeSignatures(prefs: Attrs): PhpObject {
  const html = first(prefs, 'zimbraPrefMailSignatureHTML');
  const text = first(prefs, 'zimbraPrefMailSignature');
  const all = new Map<string, PhpObject>();
  let newMessage: string | null = null;
  let replyForward: string | null = null;
  const content = html ?? text;
  if (content) {
    const defaultId = first(prefs, 'zimbraPrefDefaultSignatureId');
    const id = defaultId ?? 'default';
    all.set(id, phpObject({ id, name: first(prefs, 'zimbraPrefMailSignatureName') ?? 'Default', content, isHTML: html !== undefined }));
    const enabled = defaultId !== undefined || first(prefs, 'zimbraPrefMailSignatureEnabled')?.toUpperCase() === 'TRUE';
    if (enabled) newMessage = id;
    const replyId = first(prefs, 'zimbraPrefForwardReplySignatureId');
    if (replyId === id || (replyId === undefined && enabled)) replyForward = id;
  }
  const allJson = all.size ? phpJson(Object.fromEntries([...all].map(([k, s]) => [k, { ...s }]))) : '[]';
  const hash = createHash('sha1')
    .update(allJson + (newMessage ?? '') + (replyForward ?? ''))
    .digest('hex');
  return phpObject({ all, new_message: newMessage, replyforward_message: replyForward, hash });
}

async function storeInfo(call: WebserviceCall, target: TargetAccount) {
  const [info, folders] = await Promise.all([
    call.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {}, target.actingAs),
    foldersOf(call, target),
  ]);
  return {
    foldercount: userFolders(folders).length,
    storesize: folders.reduce((sum, f) => sum + (f.size ?? 0), 0),
    fullname: first(info.attrs, 'displayName') ?? null,
    emailaddress: info.name,
  };
}

export const webserviceInfo: WebserviceService = {
  className: 'WebserviceInfo',
  methods: [
    /** The user's folders as SyncFolder objects (serverid, parentid, displayname, type). */
    method('ListUserFolders', [], 0, async (call) => {
      const target = await permittedTarget(call);
      return target ? userFolders(await foldersOf(call, target)) : [];
    }),

    method('About', [], 0, async () => ZPUSH_COMPATIBLE_VERSION),

    method('GetSignatures', [], 0, async (call) => {
      const target = await permittedTarget(call);
      if (!target) return null;
      const info = await call.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {}, target.actingAs);
      return koeSignatures(info.prefs);
    }),

    /** The seed's GetUserInfo: an array of foldercnt, storesize (bytes), fullname, emailaddress. */
    method('GetUserInfo', [], 0, async (call) => {
      const target = await permittedTarget(call);
      if (!target) return [];
      const s = await storeInfo(call, target);
      return new Map<string, unknown>([
        ['foldercnt', s.foldercount],
        ['storesize', s.storesize],
        ['fullname', s.fullname],
        ['emailaddress', s.emailaddress],
      ]);
    }),

    /** Its later name in Z-Push, answering a UserStoreInfo object. */
    method('GetUserStoreInfo', [], 0, async (call) => {
      const target = await permittedTarget(call);
      return target ? phpObject(await storeInfo(call, target)) : null;
    }),
  ],
};
