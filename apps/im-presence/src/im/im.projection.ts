import { DEFAULT_PRIVACY_LIST, IM_STREAM_PREFIX, ImEvent, ImNotificationBody, PrivacyList } from '@gw/contracts';
import type { Commit } from '@gw/event-store';
import { insertRows, Projection, SqlExecutor } from '@gw/read-model';
import { evolvePresence, noPresence, PresenceState } from '../domain/im-state';
import { aggregatePresence } from '../domain/presence-view';
import { DEFAULT_NOTIFICATION_RETENTION_SECONDS } from '../infrastructure/config';
import { buddyPresence, buddyRows, pendingRequests, privacyList } from './im-views';
import { chatNotifications, gatewayState, rosterNotification, rosterNotificationItem, subscriptionNotification } from './notification-bodies';

export const IM_TABLES = ['im_roster', 'im_requests', 'im_presence', 'im_privacy', 'im_gateways', 'im_notifications'];

export interface ImProjectionOptions {
  /** How long a notification is kept (IM_NOTIFICATION_RETENTION_SECONDS). */
  notificationRetentionMs: number;
}

/** Old notifications are deleted each time the newest one enters a new interval of this length (1/24 of the retention, at least 1 s). */
export const pruneIntervalMs = (retentionMs: number) => Math.max(1000, Math.floor(retentionMs / 24));

interface NotificationRow {
  accountId: string;
  position: bigint;
  seq: number;
  at: number;
  body: ImNotificationBody;
}

/**
 * The im-presence read model: roster rows (one per buddy of an account), the subscription
 * requests waiting for an answer, one presence row per account holding its sessions (the
 * domain's own presence state, as JSON, folded with `evolvePresence`), each account's privacy
 * lists (which one is active), its gateway registrations, and its IM notifications.
 *
 * The aggregate presence depends on the time of the question, so queries compute it from the
 * sessions. Notifications are rendered here, once, from the account's own events (soap-im.txt
 * IM NOTIFICATIONS): `position` and `seq` (their order within the commit) place them, `at` is
 * the event's time. A roster notification shows the roster as it stands after the events before
 * it, so events are applied strictly in order; only presence rows and notifications are written
 * at the end of the batch, and reads of presence go through the batch's own copy first.
 *
 * Deterministic for `npm run rebuild`: no clock. Notifications older than the retention are
 * deleted whenever the newest notification's time enters a new prune interval, measured against
 * the newest one stored; that depends on the events alone, not on how they were batched.
 *
 * No stream prefix: it sees every commit, so its position answers read-your-writes for any
 * position a caller brings.
 */
export function createImProjection(options: ImProjectionOptions): Projection {
  return {
    name: 'im-presence-im',
    tables: IM_TABLES,
    migrations: [
      `CREATE TABLE im_roster (
         account_id text NOT NULL,
         addr text NOT NULL,
         peer_account_id text NOT NULL,
         name text,
         groups jsonb NOT NULL,
         subscription text NOT NULL,
         ask text,
         PRIMARY KEY (account_id, addr)
       )`,
      `CREATE TABLE im_requests (
         account_id text NOT NULL,
         from_addr text NOT NULL,
         from_account_id text NOT NULL,
         at bigint NOT NULL,
         PRIMARY KEY (account_id, from_addr)
       )`,
      `CREATE TABLE im_presence (
         account_id text PRIMARY KEY,
         state jsonb NOT NULL,
         position bigint NOT NULL
       )`,
      `CREATE TABLE im_privacy (
         account_id text NOT NULL,
         name text NOT NULL,
         items jsonb NOT NULL,
         active boolean NOT NULL,
         PRIMARY KEY (account_id, name)
       )`,
      `CREATE TABLE im_gateways (
         account_id text NOT NULL,
         service text NOT NULL,
         name text NOT NULL,
         PRIMARY KEY (account_id, service)
       )`,
      `CREATE TABLE im_notifications (
         account_id text NOT NULL,
         position bigint NOT NULL,
         seq integer NOT NULL,
         at bigint NOT NULL,
         body jsonb NOT NULL,
         PRIMARY KEY (account_id, position, seq)
       )`,
      `CREATE INDEX im_notifications_at ON im_notifications (at)`,
    ],
    async apply(tx: SqlExecutor, commits: Commit[]): Promise<void> {
      const batch = new ImBatch(tx, options.notificationRetentionMs);
      for (const commit of commits) {
        if (!commit.stream.startsWith(IM_STREAM_PREFIX)) continue;
        const accountId = commit.stream.slice(IM_STREAM_PREFIX.length);
        let seq = 0;
        for (const e of commit.events) {
          const event = { type: e.type, data: e.data } as ImEvent;
          for (const body of await batch.apply(accountId, event, commit.position)) {
            await batch.notify({ accountId, position: commit.position, seq: seq++, at: event.data.at, body });
          }
        }
      }
      await batch.flush();
    },
  };
}

export const imProjection = createImProjection({ notificationRetentionMs: DEFAULT_NOTIFICATION_RETENTION_SECONDS * 1000 });

/** One batch of commits: the tables it changes and the notifications it renders. */
class ImBatch {
  /** Presence rows changed in this batch, written at the end. */
  private readonly presence = new Map<string, { state: PresenceState; position: bigint }>();
  private notifications: NotificationRow[] = [];
  /** The newest notification's time (undefined: not read yet; null: there is none). */
  private newestAt: number | null | undefined;
  private pruneBefore: number | undefined;

  constructor(
    private readonly tx: SqlExecutor,
    private readonly retentionMs: number,
  ) {}

  async presenceOf(accountId: string): Promise<PresenceState> {
    const pending = this.presence.get(accountId);
    if (pending) return pending.state;
    const { rows } = await this.tx.query<{ state: PresenceState }>(`SELECT state FROM im_presence WHERE account_id = $1`, [accountId]);
    return rows[0]?.state ?? noPresence();
  }

  /** Applies one event of `accountId`'s stream and returns the notifications it makes. */
  async apply(accountId: string, event: ImEvent, position: bigint): Promise<ImNotificationBody[]> {
    const tx = this.tx;
    switch (event.type) {
      case 'RosterItemAdded':
      case 'RosterItemUpdated': {
        const i = event.data.item;
        await tx.query(
          `INSERT INTO im_roster (account_id, addr, peer_account_id, name, groups, subscription, ask) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (account_id, addr) DO UPDATE SET peer_account_id = EXCLUDED.peer_account_id, name = EXCLUDED.name,
             groups = EXCLUDED.groups, subscription = EXCLUDED.subscription, ask = EXCLUDED.ask`,
          [accountId, i.addr, i.accountId, i.name ?? null, JSON.stringify(i.groups), i.subscription, i.ask ?? null],
        );
        return [subscriptionNotification(rosterNotificationItem(i))];
      }
      case 'RosterItemRemoved': {
        const { rows } = await tx.query<{ name: string | null; groups: string[] }>(
          `DELETE FROM im_roster WHERE account_id = $1 AND addr = $2 RETURNING name, groups`,
          [accountId, event.data.addr],
        );
        const name = rows[0]?.name ?? undefined;
        return [subscriptionNotification({ addr: event.data.addr, ...(name !== undefined ? { name } : {}), groups: rows[0]?.groups ?? [], subscribed: false })];
      }
      case 'SubscriptionRequested':
        await tx.query(
          `INSERT INTO im_requests (account_id, from_addr, from_account_id, at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (account_id, from_addr) DO UPDATE SET from_account_id = EXCLUDED.from_account_id, at = EXCLUDED.at`,
          [accountId, event.data.from, event.data.fromAccountId, event.data.at],
        );
        return [{ type: 'subscribe', from: event.data.from }];
      case 'SubscriptionRequestClosed':
        await tx.query(`DELETE FROM im_requests WHERE account_id = $1 AND from_addr = $2`, [accountId, event.data.from]);
        return [];
      case 'PresenceSet':
      case 'SessionIdleSet':
        this.presence.set(accountId, { state: evolvePresence(await this.presenceOf(accountId), event), position });
        return [];
      case 'PeerPresenceReceived':
        return [{ type: 'presence', from: event.data.from, ...event.data.presence }];
      case 'RosterRequested':
        return this.rosterResponse(accountId, event.data.at);
      case 'PrivacyListSet': {
        const { list } = event.data;
        await tx.query(`UPDATE im_privacy SET active = false WHERE account_id = $1 AND active`, [accountId]);
        await tx.query(
          `INSERT INTO im_privacy (account_id, name, items, active) VALUES ($1, $2, $3, true)
           ON CONFLICT (account_id, name) DO UPDATE SET items = EXCLUDED.items, active = true`,
          [accountId, list.name, JSON.stringify(list.items)],
        );
        return [{ type: 'privacy', list }];
      }
      case 'PrivacyListRequested':
        return [{ type: 'privacy', list: (await privacyList(tx, accountId, event.data.name)) ?? emptyList(event.data.name) }];
      case 'GatewayRegistered':
        await tx.query(
          `INSERT INTO im_gateways (account_id, service, name) VALUES ($1, $2, $3) ON CONFLICT (account_id, service) DO UPDATE SET name = EXCLUDED.name`,
          [accountId, event.data.service, event.data.name],
        );
        return [await this.gatewayStatus(accountId, event.data.service, event.data.at)];
      case 'GatewayReconnectRequested':
        return [await this.gatewayStatus(accountId, event.data.service, event.data.at)];
      case 'GatewayUnregistered':
        await tx.query(`DELETE FROM im_gateways WHERE account_id = $1 AND service = $2`, [accountId, event.data.service]);
        return [];
      case 'ChatJoined':
      case 'ChatLeft':
      case 'ChatMessageReceived':
      case 'ChatParticipantChanged':
      case 'ChatInvitationReceived':
        return chatNotifications(event);
      default:
        return [];
    }
  }

  /**
   * IMGetRoster's asynchronous part, as Zimbra sends it to the session: the roster (with the
   * presence of the buddies I receive), the requests still waiting for my answer, and my privacy
   * list (an empty default list when I have none).
   */
  private async rosterResponse(accountId: string, at: number): Promise<ImNotificationBody[]> {
    const myList = await privacyList(this.tx, accountId);
    const buddies = [];
    for (const row of await buddyRows(this.tx, accountId)) {
      const peerState = this.presence.get(row.peer_account_id)?.state ?? row.peer_state;
      const item = { addr: row.addr, groups: row.groups, subscription: row.subscription, ...(row.name !== null ? { name: row.name } : {}), ...(row.ask ? { ask: row.ask } : {}) };
      buddies.push({ item, presence: buddyPresence(row, myList, at, peerState) });
    }
    const requests = await pendingRequests(this.tx, accountId);
    return [rosterNotification(buddies), ...requests.map((r): ImNotificationBody => ({ type: 'subscribe', from: r.from })), { type: 'privacy', list: myList ?? emptyList() }];
  }

  private async gatewayStatus(accountId: string, service: string, at: number): Promise<ImNotificationBody> {
    return { type: 'gwStatus', service, state: gatewayState(aggregatePresence(await this.presenceOf(accountId), at)) };
  }

  /** Queues a notification; when its time starts a new prune interval, older ones go. */
  async notify(row: NotificationRow): Promise<void> {
    if (this.newestAt === undefined) {
      const { rows } = await this.tx.query<{ at: string | null }>(`SELECT max(at) AS at FROM im_notifications`);
      this.newestAt = rows[0]?.at == null ? null : Number(rows[0].at);
    }
    const interval = pruneIntervalMs(this.retentionMs);
    if (this.newestAt !== null && Math.floor(row.at / interval) > Math.floor(this.newestAt / interval)) {
      const before = row.at - this.retentionMs;
      this.pruneBefore = Math.max(this.pruneBefore ?? before, before);
      this.notifications = this.notifications.filter((n) => n.at >= before);
    }
    this.newestAt = Math.max(this.newestAt ?? row.at, row.at);
    this.notifications.push(row);
  }

  async flush(): Promise<void> {
    for (const [accountId, { state, position }] of this.presence) {
      await this.tx.query(
        `INSERT INTO im_presence (account_id, state, position) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, position = EXCLUDED.position`,
        [accountId, JSON.stringify(state), position],
      );
    }
    if (this.pruneBefore !== undefined) await this.tx.query(`DELETE FROM im_notifications WHERE at < $1`, [this.pruneBefore]);
    await insertRows(
      this.tx,
      'im_notifications',
      ['account_id', 'position', 'seq', 'at', 'body'],
      this.notifications.map((n) => [n.accountId, n.position.toString(), n.seq, n.at, JSON.stringify(n.body)]),
    );
  }
}

const emptyList = (name: string = DEFAULT_PRIVACY_LIST): PrivacyList => ({ name, items: [] });
