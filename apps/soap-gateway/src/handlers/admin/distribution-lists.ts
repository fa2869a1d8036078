import { commandSubject, DirectoryEntry, querySubject } from '@gw/contracts';
import { SoapFault, attrInt, childrenNamed, requireAttr, text, textEl } from '@gw/soap';
import { adminHandler, entryElement, flag, response, selectorFrom } from '../directory-elements';
import { entityWriteHandlers } from './entity-handlers';

const members = (request: Parameters<typeof childrenNamed>[0]) => {
  const list = childrenNamed(request, 'dlm').map((m) => text(m).trim()).filter(Boolean);
  if (!list.length) throw SoapFault.invalidRequest('missing required element: dlm');
  return list;
};

export const distributionListHandlers = [
  ...entityWriteHandlers('DistributionList', 'dl', ['Create', 'Modify', 'Rename', 'Delete']),
  adminHandler('GetDistributionListRequest', async (request, ctx) => {
    const found = await ctx.call<{ dl: DirectoryEntry; total: number; more: boolean }>(querySubject('mailbox', 'GetDistributionList'), {
      dl: selectorFrom(request, 'dl'),
      limit: attrInt(request, 'limit', 0),
      offset: attrInt(request, 'offset', 0),
      sortAscending: flag(request, 'sortAscending', true),
    });
    const dlm = (found.dl.members ?? []).map((m) => textEl('dlm', m));
    return response(request, [entryElement('dl', found.dl, dlm)], { more: found.more, total: found.total });
  }),
  adminHandler('GetAllDistributionListsRequest', async (request, ctx) => {
    const lists = await ctx.call<DirectoryEntry[]>(querySubject('mailbox', 'GetAllDistributionLists'), { domain: selectorFrom(request, 'domain', false) });
    return response(request, lists.map((dl) => entryElement('dl', dl)));
  }),
  adminHandler('AddDistributionListMemberRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'AddDistributionListMember'), { id: requireAttr(request, 'id'), members: members(request) });
    return response(request);
  }),
  adminHandler('RemoveDistributionListMemberRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'RemoveDistributionListMember'), { id: requireAttr(request, 'id'), members: members(request) });
    return response(request);
  }),
  adminHandler('AddDistributionListAliasRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'AddDistributionListAlias'), { id: requireAttr(request, 'id'), alias: requireAttr(request, 'alias') });
    return response(request);
  }),
  adminHandler('RemoveDistributionListAliasRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'RemoveDistributionListAlias'), { id: requireAttr(request, 'id'), alias: requireAttr(request, 'alias') });
    return response(request);
  }),
];
