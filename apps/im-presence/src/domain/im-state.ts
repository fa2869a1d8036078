import { ImEvent, PrivacyList, RosterItem, SessionPresence } from '@gw/contracts';

/** An incoming subscription request waiting for my answer. */
export interface PendingRequest {
  from: string;
  accountId: string;
  at: number;
}

/**
 * The presence part of an account, plain data: the read model keeps it as JSON and folds later
 * events into it with the same `evolvePresence`, so the two cannot drift apart.
 */
export interface PresenceState {
  sessions: SessionPresence[];
  /** When the last session went offline (XEP-0012: seconds since logout). */
  offlineSince?: number;
}

/** A chat I am in, as my account knows it. */
export interface JoinedChat {
  thread: string;
  /** A room's address; absent for 1:1 and ad-hoc chats. */
  room?: string;
}

/** The aggregate: one account's IM stream. */
export interface ImState {
  readonly roster: ReadonlyMap<string, RosterItem>;
  readonly requests: ReadonlyMap<string, PendingRequest>;
  readonly presence: PresenceState;
  /** Named privacy lists, and which one is enforced (the last one set). */
  readonly privacyLists: ReadonlyMap<string, PrivacyList>;
  readonly activePrivacyList?: string;
  /** Interop gateway registrations by service name. */
  readonly gateways: ReadonlyMap<string, { name: string }>;
  readonly chats: ReadonlyMap<string, JoinedChat>;
}

export const noPresence = (): PresenceState => ({ sessions: [] });
export const emptyIm = (): ImState => ({ roster: new Map(), requests: new Map(), presence: noPresence(), privacyLists: new Map(), gateways: new Map(), chats: new Map() });

/** The enforced privacy list, if any. */
export const activePrivacyList = (state: ImState): PrivacyList | undefined =>
  state.activePrivacyList === undefined ? undefined : state.privacyLists.get(state.activePrivacyList);

/** Folds a presence event into the presence part; other events leave it as it is. */
export function evolvePresence(presence: PresenceState, event: ImEvent): PresenceState {
  switch (event.type) {
    case 'PresenceSet': {
      const d = event.data;
      const others = presence.sessions.filter((s) => s.sessionId !== d.sessionId);
      if (d.show === 'offline') {
        if (others.length === presence.sessions.length) return presence;
        return others.length ? { sessions: others } : { sessions: [], offlineSince: d.at };
      }
      // Setting one's presence is a user action: the session is active again.
      const session: SessionPresence = { sessionId: d.sessionId, show: d.show, priority: d.priority, idle: false, lastActivityAt: d.at };
      if (d.status !== undefined) session.status = d.status;
      if (d.lang !== undefined) session.lang = d.lang;
      return { sessions: [...others, session] };
    }
    case 'SessionIdleSet': {
      const d = event.data;
      const existing = presence.sessions.find((s) => s.sessionId === d.sessionId);
      const others = presence.sessions.filter((s) => s.sessionId !== d.sessionId);
      // An idle report of a session that never set its presence: the session is online (Zimbra
      // puts a web client's user online when the session starts).
      const base: SessionPresence = existing ?? { sessionId: d.sessionId, show: 'online', priority: 0, idle: false, lastActivityAt: d.at };
      const lastActivityAt = d.idle ? d.at - d.idleSeconds * 1000 : d.at;
      return { sessions: [...others, { ...base, idle: d.idle, lastActivityAt }] };
    }
    default:
      return presence;
  }
}

/** Folds one event into the account (a new state; the old one is untouched). */
export function evolve(state: ImState, event: ImEvent): ImState {
  switch (event.type) {
    case 'RosterItemAdded':
    case 'RosterItemUpdated': {
      const roster = new Map(state.roster);
      roster.set(event.data.item.addr, event.data.item);
      return { ...state, roster };
    }
    case 'RosterItemRemoved': {
      const roster = new Map(state.roster);
      roster.delete(event.data.addr);
      return { ...state, roster };
    }
    case 'SubscriptionRequested': {
      const requests = new Map(state.requests);
      requests.set(event.data.from, { from: event.data.from, accountId: event.data.fromAccountId, at: event.data.at });
      return { ...state, requests };
    }
    case 'SubscriptionRequestClosed': {
      const requests = new Map(state.requests);
      requests.delete(event.data.from);
      return { ...state, requests };
    }
    case 'PresenceSet':
    case 'SessionIdleSet':
      return { ...state, presence: evolvePresence(state.presence, event) };
    case 'PrivacyListSet': {
      const privacyLists = new Map(state.privacyLists);
      privacyLists.set(event.data.list.name, event.data.list);
      return { ...state, privacyLists, activePrivacyList: event.data.list.name };
    }
    case 'GatewayRegistered': {
      const gateways = new Map(state.gateways);
      gateways.set(event.data.service, { name: event.data.name });
      return { ...state, gateways };
    }
    case 'GatewayUnregistered': {
      const gateways = new Map(state.gateways);
      gateways.delete(event.data.service);
      return { ...state, gateways };
    }
    case 'ChatJoined': {
      const chats = new Map(state.chats);
      chats.set(event.data.thread, { thread: event.data.thread, ...(event.data.room ? { room: event.data.room } : {}) });
      return { ...state, chats };
    }
    case 'ChatLeft': {
      const chats = new Map(state.chats);
      chats.delete(event.data.thread);
      return { ...state, chats };
    }
    default:
      // Notices (presence received, messages, requests for the roster or a list) change no decision.
      return state;
  }
}
