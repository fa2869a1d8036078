import { DirectoryEntry, querySubject } from '@gw/contracts';
import { adminHandler, attrList, entryElement, response, selectorFrom } from '../directory-elements';
import { entityWriteHandlers } from './entity-handlers';

export const domainHandlers = [
  ...entityWriteHandlers('Domain', 'domain', ['Create', 'Modify', 'Delete']),
  adminHandler('GetDomainRequest', async (request, ctx) => {
    const domain = await ctx.call<DirectoryEntry>(querySubject('mailbox', 'GetDomain'), { domain: selectorFrom(request, 'domain'), attrs: attrList(request) });
    return response(request, [entryElement('domain', domain)]);
  }),
  adminHandler('GetAllDomainsRequest', async (request, ctx) => {
    const domains = await ctx.call<DirectoryEntry[]>(querySubject('mailbox', 'GetAllDomains'), {});
    return response(request, domains.map((d) => entryElement('domain', d)));
  }),
];

export const cosHandlers = [
  ...entityWriteHandlers('Cos', 'cos', ['Create', 'Modify', 'Rename', 'Delete']),
  adminHandler('GetCosRequest', async (request, ctx) => {
    const cos = await ctx.call<DirectoryEntry>(querySubject('mailbox', 'GetCos'), { cos: selectorFrom(request, 'cos'), attrs: attrList(request) });
    return response(request, [entryElement('cos', cos)]);
  }),
  adminHandler('GetAllCosRequest', async (request, ctx) => {
    const coses = await ctx.call<DirectoryEntry[]>(querySubject('mailbox', 'GetAllCos'), {});
    return response(request, coses.map((c) => entryElement('cos', c)));
  }),
];
