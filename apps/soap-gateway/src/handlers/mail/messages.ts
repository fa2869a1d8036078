import { commandSubject, MailFolder, MessageDetail, MessageSummary, MimePartInfo, querySubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, child, childrenNamed, el, requireChild, text, textEl, attrEl } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { flag, response } from '../directory-elements';
import { idList, mailHandler } from './mail-elements';
import { addressElement, messageSummaryElement } from './message-elements';

/** `l` is a folder id, or a path starting with '/' (AddMsg allows both). */
async function folderIdOf(value: string | undefined, ctx: SoapCallContext): Promise<number> {
  if (!value) throw SoapFault.invalidRequest('missing required attribute: l');
  if (/^\d+$/.test(value)) return Number(value);
  const tree = await ctx.call<{ folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {});
  const wanted = `/${value.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
  const found = tree.folders.find((f) => f.path.toLowerCase() === wanted);
  if (!found) throw new SoapFault('mail.NO_SUCH_FOLDER', `no such folder path: ${value}`);
  return found.id;
}

/** `<mp part ct s [body] [cd] [filename] [ci]>` with the body's `<content>` inlined. */
export function partElement(p: MimePartInfo, max: number): SoapElement {
  const children: SoapElement[] = [];
  // Zimbra adds the content with the CONTENT disposition: an element in XML, a key in JSON.
  if (p.content !== undefined) children.push(attrEl('content', max > 0 ? p.content.slice(0, max) : p.content));
  for (const c of p.children ?? []) children.push(partElement(c, max));
  const truncated = max > 0 && p.content !== undefined && p.content.length > max;
  return el('mp', { part: p.part, ct: p.contentType, s: p.size, body: p.isBody ? true : undefined, truncated: truncated ? true : undefined, cd: p.disposition, filename: p.filename, ci: p.contentId }, children);
}

export const messageHandlers = [
  mailHandler('AddMsgRequest', async (request, ctx) => {
    const m = requireChild(request, 'm');
    const content = child(m, 'content');
    if (!content || !text(content)) throw SoapFault.invalidRequest('missing required element: content');
    const blob = await ctx.storeContent(Buffer.from(text(content), 'utf8'));
    const d = attr(m, 'd');
    const t = attr(m, 't');
    const tn = attr(m, 'tn');
    const added = await ctx.call<MessageSummary>(commandSubject('mailbox', 'AddMessage'), {
      blob,
      folderId: await folderIdOf(attr(m, 'l'), ctx),
      flags: attr(m, 'f') ?? '',
      tagIds: t ? idList(t, 'tag') : [],
      tagNames: tn ? tn.split(',').map((s) => s.trim()).filter(Boolean) : [],
      ...(d && /^\d+$/.test(d) ? { date: Number(d) } : {}),
    });
    return response(request, [
      el('m', { id: String(added.id), f: added.flags || undefined, t: added.tagIds.join(',') || undefined, s: added.size, d: added.date, l: String(added.folderId), cid: String(added.convId), rev: Number(added.rev), ms: Number(added.ms) }),
    ]);
  }),
  mailHandler('GetMsgRequest', async (request, ctx) => {
    const m = requireChild(request, 'm');
    const id = Number(attr(m, 'id'));
    if (!Number.isInteger(id) || id <= 0) throw SoapFault.invalidRequest(`invalid message id: ${attr(m, 'id') ?? ''}`);
    const part = attr(m, 'part');
    const headers = childrenNamed(m, 'header').map((h) => String(h.attrs.n ?? '')).filter(Boolean);
    const found = await ctx.call<MessageDetail & { part?: { part: string; contentType: string; filename?: string; content: string } }>(querySubject('mailbox', 'GetMessage'), {
      id,
      markRead: flag(m, 'read', false),
      html: flag(m, 'html', false),
      headers,
      ...(part ? { part } : {}),
    });
    const max = Number(attr(m, 'max') ?? 0) || 0;
    const children: SoapElement[] = [...found.addresses.map(addressElement), attrEl('su', found.subject), attrEl('fr', found.fragment)];
    if (found.inReplyTo) children.push(attrEl('irt', found.inReplyTo));
    if (found.messageIdHeader) children.push(attrEl('mid', found.messageIdHeader));
    for (const h of found.headers ?? []) children.push(textEl('header', h.value, { n: h.name }));
    if (found.mimeParts) children.push(partElement(found.mimeParts, max));
    if (found.part) children.push(el('mp', { part: found.part.part, ct: found.part.contentType, filename: found.part.filename }, [textEl('content', found.part.content, { encoding: 'base64' })]));
    return response(request, [
      el(
        'm',
        {
          id: String(found.id),
          f: found.flags || undefined,
          t: found.tagIds.join(',') || undefined,
          s: found.size,
          d: found.date,
          sd: found.sentDate,
          l: String(found.folderId),
          cid: String(found.convId),
          rev: Number(found.rev),
          ms: Number(found.ms),
        },
        children,
      ),
    ]);
  }),
];

export { messageSummaryElement };
