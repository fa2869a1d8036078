import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Commit, EventStore, SubscribeOptions } from '@gw/event-store';
import {
  compareDatabases,
  ProjectionRunner,
  readCheckpoint,
  rebuildProjection,
  scratchDatabaseFor,
  silentLogger,
  type Database,
  type Projection,
  type ProjectionRunnerOptions,
} from '@gw/read-model';
import type { Backend, TestDatabase } from './backends';
import { appliedPositions, countRows, positionsUpTo, sleep, until, within } from './helpers';
import { InMemoryEventStore } from './in-memory-event-store';
import { commitLogProjection } from './commit-log-projection';
import { mail, mailboxProjection } from './mailbox-projection';

/** ProjectionRunner, rebuild and compare, against real SQL on the given back end. */
export function projectionSuite(backend: Backend): void {
  describe(`projections on ${backend.kind}`, () => {
    // Torn down after each test, newest first: runners stop before their database closes.
    let cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
      cleanups = [];
    });

    async function fresh(): Promise<TestDatabase> {
      const created = await backend.fresh();
      cleanups.push(() => created.db.close());
      return {
        ...created,
        another: async () => {
          const db = await created.another();
          cleanups.push(() => db.close());
          return db;
        },
      };
    }

    /** Failures of runners made by runner() without their own onFailure: tests expect none. */
    let unexpectedFailures: unknown[] = [];
    afterEach(() => {
      const failures = unexpectedFailures;
      unexpectedFailures = [];
      assert.deepEqual(failures, [], 'no runner failed');
    });

    function runner(db: Database, store: EventStore, projection: Projection, options: ProjectionRunnerOptions = {}) {
      const created = new ProjectionRunner(db, store, projection, {
        logger: silentLogger,
        onFailure: (error) => unexpectedFailures.push(error),
        ...options,
      });
      cleanups.push(() => created.stop());
      return created;
    }

    async function appendMessages(store: InMemoryEventStore, count: number, from = 1): Promise<void> {
      for (let i = from; i < from + count; i++) await store.append(`mailbox-${i}`, [mail.added(`m${i}`)]);
    }

    it('applies commits of matching streams and moves the checkpoint with them', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      await store.append('mailbox-1', [mail.added('m1'), mail.added('m2')]); // 1: one commit, two events
      await store.append('mailbox-1', [mail.moved('m1', 'inbox', 'archive')]); // 2
      await store.append('calendar-1', [{ ...mail.added('c1'), type: 'AppointmentAdded' }]); // 3: other service
      await store.append('mailbox-2', [mail.added('m3')]); // 4
      await store.append('mailbox-1', [mail.deleted('m2')]); // 5

      const live = runner(db, store, mailboxProjection());
      await live.start();
      await live.caughtUp;

      assert.equal(live.position(), 5n);
      assert.equal(await readCheckpoint(db, 'mailbox'), 5n);
      assert.deepEqual(await appliedPositions(db), [1n, 2n, 4n, 5n]);
      const { rows: messages } = await db.query('SELECT id, folder, revision, received_at, flags FROM messages ORDER BY id');
      assert.deepEqual(messages, [
        { id: 'm1', folder: 'archive', revision: '2', received_at: messages[0].received_at, flags: { seen: false, tags: ['a', 'b'] } },
        { id: 'm3', folder: 'inbox', revision: '4', received_at: messages[1].received_at, flags: { seen: false, tags: ['a', 'b'] } },
      ]);
      assert.ok(messages[0].received_at instanceof Date);
      const { rows: counts } = await db.query('SELECT folder, messages FROM folder_counts ORDER BY folder');
      assert.deepEqual(counts, [
        { folder: 'archive', messages: '1' },
        { folder: 'inbox', messages: '1' },
      ]);
    });

    it('writes nothing of a batch that fails mid-way, and a restart resumes from the checkpoint', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      await appendMessages(store, 12);
      let failing = true;
      const failedBatches: bigint[][] = [];
      let firstBatch = true;
      const projection = mailboxProjection({
        // Holding the first batch lets the next ones fill up to batchSize: [1] [2..5] [6..9] …
        beforeWrite: async () => {
          if (firstBatch) await sleep(100);
          firstBatch = false;
        },
        afterWrite: (commits) => {
          if (failing && commits.some((commit) => commit.position === 7n)) {
            failedBatches.push(commits.map((commit) => commit.position));
            throw new Error('injected failure after writing the batch');
          }
        },
      });
      const failures: unknown[] = [];
      const first = runner(db, store, projection, { batchSize: 4, retryDelayMs: 60_000, onFailure: (error) => failures.push(error) });
      await first.start();
      await until(() => failures.length > 0);

      const failed = failedBatches[0]!;
      assert.ok(failed.length > 1 && failed[0]! < 7n, `failure in the middle of a batch (batch ${failed.join(',')})`);
      const checkpoint = await readCheckpoint(db, 'mailbox');
      assert.equal(checkpoint, failed[0]! - 1n, 'checkpoint stays before the failed batch');
      assert.equal(first.position(), checkpoint);
      assert.deepEqual(await appliedPositions(db), positionsUpTo(checkpoint), 'no row of the failed batch');
      assert.equal(await countRows(db, 'messages'), Number(checkpoint));
      await first.stop();

      failing = false;
      const second = runner(db, store, projection, { batchSize: 4 });
      await second.start();
      await second.caughtUp;
      assert.equal(second.position(), 12n);
      assert.deepEqual(await appliedPositions(db), positionsUpTo(12n));
      assert.equal(await countRows(db, 'messages'), 12);
    });

    it('retries by itself after a failure and applies everything once', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      await appendMessages(store, 10);
      let failuresLeft = 2;
      const projection = mailboxProjection({
        afterWrite: (commits) => {
          if (failuresLeft > 0 && commits.some((commit) => commit.position >= 4n)) {
            failuresLeft--;
            throw new Error('transient failure');
          }
        },
      });
      const failures: unknown[] = [];
      const live = runner(db, store, projection, { batchSize: 3, retryDelayMs: 10, onFailure: (error) => failures.push(error) });
      await live.start();
      await live.caughtUp;
      assert.equal(failures.length, 2);
      assert.equal(live.position(), 10n);
      assert.deepEqual(await appliedPositions(db), positionsUpTo(10n));
    });

    it('restarts from its checkpoint without applying anything twice, even with redeliveries', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      store.redeliver = true; // at-least-once transport: every commit arrives twice
      await appendMessages(store, 5);
      const first = runner(db, store, commitLogProjection(), { batchSize: 2 });
      await first.start();
      await first.caughtUp;
      assert.equal(first.position(), 5n);
      await first.stop();

      await appendMessages(store, 5, 6);
      const second = runner(db, store, commitLogProjection(), { batchSize: 2 });
      await second.start();
      await second.caughtUp;
      assert.equal(second.position(), 10n);
      assert.deepEqual(await appliedPositions(db), positionsUpTo(10n));

      // A new runner on an up-to-date read model subscribes after the head: nothing to apply.
      await second.stop();
      const third = runner(db, store, commitLogProjection());
      await third.start();
      await third.caughtUp;
      assert.deepEqual(await appliedPositions(db), positionsUpTo(10n));
    });

    it('lets two instances share one database without applying a commit twice', async () => {
      const shared = await fresh();
      const otherInstance = await shared.another();
      const store = new InMemoryEventStore();
      await appendMessages(store, 20);
      const one = runner(shared.db, store, commitLogProjection(), { batchSize: 3 });
      const two = runner(otherInstance, store, commitLogProjection(), { batchSize: 5 });
      await Promise.all([one.start(), two.start()]); // migrations race too
      for (let i = 21; i <= 50; i++) {
        await store.append(`mailbox-${i}`, [mail.added(`m${i}`)]);
        if (i % 7 === 0) await sleep(2);
      }
      const head = await store.headPosition();
      assert.equal(await one.waitFor(head, 20_000), true);
      assert.equal(await two.waitFor(head, 20_000), true);
      assert.deepEqual(await appliedPositions(shared.db), positionsUpTo(50n));
    });

    it('waitFor resolves as soon as the position is applied, false on timeout or after stop', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      const live = runner(db, store, mailboxProjection());
      await live.start();
      await live.caughtUp; // an empty store is caught up at once

      const waiting = live.waitFor(1n, 10_000);
      const { position } = await store.append('mailbox-1', [mail.added('m1')]);
      assert.equal(await waiting, true);
      // Read-your-writes: once waitFor resolved, the query sees the command's effect.
      assert.equal(await countRows(db, `messages WHERE id = 'm1'`), 1);
      assert.equal(await live.waitFor(position, 0), true);

      const started = Date.now();
      assert.equal(await live.waitFor(99n, 50), false);
      assert.ok(Date.now() - started >= 45);

      const pending = live.waitFor(99n, 60_000);
      await live.stop();
      assert.equal(await pending, false);
      assert.equal(await live.waitFor(99n, 60_000), false);

      const neverStarted = runner(db, store, mailboxProjection());
      await neverStarted.stop();
      await assert.rejects(neverStarted.caughtUp, /stopped before catching up/);
    });

    it('batches commits and bounds what is buffered (backpressure)', async () => {
      const { db } = await fresh();
      const inner = new InMemoryEventStore();
      await appendMessages(inner, 60);
      let delivered = 0;
      let applied = 0;
      let mostOutstanding = 0;
      const batchSizes: number[] = [];
      // Counts deliveries as the store hands them to the runner's handler.
      const store: EventStore = Object.assign(Object.create(inner) as InMemoryEventStore, {
        subscribeToAll: (options: SubscribeOptions) =>
          inner.subscribeToAll({
            ...options,
            handler: (commit: Commit) => {
              delivered++;
              mostOutstanding = Math.max(mostOutstanding, delivered - applied);
              return options.handler(commit);
            },
          }),
      });
      const projection = mailboxProjection({
        beforeWrite: () => sleep(5), // a slow database
        afterWrite: (commits) => {
          batchSizes.push(commits.length);
          applied += commits.length;
        },
      });
      const batchSize = 8;
      const live = runner(db, store, projection, { batchSize });
      await live.start();
      await live.caughtUp;
      assert.deepEqual(await appliedPositions(db), positionsUpTo(60n));
      assert.ok(Math.max(...batchSizes) > 1, `commits were batched (${batchSizes.join(',')})`);
      assert.ok(Math.max(...batchSizes) <= batchSize);
      // One batch in the transaction, one batch waiting, and the commit being handed over.
      assert.ok(mostOutstanding <= 2 * batchSize + 1, `at most ${2 * batchSize + 1} outstanding, saw ${mostOutstanding}`);
    });

    it('reports catching up while commits keep arriving', async () => {
      const { db } = await fresh();
      const store = new InMemoryEventStore();
      await appendMessages(store, 30);
      const live = runner(db, store, commitLogProjection(), { batchSize: 4 });
      // A steady stream of appends keeps the batcher busy the whole time.
      let appending = true;
      const appender = (async () => {
        for (let i = 31; appending && i < 5_000; i++) {
          await store.append(`mailbox-${i}`, [mail.added(`m${i}`)]);
          await sleep(1);
        }
      })();
      await live.start();
      const outcome = await within(live.caughtUp.then(() => 'caught up'), 15_000);
      appending = false;
      await appender;
      assert.equal(outcome, 'caught up');
      assert.ok(live.position() >= 30n);
    });

    it('rejects start() and caughtUp when the projection cannot be prepared', async () => {
      const { db } = await fresh();
      const broken: Projection = { ...commitLogProjection(), migrations: ['CREATE TABLE broken ('] };
      const live = runner(db, new InMemoryEventStore(), broken);
      await assert.rejects(live.start(), /syntax error/);
      await assert.rejects(live.caughtUp, /syntax error/);
    });

    it('rebuilds into a scratch database that compares equal, and compare finds a tampered row', async () => {
      const live = await fresh();
      const store = new InMemoryEventStore();
      for (let i = 1; i <= 40; i++) {
        await store.append(`mailbox-${i % 3}`, [mail.added(`m${i}`, i % 2 ? 'inbox' : 'sent')]);
        if (i % 5 === 0) await store.append(`mailbox-${i % 3}`, [mail.moved(`m${i - 1}`, 'inbox', 'archive')]);
        if (i % 8 === 0) await store.append(`mailbox-${i % 3}`, [mail.deleted(`m${i - 2}`)]);
        if (i % 10 === 0) await store.append('calendar-1', [{ ...mail.added(`c${i}`), type: 'AppointmentAdded' }]);
      }
      const projection = mailboxProjection();
      const liveRunner = runner(live.db, store, projection, { batchSize: 5 });
      await liveRunner.start();
      await liveRunner.caughtUp;

      const scratch = await scratchDatabaseFor(live.location, live);
      cleanups.push(() => scratch.close());
      assert.equal(scratch.schema, backend.kind === 'postgres' ? `${live.location.schema}_rebuild` : live.location.schema);
      const { position } = await rebuildProjection({ store, projection: mailboxProjection(), scratch, batchSize: 7 });
      assert.equal(position, liveRunner.position());
      assert.equal(await liveRunner.waitFor(position, 5_000), true);

      assert.deepEqual(await compareDatabases(live.db, scratch, projection.tables), { equal: true, differences: [] });

      await live.db.query(`UPDATE messages SET subject = 'tampered' WHERE id = 'm7'`);
      const tampered = await compareDatabases(live.db, scratch, projection.tables);
      assert.equal(tampered.equal, false);
      assert.deepEqual(
        tampered.differences.map(({ table, onlyLive, onlyRebuilt }) => ({ table, onlyLive, onlyRebuilt })),
        [{ table: 'messages', onlyLive: 1, onlyRebuilt: 1 }],
      );
      const sample = tampered.differences[0]!.sample as { live: { subject: string }; rebuilt: { subject: string } };
      assert.equal(sample.live.subject, 'tampered');
      assert.equal(sample.rebuilt.subject, 'subject m7');

      await live.db.query(`DELETE FROM applied_commits WHERE position = 1`);
      const missing = await compareDatabases(live.db, scratch, ['applied_commits']);
      assert.deepEqual(
        missing.differences.map(({ table, onlyLive, onlyRebuilt }) => ({ table, onlyLive, onlyRebuilt })),
        [{ table: 'applied_commits', onlyLive: 0, onlyRebuilt: 1 }],
      );

      await assert.rejects(rebuildProjection({ store, projection, scratch }), /already holds/);
    });

    it('gives an empty scratch database each time and fails a rebuild whose projection fails', async () => {
      const live = await fresh();
      const store = new InMemoryEventStore();
      await appendMessages(store, 5);
      const first = await scratchDatabaseFor(live.location, live);
      cleanups.push(() => first.close());
      await rebuildProjection({ store, projection: mailboxProjection(), scratch: first });
      await first.close();

      const second = await scratchDatabaseFor(live.location, live);
      cleanups.push(() => second.close());
      assert.equal(await readCheckpoint(second, 'mailbox'), 0n);
      assert.deepEqual((await second.query(`SELECT to_regclass('messages') AS t`)).rows, [{ t: null }]);
      const broken = mailboxProjection({
        afterWrite: () => {
          throw new Error('projection bug');
        },
      });
      await assert.rejects(rebuildProjection({ store, projection: broken, scratch: second }), /projection bug/);
    });
  });
}
