import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser';
import { AccountInfo, commandSubject, EmailAddress, MailFolder, MessageDetail, MessageSummary, querySubject, SearchResult, SystemFolder } from '@gw/contracts';
import { FileReply, idList, messageDetailToWire, messageToWire, optionalId, page, positiveInt, resultsPerPage, text, timeZoneOrUtc, utcOffsetSeconds } from '../expresso/codec';
import { ExpressoError } from '../expresso/errors';
import { expressoFolderId, findByExpressoId } from '../expresso/folder-ids';
import { ExpressoContext, resource } from '../expresso/resource';
import { loadFolders, requireFolder } from './mail-folders';

/** The reference server's page size when the client names none (pref max_email_per_page). */
const DEFAULT_PER_PAGE = 50;

/** A search text as one Zimbra phrase, so that nothing in it is read as query syntax. */
const phrase = (s: string) => `"${s.replace(/"/g, '\\"').replace(/\\$/, '\\ ')}"`;

function addressesOf(headers: MessageDetail['headers'], name: string, type: EmailAddress['type']): EmailAddress[] {
  return (headers ?? [])
    .filter((h) => h.name.toLowerCase() === name.toLowerCase())
    .flatMap((h) => addressparser(h.value, { flatten: true }))
    .filter((a) => a.address)
    .map((a) => ({ type, address: a.address, ...(a.name ? { name: a.name } : {}) }));
}

/** Folders and the user's time zone, which every message listing needs. */
async function listingContext(ctx: ExpressoContext) {
  const [folders, info] = await Promise.all([loadFolders(ctx), ctx.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {})]);
  const byId = new Map(folders.map((f) => [f.id, f]));
  return {
    folders,
    folderIdOf: (id: number) => expressoFolderId(byId.get(id)?.path ?? '') ?? '',
    timeZone: timeZoneOrUtc(info.prefs.zimbraPrefTimeZoneId?.[0]),
  };
}

/** A message id is only good with the folder the client says it is in, as in Expresso (IMAP uid + folder). */
function checkFolder(folders: MailFolder[], folderID: string | undefined, messageFolderId: number) {
  if (!folderID) return;
  const folder = findByExpressoId(folders, folderID);
  if (!folder || folder.id !== messageFolderId) throw new ExpressoError('MAIL_MESSAGE_NOT_FOUND', folderID);
}

export const mailMessageResources = [
  /**
   * With msgID, that message with msgBody and msgAttachments (opening it marks it seen, as
   * reading it over IMAP does); otherwise a page of folderID (INBOX by default), newest first,
   * or of a search ("filtro por assunto da mensagem, conteudo") in folderID or in all folders.
   */
  resource('Mail/Messages', 'session', z.object({ folderID: text, msgID: optionalId, search: text, page, resultsPerPage }), async (p, ctx) => {
    const { folders, folderIdOf, timeZone } = await listingContext(ctx);
    if (p.msgID !== undefined) {
      const m = await ctx.call<MessageDetail>(querySubject('mailbox', 'GetMessage'), { id: p.msgID, html: true, headers: ['Reply-To', 'Bcc'] });
      checkFolder(folders, p.folderID, m.folderId);
      if (m.flags.includes('u')) {
        await ctx.call(commandSubject('mailbox', 'ItemAction'), { kind: 'message', op: 'read', ids: [m.id] });
        m.flags = m.flags.replace(/u/g, '');
      }
      const extra = { replyTo: addressesOf(m.headers, 'Reply-To', 'r'), bcc: addressesOf(m.headers, 'Bcc', 'b') };
      return { messages: [messageDetailToWire(m, folderIdOf(m.folderId), timeZone, extra)], timeZone: utcOffsetSeconds(timeZone) };
    }
    const folder = p.folderID || !p.search ? requireFolder(folders, p.folderID || 'INBOX', 'MAIL_INVALID_FOLDER') : undefined;
    const perPage = p.resultsPerPage ?? DEFAULT_PER_PAGE;
    const offset = (p.page - 1) * perPage;
    const found = await ctx.call<SearchResult>(querySubject('mailbox', 'Search'), {
      query: [folder ? `inid:${folder.id}` : '', p.search ? phrase(p.search) : ''].filter(Boolean).join(' '),
      types: 'message',
      sortBy: 'dateDesc',
      limit: perPage,
      offset,
    });
    const messages = (found.messages ?? []).map((m: MessageSummary) => messageToWire(m, folderIdOf(m.folderId), timeZone));
    // A folder's counts are known; a search only says whether more hits follow this page.
    const total = folder && !p.search ? folder.count : offset + messages.length + (found.more ? 1 : 0);
    return {
      messages,
      numMessages: total,
      numPages: Math.max(1, Math.ceil(total / perPage)),
      timeZone: utcOffsetSeconds(timeZone),
      totalUnseen: folder ? folder.unread : 0,
    };
  }),

  /** msgID may list several ids ("12,13"); newFolderID (the seed's name) or toFolderID (later APIs). */
  resource('Mail/MoveMessage', 'session', z.object({ msgID: idList, folderID: text, newFolderID: text, toFolderID: text }), async (p, ctx) => {
    const folders = await loadFolders(ctx);
    const target = requireFolder(folders, p.newFolderID || p.toFolderID, 'MAIL_INVALID_FOLDER');
    if (p.folderID) requireFolder(folders, p.folderID, 'MAIL_INVALID_FOLDER');
    await ctx.call(commandSubject('mailbox', 'ItemAction'), { kind: 'message', op: 'move', ids: p.msgID, folderId: target.id });
    return true;
  }),

  /**
   * Expresso's delete (DelMessageResource): a message goes to the Trash, and one already there
   * is deleted for good.
   */
  resource('Mail/DelMessage', 'session', z.object({ msgID: idList, folderID: text }), async (p, ctx) => {
    if (p.folderID) requireFolder(await loadFolders(ctx), p.folderID, 'MAIL_INVALID_FOLDER');
    const found = await ctx.call<MessageSummary[]>(querySubject('mailbox', 'GetMessagesMetadata'), { ids: p.msgID });
    if (found.length !== p.msgID.length) throw new ExpressoError('MAIL_INVALID_MESSAGE');
    const inTrash = found.filter((m) => m.folderId === SystemFolder.TRASH).map((m) => m.id);
    const elsewhere = found.filter((m) => m.folderId !== SystemFolder.TRASH).map((m) => m.id);
    if (elsewhere.length) await ctx.call(commandSubject('mailbox', 'ItemAction'), { kind: 'message', op: 'trash', ids: elsewhere });
    if (inTrash.length) await ctx.call(commandSubject('mailbox', 'ItemAction'), { kind: 'message', op: 'delete', ids: inTrash });
    return true;
  }),

  /** The attachment's bytes, decoded, as a download (the reference server streams the file). */
  resource(
    'Mail/Attachment',
    'session',
    z.object({ folderID: text, msgID: positiveInt, attachmentID: z.union([z.string().trim().min(1), z.number()]).transform(String), attachmentName: text }),
    async (p, ctx) => {
      const [folders, found] = await Promise.all([
        p.folderID ? loadFolders(ctx) : Promise.resolve([]),
        ctx.call<MessageSummary & { part: { contentType: string; filename?: string; content: string } }>(querySubject('mailbox', 'GetMessage'), { id: p.msgID, part: p.attachmentID }),
      ]);
      checkFolder(folders, p.folderID, found.folderId);
      return new FileReply(found.part.contentType || 'application/octet-stream', found.part.filename || p.attachmentName || `attachment-${p.attachmentID}`, Buffer.from(found.part.content, 'base64'));
    },
  ),
];
