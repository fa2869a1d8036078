import { mkdir } from 'node:fs/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database';
import { quoteIdentifier } from './identifiers';
import type { PgliteTemplate } from './pglite-template';
import { closableExecutor, TransactionScope } from './transaction-scope';
import { pgliteParsers } from './type-parsers';

/**
 * An embedded PGlite database: in memory when `dataDir` is undefined (then optionally seeded from
 * a template to skip initdb). It lives inside the same named schema as on PostgreSQL so a
 * service's SQL is identical on both back ends.
 */
export async function openPgliteDatabase(schema: string, dataDir?: string, template?: PgliteTemplate): Promise<Database> {
  const quoted = quoteIdentifier(schema, 'schema');
  const { PGlite } = await import('@electric-sql/pglite');
  // The template only seeds in-memory databases: a data directory may already hold one.
  const loadDataDir = dataDir === undefined ? template?.dataDirArchive : undefined;
  // PGlite creates the data directory but not its parents (a fresh checkout's data/<service>/…).
  if (dataDir !== undefined && !dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { parsers: pgliteParsers, loadDataDir });
  try {
    // A session setting: PGlite has exactly one session, so it holds for every later statement.
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}; SET search_path TO ${quoted}`);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  return new PgliteDatabase(pglite, schema);
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly scope = new TransactionScope();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pglite: PGlite,
    readonly schema: string,
  ) {}

  async query<R = any>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    this.scope.assertOutside('query()');
    return run<R>(this.pglite, sql, params);
  }

  /**
   * PGlite has a single connection, so transactions must not interleave. PGlite's own
   * `transaction()` queues them (and plain queries) behind one mutex; we rely on that rather
   * than adding a second queue, and a test proves concurrent transactions do not interleave.
   */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.scope.assertOutside('transaction()');
    return this.pglite.transaction(async (inner) => {
      const tx = closableExecutor({ query: (sql, params) => run(inner, sql, params) });
      try {
        return await this.scope.run(() => fn(tx.executor));
      } finally {
        tx.close();
      }
    });
  }

  close(): Promise<void> {
    this.closing ??= this.pglite.close();
    return this.closing;
  }
}

async function run<R>(target: PGlite | Transaction, sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
  if (params && params.length > 0) {
    const result = await target.query<R>(sql, params);
    return { rows: result.rows };
  }
  // Mirror pg: without parameters use the simple protocol (several statements allowed, the
  // last one's rows returned) instead of PGlite's prepared `query`, which rejects that.
  const results = await target.exec(sql);
  return { rows: (results[results.length - 1]?.rows ?? []) as R[] };
}
