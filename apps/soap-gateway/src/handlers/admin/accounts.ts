import { commandSubject, DirectoryEntry, querySubject } from '@gw/contracts';
import { requireAttr } from '@gw/soap';
import { adminHandler, attrList, entryElement, flag, response, selectorFrom } from '../directory-elements';
import { entityWriteHandlers } from './entity-handlers';

export const accountHandlers = [
  ...entityWriteHandlers('Account', 'account', ['Create', 'Modify', 'Rename', 'Delete']),
  adminHandler('GetAccountRequest', async (request, ctx) => {
    const account = await ctx.call<DirectoryEntry>(querySubject('mailbox', 'GetAccount'), {
      account: selectorFrom(request, 'account'),
      applyCos: flag(request, 'applyCos', true),
      attrs: attrList(request),
    });
    return response(request, [entryElement('account', account)]);
  }),
  adminHandler('GetAllAccountsRequest', async (request, ctx) => {
    const accounts = await ctx.call<DirectoryEntry[]>(querySubject('mailbox', 'GetAllAccounts'), { domain: selectorFrom(request, 'domain', false) });
    return response(request, accounts.map((a) => entryElement('account', a)));
  }),
  adminHandler('GetAllAdminAccountsRequest', async (request, ctx) => {
    const admins = await ctx.call<DirectoryEntry[]>(querySubject('mailbox', 'GetAllAdminAccounts'), { applyCos: flag(request, 'applyCos', true) });
    return response(request, admins.map((a) => entryElement('account', a)));
  }),
  adminHandler('SetPasswordRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'SetPassword'), { id: requireAttr(request, 'id'), newPassword: requireAttr(request, 'newPassword') });
    return response(request);
  }),
  adminHandler('AddAccountAliasRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'AddAccountAlias'), { id: requireAttr(request, 'id'), alias: requireAttr(request, 'alias') });
    return response(request);
  }),
  adminHandler('RemoveAccountAliasRequest', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'RemoveAccountAlias'), { id: requireAttr(request, 'id'), alias: requireAttr(request, 'alias') });
    return response(request);
  }),
];
