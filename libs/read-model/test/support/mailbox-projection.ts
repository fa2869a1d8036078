import type { Commit, NewEvent } from '@gw/event-store';
import { insertRows, type Projection, type SqlExecutor } from '@gw/read-model';

/**
 * A small mailbox read model exercising what real projections do: multi-row inserts, updates
 * and deletes in event order, an aggregate table, and an `applied_commits` log without a unique
 * key, so a commit applied twice shows up as a duplicate row instead of an error.
 */
export interface MailboxHooks {
  /** Called inside apply after the batch's rows were written; a throw aborts the transaction. */
  afterWrite?(commits: Commit[]): void | Promise<void>;
  /** Called before anything is written (to slow a batch down). */
  beforeWrite?(commits: Commit[]): void | Promise<void>;
}

export function mailboxProjection(hooks: MailboxHooks = {}, name = 'mailbox'): Projection {
  return {
    name,
    streamPrefix: 'mailbox-',
    tables: ['messages', 'folder_counts', 'applied_commits'],
    migrations: [
      `CREATE TABLE messages (
        id text PRIMARY KEY,
        folder text NOT NULL,
        subject text NOT NULL,
        size integer NOT NULL,
        flags jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        revision bigint NOT NULL
      )`,
      `CREATE TABLE folder_counts (folder text PRIMARY KEY, messages bigint NOT NULL)`,
      `CREATE TABLE applied_commits (position bigint NOT NULL, stream text NOT NULL)`,
    ],
    async apply(tx, commits) {
      await hooks.beforeWrite?.(commits);
      await insertRows(tx, 'applied_commits', ['position', 'stream'], commits.map((commit) => [commit.position, commit.stream]));
      const touchedFolders = new Set<string>();
      let pendingAdds: unknown[][] = [];
      const flushAdds = async () => {
        await insertRows(tx, 'messages', ['id', 'folder', 'subject', 'size', 'flags', 'received_at', 'revision'], pendingAdds);
        pendingAdds = [];
      };
      for (const commit of commits) {
        for (const event of commit.events) {
          const data = event.data as Record<string, any>;
          if (event.type === 'MessageAdded') {
            pendingAdds.push([data.id, data.folder, data.subject, data.size, JSON.stringify(data.flags), event.metadata.at, commit.position]);
            touchedFolders.add(data.folder);
            continue;
          }
          await flushAdds(); // later events may touch the rows just added
          if (event.type === 'MessageMoved') {
            const { rows } = await tx.query('UPDATE messages SET folder = $2, revision = $3 WHERE id = $1 RETURNING folder', [
              data.id,
              data.folder,
              commit.position,
            ]);
            touchedFolders.add(data.from).add(rows[0]?.folder ?? data.folder);
          } else if (event.type === 'MessageDeleted') {
            const { rows } = await tx.query('DELETE FROM messages WHERE id = $1 RETURNING folder', [data.id]);
            if (rows[0]) touchedFolders.add(rows[0].folder);
          }
        }
      }
      await flushAdds();
      await recount(tx, [...touchedFolders]);
      await hooks.afterWrite?.(commits);
    },
  };
}

async function recount(tx: SqlExecutor, folders: string[]): Promise<void> {
  if (folders.length === 0) return;
  await tx.query('DELETE FROM folder_counts WHERE folder = ANY($1)', [folders]);
  await tx.query(
    'INSERT INTO folder_counts (folder, messages) SELECT folder, count(*) FROM messages WHERE folder = ANY($1) GROUP BY folder',
    [folders],
  );
}

let nextEventId = 0;
function event(type: string, data: object): NewEvent {
  nextEventId++;
  const at = new Date(Date.UTC(2024, 0, 1, 0, 0, nextEventId)).toISOString();
  return { id: `evt-${process.pid}-${nextEventId}`, type, schemaVersion: 1, data, metadata: { at, actor: { id: 'u1', name: 'alice' } } };
}

export const mail = {
  added: (id: string, folder = 'inbox', subject = `subject ${id}`) =>
    event('MessageAdded', { id, folder, subject, size: id.length * 100, flags: { seen: false, tags: ['a', 'b'] } }),
  moved: (id: string, from: string, folder: string) => event('MessageMoved', { id, from, folder }),
  deleted: (id: string) => event('MessageDeleted', { id }),
};
