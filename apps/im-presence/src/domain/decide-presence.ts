import { DEFAULT_PRIVACY_LIST, ImEvent, ImSubscription, PeerPresence, RosterItem } from '@gw/contracts';
import { Effect, ImCommand, Party } from './im-command';
import { activePrivacyList, evolve, ImState } from './im-state';
import { normalisePrivacyList, privacyAllows } from './privacy';
import { aggregatePresence, peerPresence, samePeerPresence, UNAVAILABLE } from './presence-view';
import { refuse } from './refusals';
import type { Decision } from './decide';

/**
 * Presence going out to subscribers and coming in from buddies, privacy lists, and the requests
 * whose answer goes out as a notification (roster, privacy list) or that only concern this
 * account (gateway registrations). Pure, like `decide`.
 *
 * Who sees what: a buddy whose roster item on my side has `from`/`both` receives my presence,
 * unless my active privacy list denies their address (Zimbra sets every entry as "block all":
 * presence out, presence in, messages); then they see me unavailable. Each account records what
 * reached it as PeerPresenceReceived (the notification), deciding on its own state whether to
 * accept it (it receives from that buddy; its own list does not deny them).
 */

/** I receive their presence. */
export const hasTo = (s: ImSubscription) => s === 'to' || s === 'both';
/** They receive mine. */
export const hasFrom = (s: ImSubscription) => s === 'from' || s === 'both';

const nothing = (): Decision => ({ events: [], effects: [] });
const partyOf = (item: RosterItem): Party => ({ accountId: item.accountId, addr: item.addr });

/** What each address sees of me at `at`: my presence, or unavailable when my active privacy list denies them. */
function seenBy(state: ImState, at: number): (addr: string) => PeerPresence {
  const mine = peerPresence(aggregatePresence(state.presence, at));
  const list = activePrivacyList(state);
  return (addr) => (privacyAllows(list, addr) ? mine : UNAVAILABLE);
}

/** What `addr` sees of me at `at`. */
export const presenceFor = (state: ImState, addr: string, at: number): PeerPresence => seenBy(state, at)(addr);

/** The effect delivering my presence to a buddy. */
export function sendPresence(me: Party, to: Party, presence: PeerPresence, at: number): Effect {
  return { accountId: to.accountId, command: { type: 'ReceivePeerPresence', me: to, from: me, presence, at } };
}

/**
 * Before a buddy stops receiving my presence (I revoke or remove them), they are told I am
 * unavailable (RFC 6121 §3.2.2) — unless that is all they saw already.
 */
export function unavailableBeforeRevoking(state: ImState, me: Party, item: RosterItem | undefined, at: number): Effect[] {
  if (!item || !hasFrom(item.subscription) || presenceFor(state, item.addr, at).unavailable) return [];
  return [sendPresence(me, partyOf(item), UNAVAILABLE, at)];
}

/**
 * The events of a command that may change what my subscribers see (my sessions, my privacy
 * list), with a presence effect to every subscriber whose view of me changed. Sorted by address
 * so that the order of deliveries does not depend on the order the roster was built in.
 */
function withFanOut(state: ImState, events: ImEvent[], me: Party, at: number): Decision {
  const after = events.reduce(evolve, state);
  const [seen, now] = [seenBy(state, at), seenBy(after, at)];
  const effects = [...after.roster.values()]
    .filter((item) => hasFrom(item.subscription))
    .sort((a, b) => a.addr.localeCompare(b.addr))
    .flatMap((item) => (samePeerPresence(seen(item.addr), now(item.addr)) ? [] : [sendPresence(me, partyOf(item), now(item.addr), at)]));
  return { events, effects };
}

export function setPresence(state: ImState, c: Extract<ImCommand, { type: 'SetPresence' }>): Decision {
  if (c.show === 'offline' && !state.presence.sessions.some((s) => s.sessionId === c.sessionId)) return nothing();
  const data = { sessionId: c.sessionId, show: c.show, priority: c.priority, at: c.at, ...(c.status !== undefined ? { status: c.status } : {}), ...(c.lang !== undefined ? { lang: c.lang } : {}) };
  return withFanOut(state, [{ type: 'PresenceSet', data }], c.me, c.at);
}

export function setIdle(state: ImState, c: Extract<ImCommand, { type: 'SetIdle' }>): Decision {
  if (!c.sessionId) throw refuse.sessionRequired();
  const session = state.presence.sessions.find((s) => s.sessionId === c.sessionId);
  // Still idle: the first report keeps the time of the last action.
  if (c.idle && session?.idle) return nothing();
  return withFanOut(state, [{ type: 'SessionIdleSet', data: { sessionId: c.sessionId, idle: c.idle, idleSeconds: c.idle ? c.idleSeconds : 0, at: c.at } }], c.me, c.at);
}

/** A buddy's presence: kept only from someone I receive presence from and my list does not deny (presence in). */
export function receivePeerPresence(state: ImState, c: Extract<ImCommand, { type: 'ReceivePeerPresence' }>): Decision {
  const item = state.roster.get(c.from.addr);
  if (!item || !hasTo(item.subscription) || !privacyAllows(activePrivacyList(state), c.from.addr)) return nothing();
  return { events: [{ type: 'PeerPresenceReceived', data: { from: c.from.addr, fromAccountId: c.from.accountId, presence: c.presence, at: c.at } }], effects: [] };
}

/**
 * IMSetPrivacyList: the list replaces the one of that name (no name: the active list, as Zimbra
 * writes to its default list) and becomes the active one. Subscribers it newly denies are told I
 * am unavailable; those it allows again get my presence.
 */
export function setPrivacyList(state: ImState, c: Extract<ImCommand, { type: 'SetPrivacyList' }>): Decision {
  const list = normalisePrivacyList(c.name ?? state.activePrivacyList ?? DEFAULT_PRIVACY_LIST, c.items);
  return withFanOut(state, [{ type: 'PrivacyListSet', data: { list, at: c.at } }], c.me, c.at);
}

/** IMGetPrivacyList: every request is answered by a notification, so each is recorded. */
export function requestPrivacyList(c: Extract<ImCommand, { type: 'RequestPrivacyList' }>): Decision {
  return { events: [{ type: 'PrivacyListRequested', data: { ...(c.name !== undefined ? { name: c.name } : {}), at: c.at } }], effects: [] };
}

/** IMGetRoster: the roster goes out as a notification, once per request. */
export function requestRoster(c: Extract<ImCommand, { type: 'RequestRoster' }>): Decision {
  return { events: [{ type: 'RosterRequested', data: { at: c.at } }], effects: [] };
}

/**
 * IMGatewayRegister on a configured service: reg records the remote name (never the password);
 * unreg and reconnect concern an existing registration only. Nothing for an unknown service.
 */
export function registerGateway(state: ImState, c: Extract<ImCommand, { type: 'RegisterGateway' }>): Decision {
  if (!c.known) return nothing();
  const registered = state.gateways.has(c.service);
  switch (c.op) {
    case 'reg':
      if (!c.name?.trim()) throw refuse.invalid('op="reg" needs the remote name');
      return { events: [{ type: 'GatewayRegistered', data: { service: c.service, name: c.name.trim(), at: c.at } }], effects: [] };
    case 'unreg':
      return registered ? { events: [{ type: 'GatewayUnregistered', data: { service: c.service, at: c.at } }], effects: [] } : nothing();
    case 'reconnect':
      return registered ? { events: [{ type: 'GatewayReconnectRequested', data: { service: c.service, at: c.at } }], effects: [] } : nothing();
  }
}

/**
 * IMGatewayRegisterResponse `result`: false for a service that is not configured, and for a
 * reconnect without a registration; unregistering what is not registered is done already.
 */
export function gatewayRegisterResult(after: ImState, c: Extract<ImCommand, { type: 'RegisterGateway' }>): boolean {
  return c.known && (c.op !== 'reconnect' || after.gateways.has(c.service));
}
