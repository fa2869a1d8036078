import { DomainError, ErrorCode, MailEvent, MessageMeta, SystemFolder } from '@gw/contracts';
import { MailboxState } from './mailbox-state';
import { ItemIds, requireFolder, requireMailFolder, requireMessage, requireTag } from './mail-decide-context';
import { conversationFor } from './threading';

/** Flags a client may set; `a` (attachment) follows from the content. */
const SETTABLE_FLAGS = 'ufrwdsxn';
const cleanFlags = (flags: string) => [...new Set([...flags].filter((f) => SETTABLE_FLAGS.includes(f)))].sort().join('');

export interface IncomingMessage {
  folderId: number;
  flags: string;
  tagNames: string[];
  /** Existing tags by id (AddMsg's t); unknown ids are refused. */
  tagIds?: number[];
  date: number;
  size: number;
  blob: string;
  meta: MessageMeta;
}

/** AddMsg, delivery and new drafts: unknown tag names are created, the quota is enforced. */
export function addMessage(state: MailboxState, msg: IncomingMessage, ids: ItemIds, quotaBytes: number): MailEvent[] {
  requireMailFolder(state, msg.folderId);
  if (quotaBytes > 0 && state.size + msg.size > quotaBytes) {
    throw new DomainError(ErrorCode.QUOTA_EXCEEDED, `mailbox exceeded quota: ${state.size + msg.size} > ${quotaBytes}`, { quota: String(quotaBytes) });
  }
  const events: MailEvent[] = [];
  const tagIds: number[] = (msg.tagIds ?? []).map((id) => requireTag(state, { id }).id);
  for (const name of msg.tagNames) {
    const existing = [...state.tags.values()].find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (existing) tagIds.push(existing.id);
    else {
      const tagId = ids.take();
      events.push({ type: 'TagCreated', data: { tagId, name } });
      tagIds.push(tagId);
    }
  }
  const messageId = ids.take();
  const convId = conversationFor(state, msg.meta) ?? ids.take();
  const flags = cleanFlags(msg.flags) + (msg.meta.hasAttachment ? 'a' : '');
  events.push({
    type: 'MessageAdded',
    data: { messageId, folderId: msg.folderId, convId, flags: [...flags].sort().join(''), tagIds, date: msg.date, size: msg.size, blob: msg.blob, meta: msg.meta },
  });
  return events;
}

/**
 * Whether a MessageAdded started its conversation. Item ids come from one sequence and
 * `addMessage` numbers a new conversation right after its message, while a conversation the
 * message joins was numbered by an earlier command, below the message.
 */
export const startsConversation = (d: { messageId: number; convId: number }): boolean => d.convId > d.messageId;

/** The messages an action on messages, conversations or generic items applies to. */
function targetMessages(state: MailboxState, kind: string, ids: number[]): number[] {
  const result: number[] = [];
  for (const id of ids) {
    if (kind === 'message') result.push(requireMessage(state, id).id);
    else if (kind === 'conversation') {
      const conv = state.conversations.get(Math.abs(id));
      if (!conv) throw new DomainError(ErrorCode.NO_SUCH_CONV, `no such conversation: ${id}`, { id: String(id) });
      result.push(...conv);
    } else {
      if (!state.messages.has(id)) throw new DomainError(ErrorCode.NO_SUCH_ITEM, `no such item: ${id}`, { id: String(id) });
      result.push(id);
    }
  }
  return [...new Set(result)];
}

export function itemAction(
  state: MailboxState,
  cmd: { kind: string; op: string; ids: number[]; folderId?: number; tagId?: number; tagName?: string; flags?: string; tagNames?: string[]; tagIds?: number[] },
): MailEvent[] {
  const messageIds = targetMessages(state, cmd.kind, cmd.ids);
  const messages = messageIds.map((id) => state.messages.get(id)!);
  const updated = (data: Omit<Extract<MailEvent, { type: 'MessagesUpdated' }>['data'], 'messageIds'>, only = messageIds): MailEvent[] =>
    only.length ? [{ type: 'MessagesUpdated', data: { messageIds: only, ...data } }] : [];
  const move = (folderId: number) => {
    requireMailFolder(state, folderId);
    return updated({ folderId }, messages.filter((m) => m.folderId !== folderId).map((m) => m.id));
  };
  switch (cmd.op) {
    case 'read':
      return updated({ removeFlags: 'u' }, messages.filter((m) => m.flags.includes('u')).map((m) => m.id));
    case '!read':
      return updated({ addFlags: 'u' }, messages.filter((m) => !m.flags.includes('u')).map((m) => m.id));
    case 'flag':
      return updated({ addFlags: 'f' });
    case '!flag':
      return updated({ removeFlags: 'f' });
    // Not client operations: sending a reply or a forward marks the original (SendMsg origid/rt).
    case 'replied':
      return updated({ addFlags: 'r' }, messages.filter((m) => !m.flags.includes('r')).map((m) => m.id));
    case 'forwarded':
      return updated({ addFlags: 'w' }, messages.filter((m) => !m.flags.includes('w')).map((m) => m.id));
    case 'tag':
    case '!tag': {
      const tag = requireTag(state, { id: cmd.tagId, name: cmd.tagName });
      return cmd.op === 'tag' ? updated({ addTagIds: [tag.id] }) : updated({ removeTagIds: [tag.id] });
    }
    case 'move':
      if (cmd.folderId === undefined) throw new DomainError(ErrorCode.INVALID_REQUEST, 'invalid request: missing required attribute: l');
      return move(cmd.folderId);
    case 'trash':
      return move(SystemFolder.TRASH);
    case 'spam':
      return move(SystemFolder.JUNK);
    case '!spam':
      return move(cmd.folderId ?? SystemFolder.INBOX);
    case 'delete':
      return [{ type: 'MessagesDeleted', data: { messageIds } }];
    case 'update': {
      const events: MailEvent[] = [];
      if (cmd.folderId !== undefined) events.push(...move(cmd.folderId));
      if (cmd.flags !== undefined) {
        // `f` replaces the whole set of settable flags, as in Zimbra's update.
        const wanted = cleanFlags(cmd.flags);
        for (const m of messages) {
          const current = cleanFlags(m.flags);
          const add = [...wanted].filter((f) => !current.includes(f)).join('');
          const remove = [...current].filter((f) => !wanted.includes(f)).join('');
          if (add || remove) events.push(...updated({ ...(add ? { addFlags: add } : {}), ...(remove ? { removeFlags: remove } : {}) }, [m.id]));
        }
      }
      if (cmd.tagNames !== undefined || cmd.tagIds !== undefined) {
        const tagIds = cmd.tagIds?.map((id) => requireTag(state, { id }).id) ?? cmd.tagNames!.map((name) => requireTag(state, { name }).id);
        for (const m of messages) {
          const add = tagIds.filter((t) => !m.tagIds.includes(t));
          const remove = m.tagIds.filter((t) => !tagIds.includes(t));
          if (add.length || remove.length) events.push(...updated({ addTagIds: add, removeTagIds: remove }, [m.id]));
        }
      }
      return events;
    }
    default:
      throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown operation: ${cmd.op}`);
  }
}

/** SaveDraft: a new draft in Drafts, or the content of an existing draft replaced (same id). */
export function saveDraft(state: MailboxState, draft: Omit<IncomingMessage, 'folderId' | 'flags' | 'tagNames'> & { id?: number }, ids: ItemIds, quotaBytes: number): MailEvent[] {
  if (draft.id === undefined) {
    return addMessage(state, { ...draft, folderId: SystemFolder.DRAFTS, flags: 'd', tagNames: [] }, ids, quotaBytes);
  }
  const existing = requireMessage(state, draft.id);
  if (!existing.flags.includes('d')) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: message ${draft.id} is not a draft`);
  if (quotaBytes > 0 && state.size - existing.size + draft.size > quotaBytes) {
    throw new DomainError(ErrorCode.QUOTA_EXCEEDED, 'mailbox exceeded quota', { quota: String(quotaBytes) });
  }
  requireFolder(state, existing.folderId);
  return [{ type: 'DraftReplaced', data: { messageId: existing.id, date: draft.date, size: draft.size, blob: draft.blob, meta: draft.meta } }];
}
