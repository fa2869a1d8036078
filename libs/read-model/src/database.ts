import type { Logger } from './logger';
import type { PgliteTemplate } from './pglite-template';

/** Runs SQL; the same text and parameters behave the same on PostgreSQL and PGlite. */
export interface SqlExecutor {
  /**
   * With parameters the statement is prepared (one statement only); without, it goes through
   * the simple protocol, so a migration may hold several `;`-separated statements and the rows
   * of the last one are returned. Value types follow the rules in `type-parsers.ts`: notably
   * int8/bigint columns come back as decimal strings on both back ends.
   */
  query<R = any>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** The schema every statement runs in (through `search_path`). */
  readonly schema: string;
  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it rejects.
   * Use only `tx` inside `fn`: calling the database itself from inside throws, because on PGlite
   * (one connection) it would wait for the very transaction that waits for it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without it the service gets an embedded PGlite database. */
  url?: string;
  /** PGlite data directory; undefined keeps the database in memory. Ignored with `url`. */
  dataDir?: string;
  /** The service's schema: each service owns one, so services can share one PostgreSQL. */
  schema: string;
  /** Starts an in-memory PGlite from this template instead of running initdb (faster). */
  pgliteTemplate?: PgliteTemplate;
  logger?: Logger;
}

/** Opens the read-model database of one service: PostgreSQL when `url` is set, PGlite otherwise. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  // Required lazily so a service only loads the driver it uses (PGlite's module is large).
  if (options.url) {
    const { openPostgresDatabase } = await import('./postgres-database');
    return openPostgresDatabase(options.url, options.schema, options.logger);
  }
  const { openPgliteDatabase } = await import('./pglite-database');
  return openPgliteDatabase(options.schema, options.dataDir, options.pgliteTemplate);
}
