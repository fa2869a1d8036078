import { ImAsk, ImPresence, ImSubscription, PrivacyItem, PrivacyList } from '@gw/contracts';
import { SqlExecutor } from '@gw/read-model';
import { hasTo } from '../domain/decide-presence';
import { noPresence, PresenceState } from '../domain/im-state';
import { privacyAllows } from '../domain/privacy';
import { aggregatePresence } from '../domain/presence-view';

/**
 * Reads over the IM tables shared by the queries and by the projection (which renders the
 * asynchronous roster inside its transaction): the same SQL answers both, so a roster
 * notification and IMGetRoster agree on who sees what.
 */

/** A buddy of an account, with what it takes to tell which presence of theirs the account may see. */
export interface BuddyRow {
  addr: string;
  peer_account_id: string;
  name: string | null;
  groups: string[];
  subscription: ImSubscription;
  ask: ImAsk | null;
  /** The buddy's sessions (null: never had any). */
  peer_state: PresenceState | null;
  /** The buddy's active privacy list (null: none). */
  peer_list: PrivacyItem[] | null;
  /** The address the buddy has the account under on their own roster (null: not on it). */
  seen_as: string | null;
}

export async function buddyRows(db: SqlExecutor, accountId: string): Promise<BuddyRow[]> {
  const { rows } = await db.query<BuddyRow>(
    `SELECT r.addr, r.peer_account_id, r.name, r.groups, r.subscription, r.ask, p.state AS peer_state, l.items AS peer_list,
            (SELECT b.addr FROM im_roster b WHERE b.account_id = r.peer_account_id AND b.peer_account_id = r.account_id ORDER BY b.addr LIMIT 1) AS seen_as
       FROM im_roster r
       LEFT JOIN im_presence p ON p.account_id = r.peer_account_id
       LEFT JOIN im_privacy l ON l.account_id = r.peer_account_id AND l.active
      WHERE r.account_id = $1 ORDER BY r.addr`,
    [accountId],
  );
  return rows;
}

/** An account's privacy list by name, or its active one without a name. */
export async function privacyList(db: SqlExecutor, accountId: string, name?: string): Promise<PrivacyList | undefined> {
  const { rows } = await db.query<{ name: string; items: PrivacyItem[] }>(
    name === undefined
      ? `SELECT name, items FROM im_privacy WHERE account_id = $1 AND active`
      : `SELECT name, items FROM im_privacy WHERE account_id = $1 AND name = $2`,
    name === undefined ? [accountId] : [accountId, name],
  );
  return rows[0] && { name: rows[0].name, items: rows[0].items };
}

export async function pendingRequests(db: SqlExecutor, accountId: string): Promise<{ from: string; accountId: string; at: number }[]> {
  const { rows } = await db.query<{ from_addr: string; from_account_id: string; at: string }>(
    `SELECT from_addr, from_account_id, at FROM im_requests WHERE account_id = $1 ORDER BY at, from_addr`,
    [accountId],
  );
  return rows.map((r) => ({ from: r.from_addr, accountId: r.from_account_id, at: Number(r.at) }));
}

/** What a hidden buddy looks like: unavailable, with no activity times. */
export const HIDDEN_PRESENCE: ImPresence = { show: 'offline', unavailable: true, idle: false };

/**
 * The buddy's presence as the account may see it at `now`: none unless it receives their
 * presence (subscription to/both); unavailable when the buddy's active list denies the account
 * (presence out) or the account's own list denies the buddy (presence in). `peerState` overrides
 * the row's sessions (the projection's own, fresher copy within a batch).
 */
export function buddyPresence(row: BuddyRow, myList: PrivacyList | undefined, now: number, peerState = row.peer_state): ImPresence | undefined {
  if (!hasTo(row.subscription)) return undefined;
  const theyDeny = row.peer_list !== null && row.seen_as !== null && !privacyAllows({ name: '', items: row.peer_list }, row.seen_as);
  if (theyDeny || !privacyAllows(myList, row.addr)) return HIDDEN_PRESENCE;
  return aggregatePresence(peerState ?? noPresence(), now);
}
