import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from '../event-store';
import { assertStrictlyIncreasing, CommitRecorder, newEvent, uniqueName, withStore, type EventStoreFactory } from './fixtures';

const TEST_TIMEOUT_MS = 20_000;

export function appendAndReadCases(factory: EventStoreFactory): void {
  describe('append and read', () => {
    it('reads back what was appended, with stream, position and index', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('roundtrip');
        const events: NewEvent[] = [
          {
            id: 'e1-' + uniqueName('id'),
            type: 'MessageReceived',
            schemaVersion: 2,
            data: { subject: 'Olá ✓', size: 1234, flags: ['seen'], nested: { big: 2n ** 70n, none: null } },
            metadata: { at: '2024-05-01T10:00:00.000Z', causationId: 'cmd-1', actor: { id: 'u1', name: 'Ana' } },
          },
          newEvent('MessageFlagged', { flag: 'flagged' }),
        ];
        const result = await store.append(stream, events);
        assert.equal(result.duplicate, false);
        assert.equal(typeof result.position, 'bigint');
        assert.ok(result.position > 0n, 'positions start after 0n, which means "before everything"');

        const read = await store.readStream(stream);
        assert.equal(read.revision, result.position);
        assert.deepEqual(
          read.events,
          events.map((event, index) => ({ ...event, stream, position: result.position, index })),
        );
        assert.equal(await store.headPosition(), result.position);
      }));

    it('reads a stream that has no events as empty with revision null', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        assert.deepEqual(await store.readStream(uniqueName('missing')), { events: [], revision: null });
      }));

    it('reads only the commits after a given position, keeping the revision', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('after');
        const first = await store.append(stream, [newEvent()]);
        const second = await store.append(stream, [newEvent(), newEvent()]);
        const third = await store.append(stream, [newEvent()]);

        const tail = await store.readStream(stream, { after: first.position });
        assert.deepEqual(
          tail.events.map((event) => [event.position, event.index]),
          [
            [second.position, 0],
            [second.position, 1],
            [third.position, 0],
          ],
        );
        assert.equal(tail.revision, third.position);
        assert.deepEqual(await store.readStream(stream, { after: third.position }), { events: [], revision: third.position });
      }));

    it('keeps streams apart', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const [a, b] = [uniqueName('apart-a'), uniqueName('apart-b')];
        const a1 = newEvent();
        const b1 = newEvent();
        const a2 = newEvent();
        await store.append(a, [a1]);
        await store.append(b, [b1]);
        await store.append(a, [a2]);
        assert.deepEqual((await store.readStream(a)).events.map((e) => e.id), [a1.id, a2.id]);
        assert.deepEqual((await store.readStream(b)).events.map((e) => e.id), [b1.id]);
      }));

    it("enforces expectedRevision 'no_stream'", { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('no-stream');
        const created = await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
        await assertWrongRevision(store.append(stream, [newEvent()], { expectedRevision: 'no_stream' }), {
          stream,
          expected: 'no_stream',
          actual: created.position,
        });
      }));

    it('enforces a bigint expectedRevision', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('revision');
        const first = await store.append(stream, [newEvent()]);
        const second = await store.append(stream, [newEvent()], { expectedRevision: first.position });
        assert.ok(second.position > first.position);
        await assertWrongRevision(store.append(stream, [newEvent()], { expectedRevision: first.position }), {
          stream,
          expected: first.position,
          actual: second.position,
        });
        const missing = uniqueName('revision-missing');
        await assertWrongRevision(store.append(missing, [newEvent()], { expectedRevision: first.position }), {
          stream: missing,
          expected: first.position,
          actual: null,
        });
        assert.equal((await store.readStream(stream)).events.length, 2);
      }));

    it("appends without a check for expectedRevision 'any' or none", { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('any');
        await store.append(stream, [newEvent()], { expectedRevision: 'any' });
        await store.append(stream, [newEvent()]);
        await store.append(stream, [newEvent()], { expectedRevision: 'any' });
        assert.equal((await store.readStream(stream)).events.length, 3);
      }));

    it('lets exactly one of several concurrent appends with the same expectation win', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        for (const setUp of [async () => 'no_stream' as const, async (stream: string) => (await store.append(stream, [newEvent()])).position]) {
          const stream = uniqueName('race');
          const expected: ExpectedRevision = await setUp(stream);
          const before = (await store.readStream(stream)).events.length;
          const outcomes = await Promise.allSettled(
            Array.from({ length: 8 }, () => store.append(stream, [newEvent()], { expectedRevision: expected })),
          );
          const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
          const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
          assert.equal(winners.length, 1, `one winner for expectation ${String(expected)}`);
          const winner = (winners[0] as PromiseFulfilledResult<{ position: bigint }>).value.position;
          for (const loser of losers) {
            assert.ok(loser.reason instanceof WrongExpectedRevisionError, `got ${String(loser.reason)}`);
            assert.equal(loser.reason.actual, winner);
          }
          assert.equal((await store.readStream(stream)).events.length, before + 1);
        }
      }));

    it('treats a re-append of the same event id as a no-op, even with a stale expectation', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('idempotent');
        const baseline = await store.headPosition();
        const recorder = new CommitRecorder({ onlyStreamsStartingWith: stream });
        const subscription = recorder.subscribe(store, { after: baseline });
        try {
          const first = newEvent('First');
          const second = newEvent('Second');
          const created = await store.append(stream, [first], { expectedRevision: 'no_stream' });
          const next = await store.append(stream, [second], { expectedRevision: created.position });

          // Retries of both appends: the client never saw the acknowledgement and tries again.
          assert.deepEqual(await store.append(stream, [first]), { position: created.position, duplicate: true });
          assert.deepEqual(await store.append(stream, [first], { expectedRevision: 'no_stream' }), {
            position: created.position,
            duplicate: true,
          });
          assert.deepEqual(await store.append(stream, [second], { expectedRevision: created.position }), {
            position: next.position,
            duplicate: true,
          });

          const read = await store.readStream(stream);
          assert.deepEqual(read.events.map((event) => event.id), [first.id, second.id]);
          assert.equal(read.revision, next.position);

          // A later commit proves the subscriber has seen everything before it.
          const last = await store.append(stream, [newEvent('Last')]);
          await recorder.waitForCount(3);
          assert.deepEqual(recorder.positions(), [created.position, next.position, last.position]);
        } finally {
          await subscription.close();
        }
      }));

    it('orders commits globally across streams', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const namespace = uniqueName('global');
        const baseline = await store.headPosition();
        const plan = ['a', 'b', 'a', 'c', 'b'].map((suffix) => `${namespace}-${suffix}`);
        const appended: { stream: string; position: bigint; size: number }[] = [];
        for (const [i, stream] of plan.entries()) {
          const size = i === 3 ? 3 : 1;
          const { position } = await store.append(stream, Array.from({ length: size }, () => newEvent()));
          appended.push({ stream, position, size });
        }
        assertStrictlyIncreasing(appended.map((commit) => commit.position));
        assert.equal(await store.headPosition(), appended.at(-1)!.position);

        // Unfiltered subscription: other writers' commits would be skipped, ours must keep their order.
        const recorder = new CommitRecorder({ onlyStreamsStartingWith: namespace });
        const subscription = recorder.subscribe(store, { after: baseline });
        try {
          await subscription.caughtUp;
          assert.deepEqual(
            recorder.commits.map((commit) => ({ stream: commit.stream, position: commit.position, size: commit.events.length })),
            appended,
          );
          const multi = recorder.commits[3];
          assert.deepEqual(multi.events.map((event) => [event.stream, event.position, event.index]), [
            [multi.stream, multi.position, 0],
            [multi.stream, multi.position, 1],
            [multi.stream, multi.position, 2],
          ]);
        } finally {
          await subscription.close();
        }
      }));
  });
}

async function assertWrongRevision(
  append: Promise<unknown>,
  expected: { stream: string; expected: ExpectedRevision; actual: bigint | null },
): Promise<void> {
  await assert.rejects(append, (error: unknown) => {
    assert.ok(error instanceof WrongExpectedRevisionError, `expected WrongExpectedRevisionError, got ${String(error)}`);
    assert.deepEqual({ stream: error.stream, expected: error.expected, actual: error.actual }, expected);
    return true;
  });
}
