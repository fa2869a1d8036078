import { ImEvent } from '@gw/contracts';
import { ImCommand } from './im-command';
import { activePrivacyList, ImState } from './im-state';
import type { Decision } from './decide';
import { privacyAllows } from './privacy';

/** The chat commands delivered to a participant's account. */
export type ChatAccountCommand = Extract<
  ImCommand,
  { type: 'JoinChat' | 'LeaveChat' | 'ReceiveChatMessage' | 'ReceiveMessageError' | 'ReceiveChatParticipantChange' | 'ReceiveChatInvitation' }
>;

const nothing = (): Decision => ({ events: [], effects: [] });
const record = (...events: ImEvent[]): Decision => ({ events, effects: [] });

/**
 * Does my active privacy list let `addr` reach me? A room occupant (room@service/nick) is judged
 * by the room's bare address, as XMPP privacy lists match bare addresses and domains.
 */
const allows = (state: ImState, addr: string) => privacyAllows(activePrivacyList(state), addr.split('/')[0]);

/**
 * What a chat does to one participant's account stream. Joining and leaving are idempotent (a
 * repeated delivery records nothing). My privacy list applies to what others send me: a denied
 * message is dropped (and, in a 1:1 chat, bounced to its sender as `service_unavailable`), a
 * denied invitation is dropped. A 1:1 chat enters my account with the first message I accept,
 * so a chat with someone I deny leaves no trace here. Pure.
 */
export function decideChatAccount(state: ImState, command: ChatAccountCommand): Decision {
  const c = command;
  switch (c.type) {
    case 'JoinChat':
      if (state.chats.has(c.thread)) return nothing();
      return record({ type: 'ChatJoined', data: { thread: c.thread, ...(c.room !== undefined ? { room: c.room } : {}), at: c.at } });
    case 'LeaveChat':
      if (!state.chats.has(c.thread)) return nothing();
      return record({ type: 'ChatLeft', data: { thread: c.thread, reason: c.reason, ...(c.status?.length ? { status: c.status } : {}), at: c.at } });
    case 'ReceiveChatMessage': {
      if (!allows(state, c.from.addr)) {
        if (!c.bounce) return nothing();
        return {
          events: [],
          effects: [{ accountId: c.from.accountId, command: { type: 'ReceiveMessageError', thread: c.thread, from: c.me.addr, ts: c.ts, error: 'service_unavailable', at: c.at } }],
        };
      }
      const events: ImEvent[] = [];
      if (c.bounce && !state.chats.has(c.thread)) events.push({ type: 'ChatJoined', data: { thread: c.thread, at: c.at } });
      const { thread, ts, seq, subject, body, html, typing, at } = c;
      events.push({
        type: 'ChatMessageReceived',
        data: {
          thread,
          from: c.from.addr,
          ts,
          ...(seq !== undefined ? { seq } : {}),
          ...(subject ? { subject } : {}),
          ...(body ? { body } : {}),
          ...(html !== undefined ? { html } : {}),
          ...(typing ? { typing } : {}),
          at,
        },
      });
      return record(...events);
    }
    case 'ReceiveMessageError':
      return record({ type: 'ChatMessageReceived', data: { thread: c.thread, from: c.from, ts: c.ts, error: c.error, at: c.at } });
    case 'ReceiveChatParticipantChange':
      // Only about chats I am in (a 1:1 chat I never accepted stays silent).
      if (!state.chats.has(c.thread)) return nothing();
      return record({
        type: 'ChatParticipantChanged',
        data: { thread: c.thread, change: c.change, participant: c.participant, ...(c.status?.length ? { status: c.status } : {}), at: c.at },
      });
    case 'ReceiveChatInvitation':
      if (!allows(state, c.from.addr)) return nothing();
      return record({ type: 'ChatInvitationReceived', data: { thread: c.thread, addr: c.addr, from: c.from.addr, message: c.message, at: c.at } });
  }
}
