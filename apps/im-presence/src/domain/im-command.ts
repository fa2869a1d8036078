import { ChatParticipant, ChatText, ImShow, MessageErrorCondition, PeerPresence, PrivacyItem, RoomJoinStatus } from '@gw/contracts';

/** An account as the other side of a subscription: its id (its stream) and canonical address. */
export interface Party {
  accountId: string;
  addr: string;
}

/**
 * Commands of the domain. The first five come from the account's own user; the `Receive*` ones
 * are what the other party's command does to this account, delivered by the service (see
 * `decide`). Every command carries its time: the domain never reads a clock.
 */
export type ImCommand =
  | { type: 'Subscribe'; me: Party; peer: Party; name?: string; groups?: string[]; at: number }
  /** IMSubscribe op=remove: the buddy leaves my roster and both directions end (RFC 6121 §2.5). */
  | { type: 'RemoveBuddy'; me: Party; peer: Party; at: number }
  | { type: 'AuthorizeSubscribe'; me: Party; peer: Party; authorized: boolean; add: boolean; name?: string; groups?: string[]; at: number }
  /** `me`: the account itself, the sender of the presence its subscribers receive. */
  | { type: 'SetPresence'; me: Party; sessionId: string; show: ImShow; priority: number; status?: string; lang?: string; at: number }
  | { type: 'SetIdle'; me: Party; sessionId?: string; idle: boolean; idleSeconds: number; at: number }
  /** `from` asks to see my presence. */
  | { type: 'ReceiveSubscribe'; me: Party; from: Party; at: number }
  /** `from` granted my request: I now receive their presence. */
  | { type: 'ReceiveSubscribed'; me: Party; from: Party; at: number }
  /** `from` refused my request or revoked my subscription: I no longer receive their presence. */
  | { type: 'ReceiveUnsubscribed'; me: Party; from: Party; at: number }
  /** `from` no longer wants my presence (and withdraws a pending request). */
  | { type: 'ReceiveUnsubscribe'; me: Party; from: Party; at: number }
  /** `from`'s presence as they send it to me; my privacy list may drop it. */
  | { type: 'ReceivePeerPresence'; me: Party; from: Party; presence: PeerPresence; at: number }
  | { type: 'RequestRoster'; at: number }
  | { type: 'SetPrivacyList'; me: Party; name?: string; items: PrivacyItem[]; at: number }
  | { type: 'RequestPrivacyList'; name?: string; at: number }
  /** `known`: the service is configured (an unknown one is refused with result="0" by the caller). */
  | { type: 'RegisterGateway'; op: 'reg' | 'unreg' | 'reconnect'; service: string; name?: string; known: boolean; at: number }
  // What chats do to a participant's account (decided by the chat aggregate, delivered as effects).
  /** I entered a chat (created, joined, added). */
  | { type: 'JoinChat'; thread: string; room?: string; at: number }
  | { type: 'LeaveChat'; thread: string; reason: 'closed' | 'left' | 'kicked' | 'banned' | 'destroyed'; status?: RoomJoinStatus[]; at: number }
  /**
   * A chat message (or typing notice) for me. My privacy list may refuse it: then nothing is
   * recorded here and, for a 1:1 chat (`bounce`), the sender gets `service_unavailable` back.
   */
  | {
      type: 'ReceiveChatMessage';
      me: Party;
      from: Party;
      thread: string;
      ts: number;
      seq?: number;
      subject?: ChatText;
      body?: ChatText;
      html?: string;
      typing?: boolean;
      bounce: boolean;
      at: number;
    }
  /** My own message could not be delivered (XMPP error back to the sender). */
  | { type: 'ReceiveMessageError'; thread: string; from: string; ts: number; error: MessageErrorCondition; at: number }
  | { type: 'ReceiveChatParticipantChange'; thread: string; change: 'entered' | 'presence' | 'left'; participant: ChatParticipant; status?: RoomJoinStatus[]; at: number }
  /** An invitation: my privacy list may refuse it (denied inviter). */
  | { type: 'ReceiveChatInvitation'; me: Party; from: Party; thread: string; addr: string; message: string; at: number };

export type ImCommandType = ImCommand['type'];

/** A command the service must run next on another account's stream. */
export interface Effect {
  accountId: string;
  command: ImCommand;
}
