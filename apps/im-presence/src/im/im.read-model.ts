import { Inject, Injectable } from '@nestjs/common';
import { ImNotification, ImNotificationBody, ImNotifications, ImPresence, ImRoster, ImRosterEntry } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { noPresence, PresenceState } from '../domain/im-state';
import { aggregatePresence } from '../domain/presence-view';
import { buddyPresence, buddyRows, pendingRequests, privacyList } from './im-views';

interface NotificationRow {
  position: string;
  seq: number;
  body: ImNotificationBody;
}

/** Queries over the im-presence read model; `now` is the service's clock. */
@Injectable()
export class ImReadModel {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  async presenceState(accountId: string): Promise<PresenceState> {
    const { rows } = await this.db.query<{ state: PresenceState }>(`SELECT state FROM im_presence WHERE account_id = $1`, [accountId]);
    return rows[0]?.state ?? noPresence();
  }

  async presence(accountId: string, now: number): Promise<ImPresence> {
    return aggregatePresence(await this.presenceState(accountId), now);
  }

  /** My buddies, with their presence where I receive it and neither side's privacy list hides it. */
  async roster(accountId: string, now: number): Promise<ImRoster> {
    const myList = await privacyList(this.db, accountId);
    const items = (await buddyRows(this.db, accountId)).map((r): ImRosterEntry => {
      const entry: ImRosterEntry = { addr: r.addr, accountId: r.peer_account_id, groups: r.groups, subscription: r.subscription };
      if (r.name !== null) entry.name = r.name;
      if (r.ask !== null) entry.ask = r.ask;
      const presence = buddyPresence(r, myList, now);
      if (presence) entry.presence = presence;
      return entry;
    });
    return { presence: await this.presence(accountId, now), chats: [], items, pendingRequests: await pendingRequests(this.db, accountId) };
  }

  /** My gateway registrations by service. */
  async gatewayRegistrations(accountId: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ service: string; name: string }>(`SELECT service, name FROM im_gateways WHERE account_id = $1`, [accountId]);
    return new Map(rows.map((r) => [r.service, r.name]));
  }

  /**
   * My notifications after `since`, oldest first, at most `limit` — but never part of one
   * commit's notifications (they share a position, and the next request starts after it): a
   * page ends before a commit that does not fit, or holds that whole commit when it is the first.
   * `me` fills in my own address where the stream does not carry it (leftchat me="1").
   */
  async notifications(accountId: string, since: bigint, limit: number, me: string): Promise<ImNotifications> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT position, seq, body FROM im_notifications WHERE account_id = $1 AND position > $2 ORDER BY position, seq LIMIT $3`,
      [accountId, since.toString(), limit + 1],
    );
    let page = rows;
    const truncated = rows.length > limit;
    if (truncated) {
      page = rows.slice(0, limit);
      const last = page[page.length - 1].position;
      if (rows[limit].position === last) {
        const whole = page.filter((r) => r.position !== last);
        page = whole.length
          ? whole
          : (await this.db.query<NotificationRow>(`SELECT position, seq, body FROM im_notifications WHERE account_id = $1 AND position = $2 ORDER BY seq`, [accountId, last])).rows;
      }
    }
    const notifications = page.map((r): ImNotification => {
      const body = r.body.type === 'leftchat' && r.body.me && !r.body.addr ? { ...r.body, addr: me } : r.body;
      return { ...body, position: String(r.position) };
    });
    return {
      revision: notifications.length ? notifications[notifications.length - 1].position : since.toString(),
      notifications,
      ...(truncated ? { truncated: true } : {}),
    };
  }
}
