import { MessageMeta } from '@gw/contracts';
import { MailboxState } from './mailbox-state';

/**
 * Which conversation a new message joins: the one of a message it answers (In-Reply-To, then
 * References from the newest), else, for a reply-looking subject ("Re: x"), the latest
 * conversation with the same normalized subject. Otherwise it starts a new one.
 */
export function conversationFor(state: MailboxState, meta: MessageMeta): number | undefined {
  const refs = [meta.inReplyTo, ...[...meta.references].reverse()].filter((r): r is string => Boolean(r));
  for (const ref of refs) {
    const conv = state.threadsByMessageId.get(ref);
    if (conv !== undefined && state.conversations.has(conv)) return conv;
  }
  const looksLikeReply = meta.normalizedSubject && meta.subject.trim().toLowerCase() !== meta.normalizedSubject;
  if (looksLikeReply) {
    const conv = state.threadsBySubject.get(meta.normalizedSubject);
    if (conv !== undefined && state.conversations.has(conv)) return conv;
  }
  return undefined;
}
