import { createHash } from 'node:crypto';
import type { Database, SqlExecutor } from './database';

/** An applied migration whose text no longer matches the code: the schema may not be what the code expects. */
export class MigrationChangedError extends Error {
  constructor(
    readonly owner: string,
    readonly idx: number,
  ) {
    super(`migration ${idx} of ${owner} was changed after it was applied; add a new migration instead`);
    this.name = 'MigrationChangedError';
  }
}

/**
 * Applies the statements of `owner` (a projection, a service) that this database has not seen,
 * in order, each in its own transaction together with its row in `schema_migrations`, so a
 * crash leaves either both or neither. Migrations are append-only: statement `idx` is applied
 * once and its checksum recorded; editing an applied statement raises MigrationChangedError.
 * Statements run inside a transaction, so `CREATE INDEX CONCURRENTLY` is not possible here.
 *
 * Returns how many statements were applied now.
 */
export async function migrate(db: Database, owner: string, statements: readonly string[]): Promise<number> {
  let applied = 0;
  while (await db.transaction((tx) => applyNext(tx, owner, statements))) applied++;
  return applied;
}

async function applyNext(tx: SqlExecutor, owner: string, statements: readonly string[]): Promise<boolean> {
  // Instances of a service starting together on one PostgreSQL would race to apply (and to
  // create the table itself); a transaction-scoped lock per schema makes them take turns.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))`);
  // Checked rather than CREATE TABLE IF NOT EXISTS, which sends a notice on every start.
  const { rows: table } = await tx.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!table[0]?.present) {
    await tx.query(`CREATE TABLE schema_migrations (
      owner text NOT NULL,
      idx integer NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (owner, idx)
    )`);
  }
  const { rows } = await tx.query<{ idx: number; checksum: string }>(
    'SELECT idx, checksum FROM schema_migrations WHERE owner = $1',
    [owner],
  );
  const done = new Map(rows.map((row) => [row.idx, row.checksum]));
  for (const [idx, statement] of statements.entries()) {
    const recorded = done.get(idx);
    if (recorded === undefined) {
      await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (owner, idx, checksum) VALUES ($1, $2, $3)', [owner, idx, checksum(statement)]);
      return true;
    }
    if (recorded !== checksum(statement)) throw new MigrationChangedError(owner, idx);
  }
  // Rows beyond `statements` belong to a newer version of the code (a rolling deploy): ignore them.
  return false;
}

function checksum(statement: string): string {
  return createHash('sha256').update(statement).digest('hex');
}
