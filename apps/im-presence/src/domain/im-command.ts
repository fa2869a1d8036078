import { ImShow } from '@gw/contracts';

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
  | { type: 'SetPresence'; sessionId: string; show: ImShow; priority: number; status?: string; lang?: string; at: number }
  | { type: 'SetIdle'; sessionId?: string; idle: boolean; idleSeconds: number; at: number }
  /** `from` asks to see my presence. */
  | { type: 'ReceiveSubscribe'; me: Party; from: Party; at: number }
  /** `from` granted my request: I now receive their presence. */
  | { type: 'ReceiveSubscribed'; me: Party; from: Party; at: number }
  /** `from` refused my request or revoked my subscription: I no longer receive their presence. */
  | { type: 'ReceiveUnsubscribed'; me: Party; from: Party; at: number }
  /** `from` no longer wants my presence (and withdraws a pending request). */
  | { type: 'ReceiveUnsubscribe'; me: Party; from: Party; at: number };

export type ImCommandType = ImCommand['type'];

/** A command the service must run next on another account's stream. */
export interface Effect {
  accountId: string;
  command: ImCommand;
}
