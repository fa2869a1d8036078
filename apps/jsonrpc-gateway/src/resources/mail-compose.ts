import { z } from 'zod';
import { AccountInfo, commandSubject, MessageSummary, querySubject } from '@gw/contracts';
import MailComposer from 'nodemailer/lib/mail-composer';
import { addressList, Mailbox, optionalId } from '../expresso/codec';
import { ExpressoError } from '../expresso/errors';
import { expressoFolderId } from '../expresso/folder-ids';
import { ExpressoContext, resource } from '../expresso/resource';

interface Composed {
  from: Mailbox;
  to?: Mailbox[];
  cc?: Mailbox[];
  bcc?: Mailbox[];
  replyTo?: Mailbox[];
  subject: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** Drafts keep their Bcc header so reopening shows them; sent mail must not reveal it. */
  keepBcc: boolean;
}

/** MIME text has CR LF line breaks (RFC 2046 4.1.1); nodemailer keeps a caller's bare LFs. */
const crlf = (s: string | undefined) => s?.replace(/\r?\n/g, '\r\n');

/** The RFC 5322 bytes of a message, built by nodemailer from what the call gave and nothing else. */
function buildMime(m: Composed): Promise<Buffer> {
  const node = new MailComposer({
    from: m.from,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    replyTo: m.replyTo,
    subject: m.subject,
    text: crlf(m.text),
    html: crlf(m.html),
    inReplyTo: m.inReplyTo,
    references: m.references,
    attachments: m.attachments,
    // Values come from a client: never let one make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile();
  node.keepBcc = m.keepBcc;
  return node.build();
}

/** Body text is taken as written: no trimming. */
const body = z.union([z.string(), z.number()]).transform(String).optional();

/**
 * Mail/Send and Mail/SaveAsDraft take the seed's names (msgCcTo, msgBccTo, msgContent) and the
 * ones the Expresso clients and reference server actually use (msgCc, msgBcc, msgBody, msgType).
 * msgFrom is not read: mail leaves as the session's account ("como se fosse o usuario logado").
 */
const composeParams = z.object({
  msgTo: addressList,
  msgCcTo: addressList,
  msgCc: addressList,
  msgBccTo: addressList,
  msgBcc: addressList,
  msgReplyTo: addressList,
  msgForwardTo: addressList,
  msgSubject: z.union([z.string(), z.number()]).transform(String).optional(),
  msgContent: body,
  msgBody: body,
  /** `html`, or anything else for text (the reference server's default is plain). */
  msgType: z.string().optional(),
  originalMsgID: optionalId,
  /** 1 forwarded, 2 reply, 3 reply to all. */
  originalUserAction: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(3).optional()),
});
type ComposeParams = z.output<typeof composeParams>;

/** The session's account as the From address, with its display name. */
async function sender(ctx: ExpressoContext): Promise<Mailbox> {
  const info = await ctx.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {});
  const name = info.attrs.displayName?.[0];
  return name ? { name, address: info.name } : { address: info.name };
}

/** A reply is threaded under the original's Message-ID; the original not being there does not stop the reply. */
async function threading(p: ComposeParams, ctx: ExpressoContext): Promise<Pick<Composed, 'inReplyTo' | 'references'>> {
  if (p.originalMsgID === undefined || (p.originalUserAction !== 2 && p.originalUserAction !== 3)) return {};
  const reply = await ctx.request<MessageSummary[]>(querySubject('mailbox', 'GetMessagesMetadata'), { ids: [p.originalMsgID] });
  const mid = reply.ok ? reply.result[0]?.messageIdHeader : undefined;
  return mid ? { inReplyTo: mid, references: [mid] } : {};
}

/** The RFC 5322 message a compose call describes, and its envelope recipients. */
async function compose(p: ComposeParams, ctx: ExpressoContext, keepBcc: boolean) {
  const [from, thread] = await Promise.all([sender(ctx), threading(p, ctx)]);
  const to = [...(p.msgTo ?? []), ...(p.msgForwardTo ?? [])];
  const cc = [...(p.msgCcTo ?? []), ...(p.msgCc ?? [])];
  const bcc = [...(p.msgBccTo ?? []), ...(p.msgBcc ?? [])];
  const content = p.msgContent ?? p.msgBody ?? '';
  const raw = await buildMime({
    from,
    to,
    cc,
    bcc,
    replyTo: p.msgReplyTo ?? [],
    subject: p.msgSubject ?? '',
    ...(p.msgType?.toLowerCase() === 'html' ? { html: content } : { text: content }),
    ...thread,
    attachments: ctx.files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content })),
    keepBcc,
  });
  return { raw, recipients: [...to, ...cc, ...bcc].map((a) => a.address) };
}

/** originalUserAction: 1 forwarded, 2 reply, 3 reply to all; the original is flagged accordingly. */
function originalOf(p: ComposeParams): { id: number; replyType: 'r' | 'w' } | undefined {
  if (p.originalMsgID === undefined || p.originalUserAction === undefined) return undefined;
  return { id: p.originalMsgID, replyType: p.originalUserAction === 1 ? 'w' : 'r' };
}

async function send(ctx: ExpressoContext, raw: Buffer, recipients: string[], original?: { id: number; replyType: 'r' | 'w' }) {
  if (!recipients.length) throw new ExpressoError('MAIL_NOT_SENT', undefined, 'Your mail could not be sent: no recipients.');
  await ctx.call(commandSubject('mailbox', 'SendMessage'), { blob: await ctx.storeContent(raw), recipients, saveToSent: true, ...(original ? { original } : {}) });
}

export const mailComposeResources = [
  /** Files posted with the call (multipart) become attachments. */
  resource('Mail/Send', 'session', composeParams, async (p, ctx) => {
    const { raw, recipients } = await compose(p, ctx, false);
    await send(ctx, raw, recipients, originalOf(p));
    return true;
  }),

  /** Drafts keep their Bcc, so the draft shows them when opened again. */
  resource('Mail/SaveAsDraft', 'session', composeParams, async (p, ctx) => {
    const { raw } = await compose(p, ctx, true);
    const draft = await ctx.call<MessageSummary>(commandSubject('mailbox', 'SaveDraft'), { blob: await ctx.storeContent(raw) });
    return { msgID: draft.id, folderID: expressoFolderId('/Drafts') ?? '' };
  }),

  /** A note from the user to the Expresso administrator (EXPRESSO_SUPPORT_ADDRESS), sent as the user. */
  resource('Mail/SendSupportFeedback', 'session', z.object({ message: body }), async (p, ctx) => {
    if (!ctx.config.supportAddress) throw new ExpressoError('MAIL_NOT_SENT', undefined, 'Your mail could not be sent: no support address is configured.');
    const raw = await buildMime({ from: await sender(ctx), to: [{ address: ctx.config.supportAddress }], subject: 'Sugestões', text: p.message ?? '', keepBcc: false });
    await send(ctx, raw, [ctx.config.supportAddress]);
    return true;
  }),
];
