import { commandSubject, MessageSummary } from '@gw/contracts';
import { composeMessage } from '@gw/mime';
import { SoapElement, SoapFault, attr, child, childrenNamed, el, requireChild, text, textEl, attrEl } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { response } from '../directory-elements';
import { mailHandler, optionalInt } from './mail-elements';
import { addressElement } from './message-elements';

type Addr = { address: string; name?: string };

/** The text and HTML bodies of `<mp ct>` (possibly multipart/alternative with nested `<mp>`). */
function bodies(mp: SoapElement | undefined, into: { text?: string; html?: string } = {}) {
  if (!mp) return into;
  const ct = (attr(mp, 'ct') ?? 'text/plain').toLowerCase();
  const content = child(mp, 'content');
  if (ct === 'text/plain' && content) into.text = text(content);
  else if (ct === 'text/html' && content) into.html = text(content);
  for (const sub of childrenNamed(mp, 'mp')) bodies(sub, into);
  return into;
}

/**
 * Builds the RFC 5322 message a Zimbra client describes with `<e>`, `<su>`, `<irt>` and `<mp>`:
 * the gateway translates the wire format, the mailbox stores and sends the result.
 */
async function composeFrom(m: SoapElement, ctx: SoapCallContext, keepBcc: boolean) {
  const by = (t: string): Addr[] =>
    childrenNamed(m, 'e')
      .filter((e) => attr(e, 't') === t)
      .map((e) => ({ address: attr(e, 'a') ?? '', ...(attr(e, 'p') ? { name: attr(e, 'p') } : {}) }))
      .filter((a) => a.address);
  const from = by('f')[0] ?? { address: ctx.principal?.name ?? '' };
  if (ctx.principal && from.address.toLowerCase() !== ctx.principal.name.toLowerCase()) {
    // Sending as someone else needs the sendAs right, which is not modelled yet.
    throw SoapFault.permDenied(`can not send as ${from.address}`);
  }
  const su = child(m, 'su');
  const irt = child(m, 'irt');
  const { text: plain, html } = bodies(child(m, 'mp'));
  const to = by('t');
  const cc = by('c');
  const bcc = by('b');
  const raw = await composeMessage({
    from,
    to,
    cc,
    bcc,
    replyTo: by('r'),
    subject: su ? text(su) : '',
    ...(plain !== undefined ? { text: plain } : {}),
    ...(html !== undefined ? { html } : {}),
    ...(irt ? { inReplyTo: text(irt), references: [text(irt)] } : {}),
    keepBcc,
  });
  return { raw, recipients: [...to, ...cc, ...bcc].map((a) => a.address) };
}

export const composeHandlers = [
  mailHandler('SendMsgRequest', async (request, ctx) => {
    const m = requireChild(request, 'm');
    const { raw, recipients } = await composeFrom(m, ctx, false);
    if (!recipients.length) throw SoapFault.invalidRequest('no recipients');
    const draftId = optionalInt(m, 'did');
    // origid + rt="r|w": the message replied to or forwarded gets the answered/forwarded flag.
    const origId = optionalInt(m, 'origid');
    const rt = attr(m, 'rt');
    const sent = await ctx.call<Partial<MessageSummary>>(commandSubject('mailbox', 'SendMessage'), {
      blob: await ctx.storeContent(raw),
      recipients,
      saveToSent: attr(request, 'noSave') !== '1',
      ...(draftId !== undefined ? { draftId } : {}),
      ...(origId !== undefined && (rt === 'r' || rt === 'w') ? { original: { id: origId, replyType: rt } } : {}),
    });
    return response(request, [el('m', sent.id !== undefined ? { id: String(sent.id) } : {})]);
  }),
  mailHandler('SaveDraftRequest', async (request, ctx) => {
    const m = requireChild(request, 'm');
    const { raw } = await composeFrom(m, ctx, true);
    const id = optionalInt(m, 'id');
    const draft = await ctx.call<MessageSummary>(commandSubject('mailbox', 'SaveDraft'), { blob: await ctx.storeContent(raw), ...(id !== undefined ? { id } : {}) });
    return response(request, [
      el('m', { id: String(draft.id), f: draft.flags || undefined, s: draft.size, d: draft.date, l: String(draft.folderId), cid: String(draft.convId) }, [
        ...draft.addresses.map(addressElement),
        attrEl('su', draft.subject),
        attrEl('fr', draft.fragment),
      ]),
    ]);
  }),
];
