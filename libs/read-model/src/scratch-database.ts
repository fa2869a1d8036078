import { Client } from 'pg';
import { openDatabase, type Database } from './database';
import { quoteIdentifier } from './identifiers';
import type { PgliteTemplate } from './pglite-template';

/**
 * A fresh, empty database to rebuild a live read model into. For PGlite a new in-memory database
 * (same schema name, so SQL is identical); for PostgreSQL the schema `<schema>_rebuild` on the
 * same server, dropped and recreated, so the live schema is never touched. The rebuild schema is
 * left in place for inspection until the next rebuild drops it.
 */
export async function scratchDatabaseFor(
  live: { url?: string; schema: string },
  options: { pgliteTemplate?: PgliteTemplate } = {},
): Promise<Database> {
  if (!live.url) return openDatabase({ schema: live.schema, pgliteTemplate: options.pgliteTemplate });
  const schema = `${live.schema}_rebuild`;
  const quoted = quoteIdentifier(schema, 'schema');
  const client = new Client({ connectionString: live.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`);
    await client.query(`CREATE SCHEMA ${quoted}`);
  } finally {
    await client.end();
  }
  return openDatabase({ url: live.url, schema });
}
