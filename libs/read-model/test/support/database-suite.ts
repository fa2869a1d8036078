import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertRows, migrate, MigrationChangedError, type Database, type SqlExecutor } from '@gw/read-model';
import type { Backend } from './backends';
import { countRows } from './helpers';

/** The Database abstraction, migrations and insertRows: one database shared by these tests. */
export function databaseSuite(backend: Backend): void {
  describe(`database on ${backend.kind}`, () => {
    let db: Database;
    let another: Database;

    before(async () => {
      const fresh = await backend.fresh();
      db = fresh.db;
      another = await fresh.another();
    });
    after(async () => {
      await another?.close();
      await db?.close();
    });

    it('returns values by one rule on both back ends (int8 as string, dates as UTC)', async () => {
      const { rows } = await db.query(
        `SELECT $1::bigint AS big, count(*) AS n, '{1,2}'::int8[] AS ints, 12.30::numeric(5,2) AS num, 7::int4 AS small,
                '2024-01-02'::date AS day, '2024-01-02 03:04:05.123'::timestamp AS local, '2024-01-02T03:04:05Z'::timestamptz AS instant,
                '1 day 02:00:00'::interval AS span, $2::jsonb AS doc, true AS yes
           FROM (VALUES (1), (2)) AS v(x)`,
        [9007199254740993n, JSON.stringify([1, { a: 2 }])],
      );
      assert.deepEqual(rows, [
        {
          big: '9007199254740993',
          n: '2',
          ints: ['1', '2'],
          num: '12.30',
          small: 7,
          day: new Date('2024-01-02T00:00:00Z'),
          local: new Date('2024-01-02T03:04:05.123Z'),
          instant: new Date('2024-01-02T03:04:05Z'),
          span: '1 day 02:00:00',
          doc: [1, { a: 2 }],
          yes: true,
        },
      ]);
    });

    it('runs several statements without parameters and returns the last rows', async () => {
      const { rows } = await db.query('CREATE TABLE multi (x int); INSERT INTO multi VALUES (1), (2); SELECT sum(x) AS total FROM multi');
      assert.deepEqual(rows, [{ total: '3' }]);
    });

    it('lives in its own schema', async () => {
      await db.query('CREATE TABLE placed (x int)');
      const { rows } = await db.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'placed'`);
      assert.deepEqual(rows, [{ table_schema: db.schema }]);
    });

    it('commits or rolls back a transaction as a whole', async () => {
      await db.query('CREATE TABLE tx_rows (x int)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_rows VALUES ($1)', [1]);
      });
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tx_rows VALUES ($1)', [2]);
          throw new Error('boom');
        }),
        /boom/,
      );
      // A failed statement whose error the callback swallowed still aborts the transaction.
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tx_rows VALUES ($1)', [3]);
          await tx.query('SELECT 1 / 0').catch(() => {});
        }),
      );
      assert.deepEqual((await db.query('SELECT x FROM tx_rows')).rows, [{ x: 1 }]);
    });

    it('refuses the database itself inside a transaction, and a transaction used after it ended', async () => {
      await assert.rejects(
        db.transaction(async () => db.query('SELECT 1')),
        /inside a transaction/,
      );
      let leaked: SqlExecutor | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await assert.rejects(leaked!.query('SELECT 1'), /already ended/);
    });

    it('serializes transactions on PGlite', { skip: backend.kind !== 'pglite' && 'PostgreSQL runs them concurrently' }, async () => {
      await db.query('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
      // Read-modify-write without row locks loses updates unless transactions never interleave.
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter');
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
          }),
        ),
      );
      assert.deepEqual((await db.query('SELECT n FROM counter')).rows, [{ n: 20 }]);
    });

    it('applies migrations once per owner, in order, and detects edited ones', async () => {
      const v1 = ['CREATE TABLE folders (id text PRIMARY KEY)', 'ALTER TABLE folders ADD COLUMN name text'];
      assert.equal(await migrate(db, 'folders', v1), 2);
      assert.equal(await migrate(db, 'folders', v1), 0);
      assert.equal(await migrate(db, 'folders', [...v1, 'CREATE INDEX folders_name ON folders (name)']), 1);
      await assert.rejects(migrate(db, 'folders', [v1[0]!, `${v1[1]} -- edited`]), MigrationChangedError);
      // Owners are independent.
      assert.equal(await migrate(db, 'contacts', ['CREATE TABLE contacts (id text)']), 1);
      const { rows } = await db.query(`SELECT owner, idx FROM schema_migrations WHERE owner IN ('folders', 'contacts') ORDER BY owner, idx`);
      assert.deepEqual(rows, [
        { owner: 'contacts', idx: 0 },
        { owner: 'folders', idx: 0 },
        { owner: 'folders', idx: 1 },
        { owner: 'folders', idx: 2 },
      ]);
    });

    it('records nothing for a failing migration and applies it once fixed', async () => {
      const good = 'CREATE TABLE notes (id text)';
      await assert.rejects(migrate(db, 'notes', [good, 'CREATE TABLE broken (']));
      assert.equal(await countRows(db, `schema_migrations WHERE owner = 'notes'`), 1);
      assert.equal(await migrate(db, 'notes', [good, 'CREATE TABLE fixed (id text)']), 1);
    });

    it('lets instances starting together apply each migration once', async () => {
      const statements = ['CREATE TABLE shared_a (x int)', 'CREATE TABLE shared_b (x int)', 'CREATE TABLE shared_c (x int)'];
      const applied = await Promise.all([migrate(db, 'shared', statements), migrate(another, 'shared', statements)]);
      assert.equal(applied[0] + applied[1], 3);
      assert.equal(await countRows(db, `schema_migrations WHERE owner = 'shared'`), 3);
    });

    it('inserts rows in multi-row statements of at most 100 rows', async () => {
      await db.query('CREATE TABLE people (id int PRIMARY KEY, "user" text, born date)');
      const statements: string[] = [];
      const counting: SqlExecutor = {
        query: (sql, params) => {
          statements.push(sql);
          return db.query(sql, params);
        },
      };
      const rows = Array.from({ length: 250 }, (_, i) => [i, `user ${i}`, '2000-01-01']);
      await insertRows(counting, 'people', ['id', 'user', 'born'], rows);
      assert.equal(statements.length, 3);
      assert.equal(await countRows(db, 'people'), 250);

      await insertRows(db, 'people', ['id', 'user', 'born'], [[1, 'again', null]], { onConflict: '(id) DO NOTHING' });
      await insertRows(db, 'people', ['id', 'user', 'born'], [[2, 'renamed', null]], {
        onConflict: '(id) DO UPDATE SET "user" = EXCLUDED."user"',
      });
      const { rows: changed } = await db.query('SELECT id, "user", born FROM people WHERE id IN (1, 2) ORDER BY id');
      assert.deepEqual(changed, [
        { id: 1, user: 'user 1', born: new Date('2000-01-01T00:00:00Z') },
        { id: 2, user: 'renamed', born: new Date('2000-01-01T00:00:00Z') },
      ]);

      await insertRows(db, 'people', ['id'], []); // nothing to do, no statement
      await assert.rejects(insertRows(db, 'people', ['id', 'user'], [[1000]]), /1 values for 2 columns/);
      await assert.rejects(insertRows(db, 'people; DROP TABLE people', ['id'], [[1]]), /invalid table/);
    });
  });
}
