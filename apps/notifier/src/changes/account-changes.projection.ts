import type { Commit } from '@gw/event-store';
import { insertRows, Projection, SqlExecutor } from '@gw/read-model';
import { accountChangesOf, recordedKinds } from './account-changes';

/**
 * Per account and kind of item, the position of the last change (`*`: the mailbox revision, `i`:
 * the IM stream's last commit); and which accounts exist.
 * That is all a WaitSet needs to answer "which accounts changed after seq N" — including after a
 * restart of every service, since positions are the event store's own.
 */
export const ACCOUNT_CHANGES_TABLES = ['account_changes', 'known_accounts'];

export const accountChangesProjection: Projection = {
  name: 'notifier-account-changes',
  tables: ACCOUNT_CHANGES_TABLES,
  migrations: [
    `CREATE TABLE account_changes (
       account_id text NOT NULL,
       kind text NOT NULL,
       position bigint NOT NULL,
       PRIMARY KEY (account_id, kind)
     )`,
    `CREATE INDEX account_changes_position ON account_changes (position)`,
    `CREATE TABLE known_accounts (
       account_id text PRIMARY KEY,
       created_at bigint NOT NULL,
       deleted_at bigint
     )`,
  ],
  async apply(tx: SqlExecutor, commits: Commit[]): Promise<void> {
    // Last position per (account, kind) in this batch: one upsert row each.
    const latest = new Map<string, { accountId: string; kind: string; position: bigint }>();
    for (const commit of commits) {
      for (const change of accountChangesOf(commit)) {
        if (change.lifecycle) {
          await tx.query(
            change.lifecycle === 'created'
              ? `INSERT INTO known_accounts (account_id, created_at) VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET deleted_at = NULL`
              : `INSERT INTO known_accounts (account_id, created_at, deleted_at) VALUES ($1, $2, $2) ON CONFLICT (account_id) DO UPDATE SET deleted_at = $2`,
            [change.accountId, change.position.toString()],
          );
          continue;
        }
        for (const kind of recordedKinds(change)) latest.set(`${change.accountId}\u0000${kind}`, { accountId: change.accountId, kind, position: change.position });
      }
    }
    if (!latest.size) return;
    await insertRows(tx, 'account_changes', ['account_id', 'kind', 'position'], [...latest.values()].map((r) => [r.accountId, r.kind, r.position.toString()]), {
      onConflict: '(account_id, kind) DO UPDATE SET position = GREATEST(account_changes.position, EXCLUDED.position)',
    });
  },
};
