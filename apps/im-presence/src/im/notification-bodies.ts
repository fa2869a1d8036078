import { GatewayState, ImAsk, ImChatAccountEvent, ImNotificationBody, ImPresence, ImRosterNotificationItem, RosterItem, RoomJoinStatus } from '@gw/contracts';
import { hasTo } from '../domain/decide-presence';
import { peerPresence } from '../domain/presence-view';

/**
 * The `<n>` bodies of soap-im.txt's IM NOTIFICATIONS, from the events of an account's stream.
 * Pure: the projection looks up what a body needs (the roster, a privacy list, the presence)
 * and hands it in.
 */

type Buddy = Pick<RosterItem, 'addr' | 'groups' | 'subscription'> & { name?: string; ask?: ImAsk };

/**
 * A roster item as the roster and the subscribed/unsubscribed notifications show it. A pending
 * `ask="unsubscribe"` is left out, as Zimbra does (its web client is confused by it).
 */
export function rosterNotificationItem(item: Buddy): ImRosterNotificationItem {
  return {
    addr: item.addr,
    ...(item.name !== undefined ? { name: item.name } : {}),
    groups: item.groups,
    subscribed: hasTo(item.subscription),
    ...(item.ask === 'subscribe' ? { ask: item.ask } : {}),
  };
}

/** `subscribed` while I receive their presence, `unsubscribed` otherwise (a removed buddy: no ask). */
export function subscriptionNotification(item: ImRosterNotificationItem): ImNotificationBody {
  const { addr, subscribed, ...rest } = item;
  return { type: subscribed ? 'subscribed' : 'unsubscribed', to: addr, ...rest };
}

/** A gateway's connection state. No connector to the remote networks exists: a registration never gets further than `start`. */
export function gatewayState(presence: ImPresence): GatewayState {
  return presence.unavailable ? 'intentionally_offline' : 'start';
}

/** The roster response: every buddy, then the presence of those I receive. */
export function rosterNotification(buddies: { item: Buddy; presence?: ImPresence }[]): ImNotificationBody {
  return {
    type: 'roster',
    items: buddies.map((b) => rosterNotificationItem(b.item)),
    presence: buddies.flatMap((b) => (b.presence ? [{ from: b.item.addr, ...peerPresence(b.presence) }] : [])),
  };
}

const LEFT_STATUS: Partial<Record<Extract<ImChatAccountEvent, { type: 'ChatLeft' }>['data']['reason'], RoomJoinStatus[]>> = {
  kicked: ['KickedFromRoom'],
  banned: ['YouHaveBeenBanned'],
};

/**
 * What chats record on my account. Leaving is `leftchat me="1"` (its address, mine, is filled in
 * by the query: the account stream does not carry it), with the room's status (the event's,
 * else KickedFromRoom / YouHaveBeenBanned for a kick or a ban); closing a chat is `chatclosed` (Zimbra's IMModifyChat close), a destroyed room both.
 * Joining notifies nothing by itself: a room's own entered presence for me comes as a
 * ChatParticipantChanged with `me`.
 */
export function chatNotifications(event: ImChatAccountEvent): ImNotificationBody[] {
  switch (event.type) {
    case 'ChatJoined':
      return [];
    case 'ChatLeft': {
      const { thread, reason } = event.data;
      const status = event.data.status?.length ? event.data.status : LEFT_STATUS[reason];
      const left: ImNotificationBody = { type: 'leftchat', thread, addr: '', me: true, ...(status ? { status } : {}) };
      if (reason === 'closed') return [{ type: 'chatclosed', thread }];
      return reason === 'destroyed' ? [left, { type: 'chatclosed', thread }] : [left];
    }
    case 'ChatMessageReceived': {
      const d = event.data;
      const body = d.html !== undefined ? { text: d.html, ...(d.body?.lang !== undefined ? { lang: d.body.lang } : {}), html: true } : d.body && { ...d.body, html: false };
      return [
        {
          type: 'message',
          from: d.from,
          thread: d.thread,
          ts: d.ts,
          ...(d.error ? { error: d.error } : {}),
          ...(d.subject ? { subject: d.subject } : {}),
          ...(body ? { body } : {}),
          ...(d.typing ? { typing: true } : {}),
        },
      ];
    }
    case 'ChatParticipantChanged': {
      const { thread, change, participant, status } = event.data;
      const statusPart = status?.length ? { status } : {};
      if (change === 'entered') return [{ type: 'enteredchat', thread, addr: participant.addr, participant, ...statusPart }];
      if (change === 'presence') return [{ type: 'chatpresence', thread, addr: participant.addr, participant }];
      return [{ type: 'leftchat', thread, addr: participant.addr, ...(participant.me ? { me: true } : {}), ...statusPart }];
    }
    case 'ChatInvitationReceived': {
      const { thread, addr, from, message } = event.data;
      return [{ type: 'invited', thread, addr, from, message }];
    }
  }
}
