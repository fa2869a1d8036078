import { MailFolder, MailTag } from '@gw/contracts';
import { SoapElement, SoapFault, attr, el } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { handler } from '../directory-elements';

export const MAIL_NS = 'urn:zimbraMail';

export const mailHandler = (name: string, handle: (request: SoapElement, ctx: SoapCallContext) => Promise<SoapElement>) =>
  handler('user', MAIL_NS, name, 'user', handle);

/** `id="1,2,3"` lists of item ids. */
export function idList(raw: string | undefined, what = 'id'): number[] {
  const ids = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!ids.length || ids.some((n) => !Number.isInteger(n) || n === 0)) throw SoapFault.invalidRequest(`invalid ${what} list: ${raw ?? ''}`);
  return ids;
}

export function optionalInt(e: SoapElement, name: string): number | undefined {
  const v = attr(e, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw SoapFault.invalidRequest(`invalid value for ${name}: ${v}`);
  return n;
}

/** Zimbra's folder element: counts only when non-zero, as ToXML.encodeFolder does. */
export function folderElement(f: MailFolder, children: SoapElement[] = []): SoapElement {
  const root = f.id === 1;
  return el(
    'folder',
    {
      id: String(f.id),
      name: root ? 'USER_ROOT' : f.name,
      l: String(root ? 11 : f.parentId),
      view: f.view || undefined,
      f: f.flags || undefined,
      color: f.color,
      rgb: f.rgb,
      u: f.unread > 0 ? f.unread : undefined,
      n: f.count > 0 ? f.count : undefined,
      s: f.size > 0 ? f.size : undefined,
      ms: Number(f.ms),
      rev: Number(f.ms),
      absFolderPath: f.path,
    },
    children,
  );
}

/** The folder tree under `rootId`, nested. */
export function folderTree(folders: MailFolder[], rootId: number): SoapElement {
  const byParent = new Map<number, MailFolder[]>();
  for (const f of folders) if (f.id !== f.parentId && f.id !== 1) (byParent.get(f.parentId) ?? byParent.set(f.parentId, []).get(f.parentId)!).push(f);
  const build = (f: MailFolder, depth: number): SoapElement =>
    folderElement(f, depth > 64 ? [] : (byParent.get(f.id) ?? []).sort((a, b) => a.id - b.id).map((c) => build(c, depth + 1)));
  return build(folders.find((f) => f.id === rootId)!, 0);
}

export function tagElement(t: MailTag): SoapElement {
  return el('tag', { id: String(t.id), name: t.name, color: t.color, rgb: t.rgb, u: t.unread > 0 ? t.unread : undefined, n: t.count > 0 ? t.count : undefined, ms: Number(t.ms) });
}
