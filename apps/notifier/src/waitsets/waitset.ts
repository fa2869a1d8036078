import { InterestType, WaitSetError } from '@gw/contracts';
import type { AccountStatus } from '../changes/change-tracker';

/**
 * A WaitSet as plain data with pure transitions. Its `seq` is an event-store position: "tell me
 * about accounts that changed after seq". That makes retransmission free (an old seq gets the
 * same accounts again) and lets an all-accounts set resume after a restart from the log itself.
 */
export interface WaitSetAccount {
  /** Types of interest when they differ from the set's default. */
  types?: InterestType[];
  /** Changes after this position count: the add position, or the client's sync token. */
  after: string;
  token?: string;
}

export interface WaitSetRecord {
  id: string;
  owner: string;
  /** Made through the admin API: may hold any account, may be all-accounts. */
  admin: boolean;
  defTypes: InterestType[];
  allAccounts: boolean;
  /** Position when created: an all-accounts set reports changes after it. */
  createdAt: string;
  /** Last use (ms since epoch), and until when a blocked request holds it: idle sets are destroyed. */
  lastAccess: number;
  busyUntil: number;
  accounts: Record<string, WaitSetAccount>;
}

export interface AccountRef {
  id: string;
  token?: string;
  types?: InterestType[];
}

export interface MembershipChange {
  add: AccountRef[];
  update: AccountRef[];
  remove: { id: string }[];
}

/**
 * Applies add/update/remove in Zimbra's order (add, update, remove), with its per-account error
 * codes. `status` says which accounts exist; `position` is the current position (the baseline
 * for accounts added without a sync token).
 */
export function changeMembership(
  record: WaitSetRecord,
  change: MembershipChange,
  status: ReadonlyMap<string, AccountStatus>,
  position: bigint,
): { record: WaitSetRecord; errors: WaitSetError[] } {
  const errors: WaitSetError[] = [];
  if (record.allAccounts) return { record, errors }; // soap-waitset.txt: add/update/remove are ignored
  const accounts = { ...record.accounts };
  for (const a of change.add) {
    if (status.get(a.id) !== 'live') errors.push({ id: a.id, t: 'NO_SUCH_ACCOUNT' });
    else if (accounts[a.id]) errors.push({ id: a.id, t: 'ALREADY_IN_SET_DURING_ADD' });
    else accounts[a.id] = member(a, position);
  }
  for (const a of change.update) {
    const existing = accounts[a.id];
    if (!existing) errors.push({ id: a.id, t: 'NOT_IN_SET_DURING_UPDATE' });
    else accounts[a.id] = { ...existing, ...(a.types ? { types: a.types } : {}), ...(a.token !== undefined ? { after: a.token, token: a.token } : {}) };
  }
  for (const a of change.remove) {
    if (!accounts[a.id]) errors.push({ id: a.id, t: 'NOT_IN_SET_DURING_REMOVE' });
    else delete accounts[a.id];
  }
  return { record: { ...record, accounts }, errors };
}

function member(a: AccountRef, position: bigint): WaitSetAccount {
  return {
    ...(a.types ? { types: a.types } : {}),
    after: a.token ?? position.toString(),
    ...(a.token !== undefined ? { token: a.token } : {}),
  };
}

/** Accounts of a set that were deleted leave it, each with MAILBOX_DELETED. */
export function dropDeleted(record: WaitSetRecord, status: ReadonlyMap<string, AccountStatus>): { record: WaitSetRecord; errors: WaitSetError[] } {
  const gone = Object.keys(record.accounts).filter((id) => status.get(id) === 'deleted');
  if (!gone.length) return { record, errors: [] };
  const accounts = { ...record.accounts };
  for (const id of gone) delete accounts[id];
  return { record: { ...record, accounts }, errors: gone.map((id) => ({ id, t: 'MAILBOX_DELETED' as const })) };
}

/** The position after which a member's changes count, given the client's seq. */
export function thresholdOf(account: WaitSetAccount, seq: bigint): bigint {
  const after = BigInt(account.after);
  return after > seq ? after : seq;
}

export const typesOf = (record: WaitSetRecord, account: WaitSetAccount): InterestType[] => account.types ?? record.defTypes;

/**
 * Which members changed after their threshold, from the last change position per kind.
 * Returns them with the position that makes them count.
 */
export function changedMembers(record: WaitSetRecord, seq: bigint, last: ReadonlyMap<string, ReadonlyMap<string, bigint>>): { id: string; position: bigint }[] {
  const changed: { id: string; position: bigint }[] = [];
  for (const [id, account] of Object.entries(record.accounts)) {
    const kinds = last.get(id);
    if (!kinds) continue;
    let newest = 0n;
    for (const t of typesOf(record, account)) {
      const p = kinds.get(t) ?? 0n;
      if (p > newest) newest = p;
    }
    if (newest > thresholdOf(account, seq)) changed.push({ id, position: newest });
  }
  return changed;
}

/** A client's seq: an opaque string to it, a position to us; anything else counts as 0. */
export function parseSeq(raw: string | undefined): bigint {
  return raw !== undefined && /^\d{1,19}$/.test(raw) ? BigInt(raw) : 0n;
}

/** Zimbra's rule: the requested timeout, clamped to the server's range; none asked, the default. */
export function grantedTimeoutMs(requestedSeconds: number | undefined, range: { defaultMs: number; minMs: number; maxMs: number }): number {
  if (requestedSeconds === undefined) return range.defaultMs;
  return Math.min(range.maxMs, Math.max(range.minMs, requestedSeconds * 1000));
}

/** Of a user's sets, which to destroy so that a new one fits under the limit: least recently used first. */
export function evictionsFor(sets: readonly Pick<WaitSetRecord, 'id' | 'lastAccess'>[], limit: number): string[] {
  const excess = sets.length - (limit - 1);
  if (excess <= 0) return [];
  return [...sets].sort((a, b) => a.lastAccess - b.lastAccess).slice(0, excess).map((s) => s.id);
}

/** Unused for the idle time, and no blocked request holds it (Zimbra: 20 minutes). */
export function isIdle(record: Pick<WaitSetRecord, 'lastAccess' | 'busyUntil'>, now: number, idleMs: number): boolean {
  return Math.max(record.lastAccess, record.busyUntil) + idleMs < now;
}
