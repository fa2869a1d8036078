import { createPgliteTemplate, openDatabase, type Database, type PgliteTemplate } from '@gw/read-model';
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
  /** For scratch databases on PGlite. */
  pgliteTemplate?: PgliteTemplate;
  /**
   * Another handle on the same data, as a second instance of the service would have it: a new
   * pool on PostgreSQL; on PGlite (one process owns the database) the same handle.
   */
  another(): Promise<Database>;
}

export function pgliteBackend(): Backend {
  // Initialised once per file: each test's database then starts in well under a second.
  let template: PgliteTemplate | undefined;
  return {
    kind: 'pglite',
    async setup() {
      template = await createPgliteTemplate();
    },
    teardown: async () => {},
    async fresh() {
      const location = { schema: 'mailbox' };
      const db = await openDatabase({ ...location, pgliteTemplate: template });
      return { db, location, pgliteTemplate: template, another: async () => db };
    },
  };
}

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
