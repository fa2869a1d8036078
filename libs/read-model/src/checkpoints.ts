import type { Commit } from '@gw/event-store';
import type { Database, SqlExecutor } from './database';
import { migrate } from './migrations';
import type { Projection } from './projection';

/** Migrations of this library's own tables, tracked like any other owner's. */
const OWNER = '@gw/read-model';
const MIGRATIONS = [
  `CREATE TABLE projection_checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
];

/**
 * Makes the database ready for a projection: checkpoint table, the projection's migrations and
 * its checkpoint row. The row exists from the start so every batch can lock it, even the first
 * (a missing row cannot be locked, and two instances inserting it would race).
 * Returns the stored checkpoint.
 */
export async function prepareProjection(db: Database, projection: Projection): Promise<bigint> {
  await migrate(db, OWNER, MIGRATIONS);
  await migrate(db, projection.name, projection.migrations);
  await db.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [
    projection.name,
  ]);
  return readCheckpoint(db, projection.name);
}

/** The position of the last commit applied (0n when none, or when the table does not exist yet). */
export async function readCheckpoint(db: SqlExecutor, name: string): Promise<bigint> {
  const { rows: table } = await db.query(`SELECT to_regclass('projection_checkpoints') IS NOT NULL AS present`);
  if (!table[0]?.present) return 0n;
  const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return rows[0] ? BigInt(rows[0].position) : 0n;
}

/**
 * Applies one batch and moves the checkpoint in the same transaction, so a crash or a failing
 * `apply` leaves neither. The checkpoint row is locked first: another instance applying the
 * same projection to the same database waits here, and afterwards we skip what it already
 * applied. Returns the checkpoint after the transaction and the commits this call applied.
 */
export async function applyBatch(db: Database, projection: Projection, commits: readonly Commit[]): Promise<{ position: bigint; applied: Commit[] }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ position: string }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [projection.name],
    );
    if (!rows[0]) throw new Error(`projection ${projection.name} has no checkpoint row; prepareProjection() first`);
    const fresh = newerThan(BigInt(rows[0].position), commits);
    if (fresh.length === 0) return { position: BigInt(rows[0].position), applied: [] };
    await projection.apply(tx, fresh);
    const last = fresh[fresh.length - 1]!.position;
    await tx.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [projection.name, last]);
    return { position: last, applied: fresh };
  });
}

/** Commits after `checkpoint`, each position once (a redelivered commit may appear twice). */
function newerThan(checkpoint: bigint, commits: readonly Commit[]): Commit[] {
  const fresh: Commit[] = [];
  let last = checkpoint;
  for (const commit of commits) {
    if (commit.position <= last) continue;
    fresh.push(commit);
    last = commit.position;
  }
  return fresh;
}
