import { IM_STREAM_PREFIX, ImEvent } from '@gw/contracts';
import type { Commit } from '@gw/event-store';
import { Projection, SqlExecutor } from '@gw/read-model';
import { evolvePresence, noPresence, PresenceState } from '../domain/im-state';

export const IM_TABLES = ['im_roster', 'im_requests', 'im_presence'];

/**
 * The im-presence read model: roster rows (one per buddy of an account), the subscription
 * requests waiting for an answer, and one presence row per account holding its sessions (the
 * domain's own presence state, as JSON, folded with `evolvePresence`). The aggregate presence
 * depends on the time of the question, so queries compute it from the sessions.
 *
 * No stream prefix: it sees every commit, so its position answers read-your-writes for any
 * position a caller brings.
 */
export const imProjection: Projection = {
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
  ],
  async apply(tx: SqlExecutor, commits: Commit[]): Promise<void> {
    const presence = new Map<string, { state: PresenceState; position: bigint }>();
    for (const commit of commits) {
      if (!commit.stream.startsWith(IM_STREAM_PREFIX)) continue;
      const accountId = commit.stream.slice(IM_STREAM_PREFIX.length);
      for (const e of commit.events) {
        const event = { type: e.type, data: e.data } as ImEvent;
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
            break;
          }
          case 'RosterItemRemoved':
            await tx.query(`DELETE FROM im_roster WHERE account_id = $1 AND addr = $2`, [accountId, event.data.addr]);
            break;
          case 'SubscriptionRequested':
            await tx.query(
              `INSERT INTO im_requests (account_id, from_addr, from_account_id, at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (account_id, from_addr) DO UPDATE SET from_account_id = EXCLUDED.from_account_id, at = EXCLUDED.at`,
              [accountId, event.data.from, event.data.fromAccountId, event.data.at],
            );
            break;
          case 'SubscriptionRequestClosed':
            await tx.query(`DELETE FROM im_requests WHERE account_id = $1 AND from_addr = $2`, [accountId, event.data.from]);
            break;
          case 'PresenceSet':
          case 'SessionIdleSet': {
            let entry = presence.get(accountId);
            if (!entry) {
              const { rows } = await tx.query<{ state: PresenceState }>(`SELECT state FROM im_presence WHERE account_id = $1`, [accountId]);
              entry = { state: rows[0]?.state ?? noPresence(), position: commit.position };
              presence.set(accountId, entry);
            }
            entry.state = evolvePresence(entry.state, event);
            entry.position = commit.position;
            break;
          }
        }
      }
    }
    for (const [accountId, { state, position }] of presence) {
      await tx.query(
        `INSERT INTO im_presence (account_id, state, position) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, position = EXCLUDED.position`,
        [accountId, JSON.stringify(state), position],
      );
    }
  },
};
