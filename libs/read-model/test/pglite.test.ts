import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { migrate, openDatabase } from '@gw/read-model';
import { pgliteBackend } from './support/backends';
import { databaseSuite } from './support/database-suite';
import { projectionSuite } from './support/projection-suite';

// The same suites as postgres.test.ts, on an in-memory PGlite database per test.
const backend = pgliteBackend();
before(() => backend.setup());
after(() => backend.teardown());

databaseSuite(backend);
projectionSuite(backend);

it('keeps a PGlite database in its data directory, creating missing parents', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gw-pglite-'));
  try {
    const dataDir = join(root, 'data', 'mailbox', 'read-model'); // as on a fresh checkout
    const first = await openDatabase({ dataDir, schema: 'mailbox' });
    await migrate(first, 'notes', ['CREATE TABLE notes (id bigint)']);
    await first.query('INSERT INTO notes VALUES ($1)', [5n]);
    await first.close();

    const reopened = await openDatabase({ dataDir, schema: 'mailbox' });
    try {
      assert.deepEqual((await reopened.query('SELECT id FROM notes')).rows, [{ id: '5' }]);
      assert.equal(await migrate(reopened, 'notes', ['CREATE TABLE notes (id bigint)']), 0);
    } finally {
      await reopened.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
