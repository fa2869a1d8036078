import { z } from 'zod';
import type { MailChanges } from './mail';
import type { ImNotification } from './im-notifications';

/**
 * WaitSet interest types (soap-waitset.txt): c contacts, m messages (and conversations), a
 * appointments. `all` in a request stands for all three.
 */
export type InterestType = 'c' | 'm' | 'a';
export const INTEREST_TYPES: readonly InterestType[] = ['c', 'm', 'a'];

/**
 * Core NATS subjects (no JetStream) by which the notifier tells gateways that an account changed,
 * and by which a gateway cancels waits held elsewhere. One wildcard subscription per gateway
 * serves all its blocked requests: no NATS request per waiter.
 */
export const CHANGE_SIGNAL_PREFIX = 'signal.changes';
export const changeSignalSubject = (accountId: string) => `${CHANGE_SIGNAL_PREFIX}.${accountId}`;
export const WAIT_CANCEL_PREFIX = 'signal.cancel';
export const waitCancelSubject = (key: string) => `${WAIT_CANCEL_PREFIX}.${key}`;

/**
 * Kinds of change in a signal: the interest types, `f` for folders, tags and the rest of the
 * mailbox, and `i` for the account's IM stream (messages, presence, roster: `<notify><im>`).
 * WaitSets watch only c/m/a; a waiting NoOp watches every kind.
 */
export type ChangeKind = InterestType | 'f' | 'i';

/** An account changed at `position` (its mailbox's new revision, or its IM stream's) in items of these kinds. */
export interface ChangeSignal {
  accountId: string;
  position: string;
  types: ChangeKind[];
  /** The account was deleted: waits on it end with MAILBOX_DELETED. */
  deleted?: boolean;
}

/** A wait with `waiterId` is superseded: holders of other waiters under the same key complete them. */
export interface WaitCancel {
  waiterId: string;
  /** The gateway instance that sent it: it applied the cancel itself and ignores the echo. */
  origin: string;
}

export type WaitSetErrorCode =
  | 'MAILBOX_DELETED'
  | 'ALREADY_IN_SET_DURING_ADD'
  | 'ERROR_LOADING_MAILBOX'
  | 'MAINTENANCE_MODE'
  | 'NO_SUCH_ACCOUNT'
  | 'WRONG_HOST_FOR_ACCOUNT'
  | 'NOT_IN_SET_DURING_REMOVE'
  | 'NOT_IN_SET_DURING_UPDATE';

export interface WaitSetError {
  id: string;
  t: WaitSetErrorCode;
}

/** What a gateway watches while it holds a blocked WaitSet request. */
export interface WaitSetWatch {
  /** Accounts of the set, each with its types and the position after which a change counts. */
  accounts?: { id: string; types: InterestType[]; after: string }[];
  /** All-accounts sets: any account, these types, after this position. */
  all?: { types: InterestType[]; after: string };
}

export interface WaitSetCreated {
  waitSet: string;
  defTypes: string;
  seq: string;
  errors: WaitSetError[];
}

/**
 * The answer to a WaitSet request. `changed` non-empty: reply now with `seq`. Otherwise a
 * blocking request waits on `watch` for at most `timeoutMs`; a timed-out reply carries `seq`.
 */
export interface WaitSetCheck {
  waitSet: string;
  seq: string;
  changed: string[];
  errors: WaitSetError[];
  watch: WaitSetWatch;
  timeoutMs: number;
}

const accountRef = z.object({ id: z.string().min(1).max(200), token: z.string().regex(/^\d{1,19}$/).optional(), types: z.string().optional() });
const accountRefs = z.array(accountRef).max(100_000).default([]);
const waitSetId = z.string().min(1).max(200);

export const notifierCommands = {
  /**
   * One turn of a SOAP session, after the request's own work: creates or resumes the session,
   * takes the client's acknowledgement and returns what it has not seen.
   */
  SessionTurn: z.object({
    sessionId: z.string().max(200).optional(),
    /** `<session seq="N">`: the highest notify block the client has processed. */
    ack: z.string().max(40).optional(),
    nonotify: z.boolean().default(false),
    /**
     * A waiting NoOp was woken by a change at this position: the turn first waits until the
     * notifier has seen it, so the change is in the block (the gateway heard of it first).
     */
    wokenAt: z.string().regex(/^\d{1,19}$/).optional(),
  }),
  CreateWaitSet: z.object({
    defTypes: z.string().default('all'),
    allAccounts: z.boolean().default(false),
    add: accountRefs,
    /** The admin API (urn:zimbraAdmin): any account, all accounts, wider timeouts. */
    admin: z.boolean().default(false),
  }),
  WaitSet: z.object({
    waitSet: waitSetId,
    seq: z.string().max(40).optional(),
    defTypes: z.string().optional(),
    add: accountRefs,
    update: accountRefs,
    remove: z.array(z.object({ id: z.string().min(1).max(200) })).max(100_000).default([]),
    block: z.boolean().default(false),
    /** Requested timeout in seconds, bounded by the server's min/max. */
    timeout: z.number().int().min(0).optional(),
    admin: z.boolean().default(false),
  }),
  DestroyWaitSet: z.object({ waitSet: waitSetId, admin: z.boolean().default(false) }),
} as const;

export const notifierQueries = {
  QueryWaitSet: z.object({ waitSet: waitSetId.optional() }),
} as const;

export type NotifierCommand<N extends keyof typeof notifierCommands> = z.infer<(typeof notifierCommands)[N]>;
export type NotifierQuery<N extends keyof typeof notifierQueries> = z.infer<(typeof notifierQueries)[N]>;

/** A session turn's answer; the gateway renders it into the response context. */
export interface SessionTurnResult {
  sessionId: string;
  /** The session is new (first use, or the client's id expired): the response carries a refresh block. */
  isNew: boolean;
  /** The mailbox revision: `<change token>`. */
  changeToken: string;
  /**
   * Everything up to this event-store position, mail and IM, has been sent to the client or
   * needs no notification: a waiting NoOp waits for a change after it.
   */
  seen?: string;
  /** Everything the client has not acknowledged, when notifications are on and something changed. */
  notify?: { seq: number; changes: MailChanges; im?: ImNotification[] };
}

/** QueryWaitSet: the internal state, for debugging (soap-waitset.txt says not stable). */
export interface WaitSetInfo {
  id: string;
  owner: string;
  defTypes: string;
  allAccounts: boolean;
  lastAccess: number;
  createdAt: string;
  accounts: { id: string; types: string; after: string; token?: string }[];
}
