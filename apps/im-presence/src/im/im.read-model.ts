import { Inject, Injectable } from '@nestjs/common';
import { ImAsk, ImPresence, ImRoster, ImRosterEntry, ImSubscription } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { noPresence, PresenceState } from '../domain/im-state';
import { aggregatePresence } from '../domain/presence-view';

interface RosterRow {
  addr: string;
  peer_account_id: string;
  name: string | null;
  groups: string[];
  subscription: ImSubscription;
  ask: ImAsk | null;
  peer_state: PresenceState | null;
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

  async roster(accountId: string, now: number): Promise<ImRoster> {
    const { rows } = await this.db.query<RosterRow>(
      `SELECT r.addr, r.peer_account_id, r.name, r.groups, r.subscription, r.ask, p.state AS peer_state
         FROM im_roster r LEFT JOIN im_presence p ON p.account_id = r.peer_account_id
        WHERE r.account_id = $1 ORDER BY r.addr`,
      [accountId],
    );
    const items = rows.map((r): ImRosterEntry => {
      const entry: ImRosterEntry = { addr: r.addr, accountId: r.peer_account_id, groups: r.groups, subscription: r.subscription };
      if (r.name !== null) entry.name = r.name;
      if (r.ask !== null) entry.ask = r.ask;
      // Their presence only where I receive it.
      if (r.subscription === 'to' || r.subscription === 'both') entry.presence = aggregatePresence(r.peer_state ?? noPresence(), now);
      return entry;
    });
    const requests = await this.db.query<{ from_addr: string; from_account_id: string; at: string }>(
      `SELECT from_addr, from_account_id, at FROM im_requests WHERE account_id = $1 ORDER BY at, from_addr`,
      [accountId],
    );
    return {
      presence: await this.presence(accountId, now),
      chats: [],
      items,
      pendingRequests: requests.rows.map((r) => ({ from: r.from_addr, accountId: r.from_account_id, at: Number(r.at) })),
    };
  }
}
