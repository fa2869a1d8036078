import { Pool, type PoolClient, type QueryResult } from 'pg';
import type { Database, SqlExecutor } from './database';
import { quoteIdentifier } from './identifiers';
import { stderrLogger, type Logger } from './logger';
import { closableExecutor, TransactionScope } from './transaction-scope';
import { postgresTypes } from './type-parsers';

/** SQLSTATEs of a concurrent `CREATE SCHEMA IF NOT EXISTS` that lost the race. */
const ALREADY_CREATED = new Set(['23505', '42P06']);

/**
 * A pg Pool whose connections all start with `search_path` set to the service's schema, so
 * unqualified table names resolve there and several services can share one PostgreSQL.
 */
export async function openPostgresDatabase(url: string, schema: string, logger: Logger = stderrLogger): Promise<Database> {
  const quoted = quoteIdentifier(schema, 'schema');
  const pool = new Pool({ connectionString: url, options: `-c search_path=${schema}`, types: postgresTypes });
  let closed = false;
  // Without a listener an idle connection dropped by the server would crash the process; the
  // pool replaces it and the next query reports any lasting problem. After close() the pool's
  // sockets are still shutting down (pool.end() does not wait for them), so errors then are noise.
  pool.on('error', (error) => closed || logger.warn({ err: error, schema }, 'idle PostgreSQL connection failed'));
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  } catch (error) {
    if (!ALREADY_CREATED.has((error as { code?: string }).code ?? '')) {
      await pool.end();
      throw error;
    }
  }
  return new PostgresDatabase(pool, schema, () => (closed = true));
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly scope = new TransactionScope();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    readonly schema: string,
    private readonly onClose: () => void,
  ) {}

  async query<R = any>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    this.scope.assertOutside('query()');
    return run<R>(this.pool, sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.scope.assertOutside('transaction()');
    const client = await this.pool.connect();
    const tx = closableExecutor({ query: (sql, params) => run(client, sql, params) });
    let connectionBroken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.scope.run(() => fn(tx.executor));
      const commit = await client.query('COMMIT');
      // PostgreSQL answers COMMIT of an aborted transaction (a failed statement whose error the
      // callback swallowed) with ROLLBACK and no error; PGlite throws. Throw here too.
      if (commit.command === 'ROLLBACK') throw new Error('transaction was aborted by an earlier error and rolled back');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (connectionBroken = rollbackError));
      throw error;
    } finally {
      tx.close();
      // A connection that could not roll back is destroyed instead of returned to the pool.
      client.release(connectionBroken);
    }
  }

  close(): Promise<void> {
    this.onClose();
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

async function run<R>(target: Pool | PoolClient, sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
  // Without parameters pg uses the simple protocol; several statements give an array of results.
  const result = (await target.query(sql, params)) as QueryResult | QueryResult[];
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { rows: (last?.rows ?? []) as R[] };
}
