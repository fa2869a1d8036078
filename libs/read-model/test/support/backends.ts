import { openDatabase, type Database } from '@gw/read-model';
import { startPostgres, type TestPostgres } from '@gw/testing';

/** Where the shared suite runs: each test gets an isolated, empty database. */
export interface Backend {
  kind: 'pglite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A fresh database; `location` is what a service would configure for it. */
  fresh(): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Database;
  location: { url?: string; schema: string };
  /**
   * Another handle on the same data, as a second instance of the service would have it: a new
   * pool on PostgreSQL; on PGlite (one process owns the database) the same handle.
   */
  another(): Promise<Database>;
}

export const pgliteBackend: Backend = {
  kind: 'pglite',
  setup: async () => {},
  teardown: async () => {},
  async fresh() {
    const location = { schema: 'mailbox' };
    const db = await openDatabase(location);
    return { db, location, another: async () => db };
  },
};

export function postgresBackend(): Backend {
  let server: TestPostgres | undefined;
  let schemas = 0;
  return {
    kind: 'postgres',
    async setup() {
      server = await startPostgres();
    },
    async teardown() {
      await server?.stop();
    },
    async fresh() {
      // One schema per test on one server: the isolation services get in production.
      const location = { url: server!.url, schema: `mailbox_${process.pid}_${++schemas}` };
      const db = await openDatabase(location);
      return { db, location, another: () => openDatabase(location) };
    },
  };
}
