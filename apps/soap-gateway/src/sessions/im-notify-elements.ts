import { ImNotificationBody, ImRosterNotificationItem, PeerPresence, RoomJoinStatus } from '@gw/contracts';
import { SoapElement, el, textEl, uniqueEl } from '@gw/soap';
import { participantElement } from '../handlers/im/im-elements';

type Attrs = Record<string, string | number | boolean | undefined>;

/** `<n type="…" …>`: every IM notification is one (Zimbra's IMNotification.create). */
const n = (type: string, attrs: Attrs = {}, children: SoapElement[] = []) => el('n', { type, ...attrs }, children);

/** soap-im.txt `status="STATUS1,STATUS2"`; absent when there is none. */
const statusList = (status: RoomJoinStatus[] | undefined) => (status?.length ? status.join(',') : undefined);

/** `<n type="subscribed|unsubscribed" to name groups [ask]/>`: subscribed when I receive their presence. */
function subscriptionElement(s: { to: string; name?: string; groups: string[]; ask?: string }, subscribed: boolean): SoapElement {
  return n(subscribed ? 'subscribed' : 'unsubscribed', { to: s.to, name: s.name, groups: s.groups.join(','), ask: s.ask });
}

const rosterItemElement = (i: ImRosterNotificationItem) => subscriptionElement({ ...i, to: i.addr }, i.subscribed);

/**
 * `<n type="presence" from [lang] [show] [priority] [status]/>`; an unavailable buddy shows
 * `offline`, as in the `<presence>` of IMSetPresence and IMGetRoster.
 */
function presenceElement(p: { from: string } & PeerPresence): SoapElement {
  return n('presence', { from: p.from, lang: p.lang, show: p.unavailable ? 'offline' : p.show, priority: p.priority || undefined, status: p.status });
}

/** One notification as soap-im.txt "IM NOTIFICATIONS" shows it. */
export function imNotificationElement(x: ImNotificationBody): SoapElement {
  switch (x.type) {
    case 'roster':
      // The asynchronous roster: every buddy's subscription, then the presence of those I see.
      return n('roster', {}, [...x.items.map(rosterItemElement), ...x.presence.map(presenceElement)]);
    case 'subscribed':
    case 'unsubscribed':
      return subscriptionElement(x, x.type === 'subscribed');
    case 'subscribe':
      return n('subscribe', { from: x.from });
    case 'presence':
      return presenceElement(x);
    case 'message':
      return n('message', { from: x.from, thread: x.thread, ts: x.ts, error: x.error }, [
        ...(x.subject ? [textEl('subject', x.subject.text, { lang: x.subject.lang })] : []),
        ...(x.body ? [textEl('body', x.body.text, { lang: x.body.lang, html: x.body.html })] : []),
        ...(x.typing ? [el('typing')] : []),
      ]);
    case 'enteredchat':
      return n('enteredchat', { thread: x.thread, addr: x.addr, status: statusList(x.status) }, [participantElement(x.participant)]);
    case 'chatpresence':
      return n('chatpresence', { thread: x.thread, addr: x.addr, role: x.participant.role, affiliation: x.participant.affiliation }, [participantElement(x.participant)]);
    case 'leftchat':
      return n('leftchat', { me: x.me ? true : undefined, thread: x.thread, addr: x.addr, status: statusList(x.status) });
    case 'chatclosed':
      return n('chatclosed', { thread: x.thread });
    case 'invited':
      return { ...n('invited', { thread: x.thread, addr: x.addr, from: x.from }), text: x.message };
    case 'gwStatus':
      return n('gwStatus', { service: x.service, state: x.state, timeUntilNextConnect: x.timeUntilNextConnect });
    case 'privacy':
      return n('privacy', {}, [el('list', { name: x.list.name }, x.list.items.map((i) => el('item', { action: i.action, order: i.order, addr: i.addr })))]);
  }
}

/** `<im>` inside `<notify>`, after deleted/created/modified (SoapSession.putQueuedNotifications); one object in JSON. */
export function imElement(notifications: readonly ImNotificationBody[]): SoapElement {
  return uniqueEl('im', {}, notifications.map(imNotificationElement));
}
