import { ConversationInfo, MailFolder, MailTag, MessageDetail, MessageSummary, querySubject, SearchResult } from '@gw/contracts';
import { SoapCallContext } from '../../soap/soap-handler';
import { partElement } from './messages';
import { SoapElement, SoapFault, attr, attrEl, attrInt, child, el, text, textEl } from '@gw/soap';
import { flag, response } from '../directory-elements';
import { folderElement, idList, mailHandler, tagElement } from './mail-elements';
import { conversationElement, messageSummaryElement } from './message-elements';

/** Zimbra's fetch: 1 (first hit), u (unread hits), all, or a message id. */
function shouldExpand(fetch: string | undefined, m: MessageSummary, index: number): boolean {
  if (!fetch || fetch === '0' || fetch === 'none') return false;
  if (fetch === '1' || fetch === 'first') return index === 0;
  if (fetch === 'u' || fetch === 'unread') return m.flags.includes('u');
  if (fetch === 'all') return true;
  return fetch.split(',').includes(String(m.id));
}

/** A hit with its body inlined, as GetMsg would return it. */
async function expandedHit(ctx: SoapCallContext, m: MessageSummary, html: boolean): Promise<SoapElement> {
  const full = await ctx.call<MessageDetail>(querySubject('mailbox', 'GetMessage'), { id: m.id, html });
  return messageSummaryElement(m, full.mimeParts ? [partElement(full.mimeParts, 0)] : []);
}

function searchParams(request: SoapElement) {
  const queryEl = child(request, 'query');
  return {
    query: queryEl ? text(queryEl) : (attr(request, 'query') ?? ''),
    sortBy: attr(request, 'sortBy') ?? 'dateDesc',
    limit: Math.min(Math.max(attrInt(request, 'limit', 100), 1), 1000),
    offset: attrInt(request, 'offset', 0),
  };
}

async function messageHits(ctx: SoapCallContext, request: SoapElement, messages: MessageSummary[]): Promise<SoapElement[]> {
  const fetch = attr(request, 'fetch');
  const html = flag(request, 'html', false);
  return Promise.all(messages.map((m, i) => (shouldExpand(fetch, m, i) ? expandedHit(ctx, m, html) : messageSummaryElement(m))));
}

export const searchHandlers = [
  mailHandler('SearchRequest', async (request, ctx) => {
    const types = (attr(request, 'types') ?? 'conversation').split(',').map((t) => t.trim());
    const type = types.includes('message') && !types.includes('conversation') ? 'message' : types.includes('conversation') ? 'conversation' : undefined;
    if (!type) throw SoapFault.invalidRequest(`unsupported types: ${types.join(',')}`);
    const p = searchParams(request);
    const result = await ctx.call<SearchResult>(querySubject('mailbox', 'Search'), { ...p, types: type });
    const hits = type === 'message' ? await messageHits(ctx, request, result.messages ?? []) : (result.conversations ?? []).map(conversationElement);
    return response(request, hits, { sortBy: p.sortBy, offset: p.offset, more: result.more });
  }),
  /** The messages of one conversation that match the query. */
  mailHandler('SearchConvRequest', async (request, ctx) => {
    const cid = Number(attr(request, 'cid'));
    if (!Number.isInteger(cid) || cid === 0) throw SoapFault.invalidRequest(`invalid conversation id: ${attr(request, 'cid') ?? ''}`);
    const p = searchParams(request);
    const result = await ctx.call<SearchResult>(querySubject('mailbox', 'Search'), { ...p, types: 'message', conversationId: cid });
    return response(request, await messageHits(ctx, request, result.messages ?? []), { sortBy: p.sortBy, offset: p.offset, more: result.more });
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
