import { commandSubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, el, requireChild } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { response } from '../directory-elements';
import { idList, mailHandler, optionalInt } from './mail-elements';

const OPS = ['read', '!read', 'flag', '!flag', 'tag', '!tag', 'move', 'trash', 'delete', 'spam', '!spam', 'update'];

/** MsgAction, ConvAction and ItemAction share one `<action id op ...>` shape. */
function actionHandler(name: string, kind: 'message' | 'conversation' | 'item') {
  return mailHandler(name, async (request: SoapElement, ctx: SoapCallContext) => {
    const action = requireChild(request, 'action');
    const op = attr(action, 'op') ?? '';
    if (!OPS.includes(op)) throw SoapFault.invalidRequest(`unknown operation: ${op}`);
    const ids = idList(attr(action, 'id'));
    const t = attr(action, 't');
    const tn = attr(action, 'tn');
    await ctx.call(commandSubject('mailbox', 'ItemAction'), {
      kind,
      op,
      ids,
      folderId: optionalInt(action, 'l'),
      tagId: optionalInt(action, 'tag'),
      tagName: tn && !op.endsWith('update') ? tn : undefined,
      flags: attr(action, 'f'),
      ...(op === 'update' && t !== undefined ? { tagIds: t ? idList(t, 'tag') : [] } : {}),
      ...(op === 'update' && tn !== undefined ? { tagNames: tn ? tn.split(',') : [] } : {}),
    });
    return response(request, [el('action', { id: ids.join(','), op })]);
  });
}

export const itemActionHandlers = [
  actionHandler('MsgActionRequest', 'message'),
  actionHandler('ConvActionRequest', 'conversation'),
  actionHandler('ItemActionRequest', 'item'),
];
