import { z } from 'zod';
import { commandSubject, querySubject } from './subjects';
import type { ImChatAccountEvent, ImChatSummary } from './im-chats';

/**
 * Instant messaging and presence (urn:zimbraIM, soap-im.txt; XMPP subscriptions after RFC 6121):
 * rosters with subscription states, subscription requests between accounts, presence per session
 * with idle tracking. Owned by the im-presence service; the SOAP edge maps IM requests onto these
 * commands and queries, the HTTP presence edge (`/xmpp/status/<jid>`) asks GetPresence.
 *
 * Chats, conference rooms and their notifications: `im-chats.ts`; notifications: `im-notifications.ts`.
 */

/** One stream per account holds its roster, incoming subscription requests and sessions' presence. */
export const IM_STREAM_PREFIX = 'im-';
export const imStream = (accountId: string) => `${IM_STREAM_PREFIX}${accountId}`;
export const IM_EVENT_SCHEMA_VERSION = 1;

/** Refusals of the im-presence service, beyond the shared ErrorCode (AUTH_REQUIRED, INVALID_REQUEST, …). */
export const ImErrorCode = {
  /** soap-im.txt: the IM address is invalid (missing @ and not found in the default domain), or no such local account. */
  INVALID_ADDRESS: 'im.INVALID_ADDRESS',
  /** IMSetIdle without a session (soap-im.txt: "a session MUST be active for this API to be used"). */
  SESSION_REQUIRED: 'service.SESSION_REQUIRED',
  /** Zimbra IMServiceException: permission denied on an address (a room, a service). */
  NOT_ALLOWED: 'im.NOT_ALLOWED',
  /** The address names no conference service of ours. */
  NOT_A_CONFERENCE_SERVICE: 'im.NOT_A_CONFERENCE_SERVICE',
  NOT_A_CONFERENCE_ROOM: 'im.NOT_A_CONFERENCE_ROOM',
  /** IMModifyChat op=configure on a 1:1 chat. */
  NOT_A_MUC_CHAT: 'im.NOT_A_MUC_CHAT',
} as const;
export type ImErrorCode = (typeof ImErrorCode)[keyof typeof ImErrorCode];

/**
 * RFC 6121 subscription states, as seen from the roster's owner: `to` = I receive their presence,
 * `from` = they receive mine, `both` = mutual, `none` = neither.
 */
export const IM_SUBSCRIPTIONS = ['none', 'to', 'from', 'both'] as const;
export type ImSubscription = (typeof IM_SUBSCRIPTIONS)[number];
/** A request of mine waiting for the other side's answer (soap-im.txt `ask`). */
export type ImAsk = 'subscribe' | 'unsubscribe';

/** soap-im.txt `show`; `offline` ends the session's presence. */
export const IM_SHOWS = ['online', 'chat', 'away', 'xa', 'dnd', 'offline'] as const;
export type ImShow = (typeof IM_SHOWS)[number];

/** A buddy: keyed by the canonical address; `accountId` is the local account behind it. */
export interface RosterItem {
  addr: string;
  accountId: string;
  name?: string;
  groups: string[];
  subscription: ImSubscription;
  ask?: ImAsk;
}

/** Presence of one session (a SOAP session, a client connection). Times in ms since epoch. */
export interface SessionPresence {
  sessionId: string;
  show: Exclude<ImShow, 'offline'>;
  priority: number;
  status?: string;
  lang?: string;
  idle: boolean;
  /** When the session's user last did something (an idle report moves it back by idleTime). */
  lastActivityAt: number;
}

export type ImEvent =
  /** A buddy entered my roster (full item). */
  | { type: 'RosterItemAdded'; data: { item: RosterItem; at: number } }
  /** A buddy's name, groups, subscription or pending ask changed (full item as it is now). */
  | { type: 'RosterItemUpdated'; data: { item: RosterItem; at: number } }
  | { type: 'RosterItemRemoved'; data: { addr: string; at: number } }
  /** Someone asks to see my presence (soap-im.txt `<n type="subscribe" from=…/>`). */
  | { type: 'SubscriptionRequested'; data: { from: string; fromAccountId: string; at: number } }
  /** I answered it (IMAuthorizeSubscribe), or the asker withdrew it (it is then `withdrawn`). */
  | { type: 'SubscriptionRequestClosed'; data: { from: string; outcome: 'authorized' | 'denied' | 'withdrawn'; at: number } }
  /** A session's presence; `show: 'offline'` ends the session. */
  | {
      type: 'PresenceSet';
      data: { sessionId: string; show: ImShow; priority: number; status?: string; lang?: string; at: number };
    }
  /** IMSetIdle of a session; `idleSeconds` is the client's estimate of the time since the last user action. */
  | { type: 'SessionIdleSet'; data: { sessionId: string; idle: boolean; idleSeconds: number; at: number } }
  /** A buddy's presence reached me (I receive it: subscription to/both, and neither side's privacy list denies it). */
  | { type: 'PeerPresenceReceived'; data: { from: string; fromAccountId: string; presence: PeerPresence; at: number } }
  /** IMGetRoster: the roster goes out asynchronously, in the next notify block (soap-im.txt). */
  | { type: 'RosterRequested'; data: { at: number } }
  /** IMSetPrivacyList: the list, now the active one (entries sorted by order). */
  | { type: 'PrivacyListSet'; data: { list: PrivacyList; at: number } }
  /** IMGetPrivacyList: the list goes out in the next notify block (soap-im.txt `privacy`). */
  | { type: 'PrivacyListRequested'; data: { name?: string; at: number } }
  /** IMGatewayRegister op=reg. The remote password is not recorded: the event log is the audit trail. */
  | { type: 'GatewayRegistered'; data: { service: string; name: string; at: number } }
  | { type: 'GatewayUnregistered'; data: { service: string; at: number } }
  | { type: 'GatewayReconnectRequested'; data: { service: string; at: number } }
  | ImChatAccountEvent;

export type ImEventType = ImEvent['type'];

/** Addresses as typed by a user; canonicalised by the service (lower case, default domain). */
const address = z.string().trim().min(1, 'no address').max(256);
const sessionId = z.string().min(1).max(128);
const name = z.string().max(256);
/** soap-im.txt groups="group,group…": a list on the bus (the edge splits). */
const groups = z.array(z.string().min(1).max(256)).max(100);
const accountId = z.string().regex(/^[A-Za-z0-9_-]{1,190}$/, 'invalid account id');
/** soap-im.txt privacy item: `addr` is an address or a whole domain. */
const privacyItem = z.object({
  action: z.enum(['allow', 'deny']),
  order: z.number().int().positive().max(2 ** 31 - 1),
  addr: z.string().trim().min(1).max(256),
});

/** Commands act on the caller's own account. */
export const imCommands = {
  /** IMSubscribe: add (or rename/regroup) a buddy and ask for their presence; `remove` drops them (both directions). */
  IMSubscribe: z.object({ op: z.enum(['add', 'remove']).default('add'), addr: address, name: name.optional(), groups: groups.optional() }),
  /** IMAuthorizeSubscribe: answer `addr`'s request; `add` also puts them on my roster and asks for theirs. */
  IMAuthorizeSubscribe: z.object({
    addr: address,
    authorized: z.boolean(),
    add: z.boolean().default(false),
    name: name.optional(),
    groups: groups.optional(),
  }),
  /** IMSetPresence of one session (the edge sends one command per `<presence>`, or the one without lang). */
  IMSetPresence: z.object({
    show: z.enum(IM_SHOWS).default('online'),
    priority: z.number().int().min(0).max(255).default(0),
    status: z.string().max(1024).optional(),
    lang: z.string().max(16).optional(),
    /** The SOAP session; without one the account's `default` session. */
    sessionId: sessionId.default('default'),
  }),
  /** IMSetIdle: needs a session (SESSION_REQUIRED). */
  IMSetIdle: z.object({ isIdle: z.boolean(), idleTime: z.number().int().min(0).max(10 * 365 * 86400).default(0), sessionId: sessionId.optional() }),
  /** IMGetRoster's asynchronous part: records RosterRequested so the roster goes out in the next notify block. */
  IMRequestRoster: z.object({}),
  /** IMSetPrivacyList: replaces the list (no name: the default list) and makes it the active one. */
  IMSetPrivacyList: z.object({
    name: z.string().min(1).max(256).optional(),
    items: z.array(privacyItem).max(1000).refine((items) => new Set(items.map((i) => i.order)).size === items.length, 'order values must be unique'),
  }),
  /** IMGetPrivacyList: the list (no name: the active one) goes out in the next notify block. */
  IMRequestPrivacyList: z.object({ name: z.string().min(1).max(256).optional() }),
  /** IMGatewayRegister: result false for an unknown service (soap-im.txt result="0"). */
  IMGatewayRegister: z.object({
    op: z.enum(['reg', 'unreg', 'reconnect']),
    service: z.string().min(1).max(256),
    name: z.string().max(256).optional(),
    password: z.string().max(1024).optional(),
  }),
} as const;

export const imQueries = {
  /** IMGetRoster: my presence, my buddies (with their presence where I am subscribed) and requests waiting for me. */
  IMGetRoster: z.object({}),
  /** For the HTTP presence edge (trusted, no principal): an account's aggregate presence. */
  GetPresence: z.object({ accountId }),
  /**
   * For the notifier's session turn: the caller's IM notifications recorded after `since` (an
   * event-store position, exclusive), oldest first, at most `limit`.
   */
  GetImNotifications: z.object({ since: z.string().regex(/^\d{1,19}$/), limit: z.number().int().min(1).max(10_000).default(1000) }),
  /** IMGatewayList: the configured interop services, with my registration on each. */
  IMGatewayList: z.object({}),
} as const;

export type ImCommandName = keyof typeof imCommands;
export type ImQueryName = keyof typeof imQueries;
export type ImCommandPayload<N extends ImCommandName> = z.infer<(typeof imCommands)[N]>;
export type ImQueryPayload<N extends ImQueryName> = z.infer<(typeof imQueries)[N]>;

export const imCommandSubject = (name: ImCommandName) => commandSubject('im-presence', name);
export const imQuerySubject = (name: ImQueryName) => querySubject('im-presence', name);

/** An account's presence as others see it (aggregated over its sessions). */
export interface ImPresence {
  show: ImShow;
  /** No session: XMPP `type="unavailable"`. */
  unavailable: boolean;
  priority?: number;
  status?: string;
  lang?: string;
  /** Every session idle. */
  idle: boolean;
  /** XEP-0256/0012 `seconds`: since the last user action (online) or since going offline; absent when never seen. */
  secondsSinceLastActivity?: number;
}

export interface ImRosterEntry extends RosterItem {
  /** The buddy's presence, only where I receive it (subscription to/both). */
  presence?: ImPresence;
}

export interface ImRoster {
  presence: ImPresence;
  /** My active chats (soap-im.txt IMGetRosterResponse `<chats>`). */
  chats: ImChatSummary[];
  items: ImRosterEntry[];
  /** Requests to see my presence that I have not answered. */
  pendingRequests: { from: string; accountId: string; at: number }[];
}

/** IMSubscribe's answer: the canonical address (soap-im.txt: may differ from the requested one). */
export interface ImSubscribeResult {
  addr: string;
}

export type ImPresenceResult = ImPresence & { accountId: string };

/** A presence as sent to a buddy (soap-im.txt `<n type="presence">`); `unavailable` when offline or hidden. */
export interface PeerPresence {
  show?: Exclude<ImShow, 'offline'>;
  unavailable: boolean;
  priority?: number;
  status?: string;
  lang?: string;
}

export type PrivacyItem = z.infer<typeof privacyItem>;
/** An ordered privacy list; entries are evaluated in increasing order, the first match decides, no match allows. */
export interface PrivacyList {
  /** `default` when the client gave no name. */
  name: string;
  items: PrivacyItem[];
}
export const DEFAULT_PRIVACY_LIST = 'default';

/** soap-im.txt gateway connection states. */
export const GATEWAY_STATES = ['bad_auth', 'intentionally_offline', 'disabled', 'online', 'shutdown', 'start', 'trying_to_connect'] as const;
export type GatewayState = (typeof GATEWAY_STATES)[number];

export interface ImGatewayService {
  name: string;
  type: string;
  domain: string;
  registration?: { name: string; state: GatewayState; timeUntilNextConnect?: number };
}

export interface ImGatewayListResult {
  services: ImGatewayService[];
}

export interface ImGatewayRegisterResult {
  result: boolean;
}
