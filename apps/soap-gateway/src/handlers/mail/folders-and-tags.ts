import { commandSubject, MailFolder, MailTag, querySubject } from '@gw/contracts';
import { SoapFault, attr, child, el, requireChild } from '@gw/soap';
import { response } from '../directory-elements';
import { flag } from '../directory-elements';
import { folderElement, folderTree, idList, mailHandler, optionalInt, tagElement } from './mail-elements';

export const folderAndTagHandlers = [
  mailHandler('GetFolderRequest', async (request, ctx) => {
    const folder = child(request, 'folder');
    const rootId = folder ? optionalInt(folder, 'l') : undefined;
    const rootPath = folder ? attr(folder, 'path') : undefined;
    const found = await ctx.call<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {
      ...(rootId !== undefined ? { rootId } : {}),
      ...(rootPath !== undefined ? { rootPath } : {}),
      visible: flag(request, 'visible', false),
    });
    return response(request, [folderTree(found.folders, found.rootId)]);
  }),
  mailHandler('CreateFolderRequest', async (request, ctx) => {
    const f = requireChild(request, 'folder');
    const name = attr(f, 'name');
    if (!name) throw SoapFault.invalidRequest('missing required attribute: name');
    let parentId = optionalInt(f, 'l');
    let leaf = name;
    if (parentId === undefined) {
      // Without l, name is the full path of the new folder; its parent must exist.
      const parts = name.split('/').filter(Boolean);
      leaf = parts.pop() ?? '';
      const tree = await ctx.call<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {});
      const parentPath = `/${parts.join('/')}`.toLowerCase();
      const parent = tree.folders.find((x) => x.path.toLowerCase() === parentPath);
      if (!parent) throw new SoapFault('mail.NO_SUCH_FOLDER', `no such folder path: ${parentPath}`);
      parentId = parent.id;
    }
    const created = await ctx.call<MailFolder>(commandSubject('mailbox', 'CreateFolder'), {
      name: leaf,
      parentId,
      view: attr(f, 'view'),
      color: optionalInt(f, 'color'),
      rgb: attr(f, 'rgb'),
      fetchIfExists: flag(f, 'fie', false),
    });
    return response(request, [folderElement(created)]);
  }),
  mailHandler('FolderActionRequest', async (request, ctx) => {
    const action = requireChild(request, 'action');
    const op = attr(action, 'op') ?? '';
    if (!['read', 'delete', 'rename', 'move', 'empty', 'trash', 'color', 'update'].includes(op)) throw SoapFault.invalidRequest(`unknown operation: ${op}`);
    const ids = idList(attr(action, 'id'));
    await ctx.call(commandSubject('mailbox', 'FolderAction'), {
      op,
      ids,
      name: attr(action, 'name'),
      parentId: optionalInt(action, 'l'),
      color: optionalInt(action, 'color'),
      rgb: attr(action, 'rgb'),
      flags: attr(action, 'f'),
      recursive: flag(action, 'recursive', true),
    });
    return response(request, [el('action', { id: ids.join(','), op })]);
  }),
  mailHandler('GetTagRequest', async (request, ctx) => {
    const tags = await ctx.call<MailTag[]>(querySubject('mailbox', 'GetTags'), {});
    return response(request, tags.map(tagElement));
  }),
  mailHandler('CreateTagRequest', async (request, ctx) => {
    const t = requireChild(request, 'tag');
    const tag = await ctx.call<MailTag>(commandSubject('mailbox', 'CreateTag'), { name: attr(t, 'name') ?? '', color: optionalInt(t, 'color'), rgb: attr(t, 'rgb') });
    return response(request, [tagElement(tag)]);
  }),
  mailHandler('TagActionRequest', async (request, ctx) => {
    const action = requireChild(request, 'action');
    const op = attr(action, 'op') ?? '';
    if (!['read', 'rename', 'color', 'delete', 'update'].includes(op)) throw SoapFault.invalidRequest(`unknown operation: ${op}`);
    const ids = idList(attr(action, 'id'));
    await ctx.call(commandSubject('mailbox', 'TagAction'), { op, ids, name: attr(action, 'name'), color: optionalInt(action, 'color'), rgb: attr(action, 'rgb') });
    return response(request, [el('action', { id: ids.join(','), op })]);
  }),
];
