import type { ImAsk, PeerPresence, PrivacyList, GatewayState } from './im';
import type { ChatParticipant, ChatText, MessageErrorCondition, RoomJoinStatus } from './im-chats';

/**
 * The IM notifications of soap-im.txt ("IM NOTIFICATIONS"), as data: the im-presence service
 * derives them from an account's own stream (`im-<account>`), the notifier puts them into a
 * session's notify block, and the SOAP edge renders them inside `<notify><im>`. Each carries the
 * event-store position it came from, so a session resends exactly what was not acknowledged.
 */
export interface ImRosterNotificationItem {
  addr: string;
  name?: string;
  groups: string[];
  /** I receive their presence (subscription to/both): rendered `subscribed`, otherwise `unsubscribed`. */
  subscribed: boolean;
  ask?: ImAsk;
}

export type ImNotificationBody =
  /** The asynchronous roster response: every buddy, then their presence where I receive it. */
  | { type: 'roster'; items: ImRosterNotificationItem[]; presence: ({ from: string } & PeerPresence)[] }
  /** One buddy's subscription changed (added, approved, refused, removed). */
  | ({ type: 'subscribed' | 'unsubscribed'; to: string; name?: string; groups: string[]; ask?: ImAsk })
  | { type: 'subscribe'; from: string }
  | ({ type: 'presence'; from: string } & PeerPresence)
  | {
      type: 'message';
      from: string;
      thread: string;
      ts: number;
      error?: MessageErrorCondition;
      subject?: ChatText;
      body?: ChatText & { html: boolean };
      typing?: boolean;
    }
  | { type: 'enteredchat'; thread: string; addr: string; participant: ChatParticipant; status?: RoomJoinStatus[] }
  | { type: 'chatpresence'; thread: string; addr: string; participant: ChatParticipant }
  | { type: 'leftchat'; thread: string; addr: string; me?: boolean; status?: RoomJoinStatus[] }
  | { type: 'chatclosed'; thread: string }
  | { type: 'invited'; thread: string; addr: string; from: string; message: string }
  | { type: 'gwStatus'; service: string; state: GatewayState; timeUntilNextConnect?: number }
  | { type: 'privacy'; list: PrivacyList };

export type ImNotification = ImNotificationBody & { position: string };

/** GetImNotifications: what happened after `since`, and how far it reaches. */
export interface ImNotifications {
  /** The position of the newest notification returned (or `since` when none). */
  revision: string;
  notifications: ImNotification[];
  /** More were recorded than `limit`: ask again from `revision`. */
  truncated?: boolean;
}
