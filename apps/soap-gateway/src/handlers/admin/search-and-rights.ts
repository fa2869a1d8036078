import { AliasEntry, commandSubject, DirectoryEntry, querySubject, SearchDirectoryResult } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrInt, el, requireChild, text } from '@gw/soap';
import { adminHandler, attrList, entryElement, flag, response } from '../directory-elements';

const TYPES = ['accounts', 'distributionlists', 'aliases', 'resources', 'domains', 'coses'];
const TAGS: Record<string, string> = { account: 'account', dl: 'dl', domain: 'domain', cos: 'cos' };

function resultElement(entry: DirectoryEntry | AliasEntry): SoapElement {
  if (entry.type === 'alias') {
    return el('alias', { name: entry.name, id: entry.id, targetName: entry.targetName, type: entry.targetType });
  }
  return entryElement(TAGS[entry.type], entry);
}

/** `<target type by>value</target>` or `<grantee type by>value</grantee>`. */
function side(request: SoapElement, name: string) {
  const e = requireChild(request, name);
  const type = attr(e, 'type');
  if (!type) throw SoapFault.invalidRequest(`missing required attribute: ${name} type`);
  const by = attr(e, 'by');
  if (by !== undefined && by !== 'id' && by !== 'name') throw SoapFault.invalidRequest(`invalid ${name} by: ${by}`);
  const value = text(e).trim();
  return { type, ...(by ? { by } : {}), ...(value ? { value } : {}) };
}

export const searchAndRightsHandlers = [
  adminHandler('SearchDirectoryRequest', async (request, ctx) => {
    const types = (attr(request, 'types') ?? 'accounts').split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.find((t) => !TYPES.includes(t));
    if (unknown) throw SoapFault.invalidRequest(`unknown type: ${unknown}`);
    const found = await ctx.call<SearchDirectoryResult>(querySubject('mailbox', 'SearchDirectory'), {
      query: attr(request, 'query') ?? '',
      limit: attrInt(request, 'limit', 0),
      offset: attrInt(request, 'offset', 0),
      maxResults: attrInt(request, 'maxResults', 0),
      domain: attr(request, 'domain') || undefined,
      applyCos: flag(request, 'applyCos', true),
      attrs: attrList(request),
      sortBy: attr(request, 'sortBy') || undefined,
      sortAscending: flag(request, 'sortAscending', true),
      types,
    });
    return response(request, found.entries.map(resultElement), { more: found.more, searchTotal: found.total });
  }),
  adminHandler('GrantRightRequest', async (request, ctx) => {
    const right = requireChild(request, 'right');
    await ctx.call(commandSubject('mailbox', 'GrantRight'), {
      target: side(request, 'target'),
      grantee: side(request, 'grantee'),
      right: text(right).trim(),
      deny: flag(right, 'deny', false),
      canDelegate: flag(right, 'canDelegate', false),
    });
    return response(request);
  }),
];
