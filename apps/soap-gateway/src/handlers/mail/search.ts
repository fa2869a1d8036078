import { ConversationInfo, MailFolder, MailTag, MessageSummary, querySubject, SearchResult } from '@gw/contracts';
import { SoapFault, attr, attrInt, child, el, text, textEl, attrEl } from '@gw/soap';
import { response } from '../directory-elements';
import { folderElement, idList, mailHandler, tagElement } from './mail-elements';
import { conversationElement, messageSummaryElement } from './message-elements';

const FETCH: Record<string, string> = { '1': 'first', first: 'first', u: 'unread', unread: 'unread', all: 'all', '0': 'none', none: 'none' };

export const searchHandlers = [
  mailHandler('SearchRequest', async (request, ctx) => {
    const types = (attr(request, 'types') ?? 'conversation').split(',').map((t) => t.trim());
    const type = types.includes('message') && !types.includes('conversation') ? 'message' : types.includes('conversation') ? 'conversation' : undefined;
    if (!type) throw SoapFault.invalidRequest(`unsupported types: ${types.join(',')}`);
    const queryEl = child(request, 'query');
    const sortBy = attr(request, 'sortBy') ?? 'dateDesc';
    const offset = attrInt(request, 'offset', 0);
    const result = await ctx.call<SearchResult>(querySubject('mailbox', 'Search'), {
      query: queryEl ? text(queryEl) : (attr(request, 'query') ?? ''),
      types: type,
      sortBy,
      limit: Math.min(Math.max(attrInt(request, 'limit', 100), 1), 1000),
      offset,
      fetch: FETCH[attr(request, 'fetch') ?? 'none'] ?? 'none',
    });
    const hits = type === 'message' ? (result.messages ?? []).map((m) => messageSummaryElement(m)) : (result.conversations ?? []).map(conversationElement);
    return response(request, hits, { sortBy, offset, more: result.more });
  }),
  mailHandler('GetConvRequest', async (request, ctx) => {
    const c = child(request, 'c');
    const id = Number(c ? attr(c, 'id') : NaN);
    if (!Number.isInteger(id)) throw SoapFault.invalidRequest('missing required attribute: c id');
    const conv = await ctx.call<ConversationInfo>(querySubject('mailbox', 'GetConversation'), { id });
    const attrs = { id: String(conv.id), n: conv.count, u: conv.unread > 0 ? conv.unread : undefined, f: conv.flags || undefined, t: conv.tagIds.join(',') || undefined };
    return response(request, [el('c', attrs, [attrEl('su', conv.subject), ...conv.messages.map((m) => messageSummaryElement(m))])]);
  }),
  mailHandler('GetItemRequest', async (request, ctx) => {
    const item = child(request, 'item');
    const id = item ? attr(item, 'id') : undefined;
    const l = item ? attr(item, 'l') : undefined;
    const found = await ctx.call<{ kind: 'folder' | 'tag' | 'message'; folder?: MailFolder; tag?: MailTag; message?: MessageSummary }>(querySubject('mailbox', 'GetItem'), {
      ...(id ? { id: Number(id) } : {}),
      ...(item && attr(item, 'path') !== undefined ? { path: attr(item, 'path') } : {}),
      ...(l ? { folderId: Number(l) } : {}),
    });
    const element = found.kind === 'folder' ? folderElement(found.folder!) : found.kind === 'tag' ? tagElement(found.tag!) : messageSummaryElement(found.message!);
    return response(request, [element]);
  }),
  mailHandler('GetMsgMetadataRequest', async (request, ctx) => {
    const m = child(request, 'm');
    const ids = idList(m ? attr(m, 'ids') : undefined);
    const found = await ctx.call<MessageSummary[]>(querySubject('mailbox', 'GetMessagesMetadata'), { ids });
    return response(request, found.map((x) => messageSummaryElement(x)));
  }),
];
