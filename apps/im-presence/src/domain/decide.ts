import { ImEvent, ImSubscription, RosterItem } from '@gw/contracts';
import { Effect, ImCommand, Party } from './im-command';
import { activePrivacyList, evolve, ImState } from './im-state';
import { refuse } from './refusals';
import { decideChatAccount } from './chat-account';
import { privacyAllows } from './privacy';
import {
  hasFrom,
  hasTo,
  presenceFor,
  receivePeerPresence,
  registerGateway,
  requestPrivacyList,
  requestRoster,
  sendPresence,
  setIdle,
  setPresence,
  setPrivacyList,
  unavailableBeforeRevoking,
} from './decide-presence';

/**
 * What a command does: the events for this account's stream and the commands the service must
 * then run on the other party's stream.
 *
 * Consistency across two accounts. A subscription concerns two streams, and the event store
 * appends to one stream at a time. Each side's stream records only its own view (my roster item
 * with my subscription state and pending `ask`; the requests waiting for me), and the service
 * writes them in order: first the acting account's events (A's roster item with
 * ask=subscribe), then the effects on the other account (B's pending request), then any effect
 * of that (an automatic approval back to A). Every `Receive*` command is idempotent and every
 * user command re-sends its effects even when its own side has nothing left to record, so a
 * request interrupted between the two appends is completed by repeating it; until then the
 * acting side is ahead (A waits with ask=subscribe, which is what XMPP shows anyway while the
 * contact's server has not answered). No side ever trusts the other's stream: each decides on
 * its own state.
 *
 * Presence travels the same way (see `decide-presence`): whoever grants a subscription sends the
 * new subscriber its presence right after the approval, and whoever revokes one sends
 * `unavailable` right before.
 *
 * Pure: no clock, no I/O; an empty result means nothing to record.
 */
export interface Decision {
  events: ImEvent[];
  effects: Effect[];
}

const gainsTo: Record<ImSubscription, ImSubscription> = { none: 'to', to: 'to', from: 'both', both: 'both' };
const losesTo: Record<ImSubscription, ImSubscription> = { none: 'none', to: 'none', from: 'from', both: 'from' };
const gainsFrom: Record<ImSubscription, ImSubscription> = { none: 'from', to: 'both', from: 'from', both: 'both' };
const losesFrom: Record<ImSubscription, ImSubscription> = { none: 'none', to: 'to', from: 'none', both: 'to' };

const sameItem = (a: RosterItem, b: RosterItem) => JSON.stringify(a) === JSON.stringify(b);

/** The roster event turning `before` (absent: not on the roster) into `after`, if any. */
function itemEvent(before: RosterItem | undefined, after: RosterItem, at: number): ImEvent[] {
  if (!before) return [{ type: 'RosterItemAdded', data: { item: after, at } }];
  return sameItem(before, after) ? [] : [{ type: 'RosterItemUpdated', data: { item: after, at } }];
}

/** A roster item without `ask` when it is undefined, so items compare and serialise alike. */
function item(fields: RosterItem): RosterItem {
  const { ask, name, ...rest } = fields;
  return { ...rest, ...(name !== undefined ? { name } : {}), ...(ask ? { ask } : {}) };
}

const to = (party: Party, command: ImCommand): Effect => ({ accountId: party.accountId, command });

function notSelf(me: Party, peer: Party) {
  if (me.accountId === peer.accountId) throw refuse.invalid('you cannot subscribe to yourself');
}

function subscribe(state: ImState, c: Extract<ImCommand, { type: 'Subscribe' }>): Decision {
  notSelf(c.me, c.peer);
  const before = state.roster.get(c.peer.addr);
  const subscription = before?.subscription ?? 'none';
  const after = item({
    addr: c.peer.addr,
    accountId: c.peer.accountId,
    name: c.name ?? before?.name,
    groups: c.groups ?? before?.groups ?? [],
    subscription,
    // Already receiving their presence: nothing to ask (a pending unsubscribe gives way).
    ask: hasTo(subscription) ? undefined : 'subscribe',
  });
  const effects = hasTo(subscription) ? [] : [to(c.peer, { type: 'ReceiveSubscribe', me: c.peer, from: c.me, at: c.at })];
  return { events: itemEvent(before, after, c.at), effects };
}

function removeBuddy(state: ImState, c: Extract<ImCommand, { type: 'RemoveBuddy' }>): Decision {
  notSelf(c.me, c.peer);
  const events: ImEvent[] = [];
  if (state.roster.has(c.peer.addr)) events.push({ type: 'RosterItemRemoved', data: { addr: c.peer.addr, at: c.at } });
  if (state.requests.has(c.peer.addr)) events.push({ type: 'SubscriptionRequestClosed', data: { from: c.peer.addr, outcome: 'denied', at: c.at } });
  // Both directions end on the other side too; sent even when nothing was left here (see above).
  return {
    events,
    effects: [
      ...unavailableBeforeRevoking(state, c.me, state.roster.get(c.peer.addr), c.at),
      to(c.peer, { type: 'ReceiveUnsubscribe', me: c.peer, from: c.me, at: c.at }),
      to(c.peer, { type: 'ReceiveUnsubscribed', me: c.peer, from: c.me, at: c.at }),
    ],
  };
}

function authorizeSubscribe(state: ImState, c: Extract<ImCommand, { type: 'AuthorizeSubscribe' }>): Decision {
  notSelf(c.me, c.peer);
  const pending = state.requests.get(c.peer.addr);
  const before = state.roster.get(c.peer.addr);
  const events: ImEvent[] = [];
  const effects: Effect[] = [];
  if (pending) events.push({ type: 'SubscriptionRequestClosed', data: { from: c.peer.addr, outcome: c.authorized ? 'authorized' : 'denied', at: c.at } });
  if (c.authorized && (pending || (before && hasFrom(before.subscription)))) {
    // The requester appears on my roster with `from` (RFC 6121 §3.1.5), named as I ask.
    const after = item({
      addr: c.peer.addr,
      accountId: c.peer.accountId,
      name: c.name ?? before?.name,
      groups: c.groups ?? before?.groups ?? [],
      subscription: gainsFrom[before?.subscription ?? 'none'],
      ask: before?.ask,
    });
    events.push(...itemEvent(before, after, c.at));
    effects.push(...approve(state, c.me, c.peer, c.at));
  } else if (!c.authorized) {
    // Refusing a request, or revoking a subscription granted earlier (RFC 6121 §3.2).
    if (before && hasFrom(before.subscription)) events.push(...itemEvent(before, { ...before, subscription: losesFrom[before.subscription] }, c.at));
    effects.push(...unavailableBeforeRevoking(state, c.me, before, c.at));
    effects.push(to(c.peer, { type: 'ReceiveUnsubscribed', me: c.peer, from: c.me, at: c.at }));
  }
  if (!c.add) return { events, effects };
  // "Optionally, add this user to my buddy list as well": a subscription of my own.
  const then = subscribe(events.reduce(evolve, state), { type: 'Subscribe', me: c.me, peer: c.peer, name: c.name, groups: c.groups, at: c.at });
  return { events: [...events, ...then.events], effects: [...effects, ...then.effects] };
}

/** The approval of `peer`'s subscription, then my presence as they may see it. */
function approve(state: ImState, me: Party, peer: Party, at: number): Effect[] {
  return [to(peer, { type: 'ReceiveSubscribed', me: peer, from: me, at }), sendPresence(me, peer, presenceFor(state, peer.addr, at), at)];
}

function receiveSubscribe(state: ImState, c: Extract<ImCommand, { type: 'ReceiveSubscribe' }>): Decision {
  // A denied address does not reach me: its request is dropped (it waits with ask=subscribe).
  if (!privacyAllows(activePrivacyList(state), c.from.addr)) return { events: [], effects: [] };
  const mine = state.roster.get(c.from.addr);
  // They already have my presence by my earlier approval: approve again at once (RFC 6121 §3.1.3).
  if (mine && hasFrom(mine.subscription)) return { events: [], effects: approve(state, c.me, c.from, c.at) };
  if (state.requests.has(c.from.addr)) return { events: [], effects: [] };
  return { events: [{ type: 'SubscriptionRequested', data: { from: c.from.addr, fromAccountId: c.from.accountId, at: c.at } }], effects: [] };
}

function receiveSubscribed(state: ImState, c: Extract<ImCommand, { type: 'ReceiveSubscribed' }>): Decision {
  const before = state.roster.get(c.from.addr);
  // Unasked approvals are ignored (RFC 6121 §3.1.6): only a pending `ask` becomes a subscription.
  if (!before || before.ask !== 'subscribe') return { events: [], effects: [] };
  return { events: itemEvent(before, item({ ...before, subscription: gainsTo[before.subscription], ask: undefined }), c.at), effects: [] };
}

function receiveUnsubscribed(state: ImState, c: Extract<ImCommand, { type: 'ReceiveUnsubscribed' }>): Decision {
  const before = state.roster.get(c.from.addr);
  if (!before) return { events: [], effects: [] };
  const ask = before.ask === 'subscribe' ? undefined : before.ask;
  return { events: itemEvent(before, item({ ...before, subscription: losesTo[before.subscription], ask }), c.at), effects: [] };
}

function receiveUnsubscribe(state: ImState, c: Extract<ImCommand, { type: 'ReceiveUnsubscribe' }>): Decision {
  const events: ImEvent[] = [];
  if (state.requests.has(c.from.addr)) events.push({ type: 'SubscriptionRequestClosed', data: { from: c.from.addr, outcome: 'withdrawn', at: c.at } });
  const before = state.roster.get(c.from.addr);
  if (before && hasFrom(before.subscription)) events.push(...itemEvent(before, { ...before, subscription: losesFrom[before.subscription] }, c.at));
  return { events, effects: [] };
}

export function decide(state: ImState, command: ImCommand): Decision {
  switch (command.type) {
    case 'Subscribe': return subscribe(state, command);
    case 'RemoveBuddy': return removeBuddy(state, command);
    case 'AuthorizeSubscribe': return authorizeSubscribe(state, command);
    case 'SetPresence': return setPresence(state, command);
    case 'SetIdle': return setIdle(state, command);
    case 'ReceiveSubscribe': return receiveSubscribe(state, command);
    case 'ReceiveSubscribed': return receiveSubscribed(state, command);
    case 'ReceiveUnsubscribed': return receiveUnsubscribed(state, command);
    case 'ReceiveUnsubscribe': return receiveUnsubscribe(state, command);
    case 'ReceivePeerPresence': return receivePeerPresence(state, command);
    case 'RequestRoster': return requestRoster(command);
    case 'SetPrivacyList': return setPrivacyList(state, command);
    case 'RequestPrivacyList': return requestPrivacyList(command);
    case 'RegisterGateway': return registerGateway(state, command);
    case 'JoinChat':
    case 'LeaveChat':
    case 'ReceiveChatMessage':
    case 'ReceiveMessageError':
    case 'ReceiveChatParticipantChange':
    case 'ReceiveChatInvitation':
      return decideChatAccount(state, command);
    default: {
      const unknown: never = command;
      throw refuse.invalid(`unknown command: ${(unknown as ImCommand).type}`);
    }
  }
}
