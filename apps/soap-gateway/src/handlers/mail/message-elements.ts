import { ConversationInfo, EmailAddress, MessageSummary } from '@gw/contracts';
import { SoapElement, el, textEl, attrEl } from '@gw/soap';

/** `<e t="f" a="addr" p="personal" d="display"/>`: Zimbra's address element. */
export function addressElement(a: EmailAddress): SoapElement {
  const display = a.name ? a.name.split(/\s+/)[0] : a.address.split('@')[0];
  return el('e', { t: a.type, a: a.address, p: a.name, d: display });
}

/** A message as Search and GetMsgMetadata return it (ToXML.encodeMessageSummary). */
export function messageSummaryElement(m: MessageSummary, extra: SoapElement[] = []): SoapElement {
  return el(
    'm',
    {
      id: String(m.id),
      l: String(m.folderId),
      cid: String(m.convId),
      f: m.flags || undefined,
      t: m.tagIds.length ? m.tagIds.join(',') : undefined,
      tn: m.tagNames.length ? m.tagNames.join(',') : undefined,
      d: m.date,
      s: m.size,
      rev: Number(m.rev),
      ms: Number(m.ms),
    },
    [...m.addresses.map(addressElement), attrEl('su', m.subject), attrEl('fr', m.fragment), ...extra],
  );
}

/** A conversation hit: its subject and fragment, senders, and the matching messages. */
export function conversationElement(c: ConversationInfo): SoapElement {
  return el(
    'c',
    {
      id: String(c.id),
      n: c.count,
      u: c.unread > 0 ? c.unread : undefined,
      f: c.flags || undefined,
      t: c.tagIds.length ? c.tagIds.join(',') : undefined,
      d: c.date,
    },
    [
      attrEl('su', c.subject),
      attrEl('fr', c.fragment),
      ...c.participants.map(addressElement),
      ...c.messages.map((m) => el('m', { id: String(m.id), l: String(m.folderId), f: m.flags || undefined, d: m.date, s: m.size })),
    ],
  );
}
