import { ChangedItem, ConversationInfo, ImNotificationBody, MailChanges, MailFolder, MailTag, MessageSummary } from '@gw/contracts';
import { SoapElement, attrEl, el, uniqueEl } from '@gw/soap';
import { folderElement, folderTree, tagElement } from '../handlers/mail/mail-elements';
import { conversationElement, messageSummaryElement } from '../handlers/mail/message-elements';
import { SERVER_VERSION } from '../soap/server-version';
import { imElement } from './im-notify-elements';

type Attrs = Record<string, string | number | undefined>;

/**
 * A modified item as Zimbra sends it: the id and only the attributes that changed, with their
 * current values — zero included, which a full element would leave out.
 */
function modifiedElement(name: string, values: Attrs, changed: readonly string[], children: SoapElement[] = []): SoapElement {
  const attrs: Attrs = { id: values.id };
  for (const a of changed) if (a in values) attrs[a] = values[a] ?? '';
  return el(name, attrs, children);
}

const folderValues = (f: MailFolder): Attrs => ({
  id: String(f.id),
  name: f.name,
  l: String(f.parentId),
  color: f.color,
  rgb: f.rgb,
  f: f.flags,
  u: f.unread,
  n: f.count,
  s: f.size,
});

const tagValues = (t: MailTag): Attrs => ({ id: String(t.id), name: t.name, color: t.color, rgb: t.rgb, u: t.unread, n: t.count });

const messageValues = (m: MessageSummary): Attrs => ({
  id: String(m.id),
  l: String(m.folderId),
  f: m.flags,
  t: m.tagIds.join(','),
  tn: m.tagNames.join(','),
  d: m.date,
  s: m.size,
});

const conversationValues = (c: ConversationInfo): Attrs => ({ id: String(c.id), n: c.count, u: c.unread, f: c.flags, t: c.tagIds.join(','), d: c.date });

/** Attributes of a message that only a rewrite (a saved draft) changes: then it goes out whole. */
const CONTENT = new Set(['su', 'fr', 'e']);

function modifiedMessage({ item, changed }: ChangedItem<MessageSummary>): SoapElement {
  if (changed.some((a) => CONTENT.has(a))) return messageSummaryElement(item);
  return modifiedElement('m', messageValues(item), changed);
}

function modifiedConversation({ item, changed }: ChangedItem<ConversationInfo>): SoapElement {
  const children = [...(changed.includes('su') ? [attrEl('su', item.subject)] : []), ...(changed.includes('fr') ? [attrEl('fr', item.fragment)] : [])];
  return modifiedElement('c', conversationValues(item), changed, children);
}

/**
 * `<notify seq="N">` with deleted, created, modified and im, in Zimbra's order. A block may hold
 * only IM notifications: the mail sections are then left out.
 */
export function notifyElement(seq: number, changes: MailChanges, im: readonly ImNotificationBody[] = []): SoapElement {
  const children: SoapElement[] = [];
  if (changes.deleted.length) children.push(uniqueEl('deleted', { id: changes.deleted.join(',') }));
  const created = [
    ...changes.created.tags.map(tagElement),
    ...changes.created.folders.map((f) => folderElement(f)),
    ...changes.created.conversations.map((c) => conversationElement({ ...c, messages: [] })),
    ...changes.created.messages.map((m) => messageSummaryElement(m)),
  ];
  if (created.length) children.push(uniqueEl('created', {}, created));
  const modified = [
    ...(changes.mailboxSize !== undefined ? [el('mbx', { s: changes.mailboxSize })] : []),
    ...changes.modified.tags.map((t) => modifiedElement('tag', tagValues(t.item), t.changed)),
    ...changes.modified.folders.map((f) => modifiedElement('folder', folderValues(f.item), f.changed)),
    ...changes.modified.conversations.map(modifiedConversation),
    ...changes.modified.messages.map(modifiedMessage),
  ];
  if (modified.length) children.push(uniqueEl('modified', {}, modified));
  if (im.length) children.push(imElement(im));
  return el('notify', { seq }, children);
}

/** `<refresh>`: what a new session starts from — version, mailbox size, tags and the folder tree. */
export function refreshElement(folders: MailFolder[], tags: MailTag[], size: number): SoapElement {
  return uniqueEl('refresh', {}, [
    attrEl('version', SERVER_VERSION),
    el('mbx', { s: size }),
    uniqueEl('tags', {}, tags.map(tagElement)),
    folderTree(folders, 1),
  ]);
}
