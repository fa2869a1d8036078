import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Commit } from '../event-store';
import { CommitRecorder, newEvent, uniqueName, waitFor, withStore, within, type EventStoreFactory } from './fixtures';

const TEST_TIMEOUT_MS = 30_000;

export function subscriptionCases(factory: EventStoreFactory): void {
  describe('subscribeToAll', () => {
    it('catches up, then follows live commits with no gap or duplicate at the seam', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('seam');
        const baseline = await store.headPosition();
        const existing: bigint[] = [];
        for (let i = 0; i < 60; i++) existing.push((await store.append(stream, [newEvent()])).position);

        // A slow handler keeps the subscription catching up while new commits arrive.
        const recorder = new CommitRecorder({ delayMs: 2 });
        const subscription = recorder.subscribe(store, { after: baseline, streamPrefix: stream });
        let deliveredWhenCaughtUp = -1;
        void subscription.caughtUp.then(() => (deliveredWhenCaughtUp = recorder.commits.length));
        try {
          const appendedDuringCatchUp: bigint[] = [];
          for (let i = 0; i < 40; i++) appendedDuringCatchUp.push((await store.append(stream, [newEvent()])).position);
          await subscription.caughtUp;
          await recorder.waitForCount(100);
          const live = await store.append(stream, [newEvent()]);
          await recorder.waitForCount(101);
          await sleep(50); // room for a stray duplicate to show up

          assert.deepEqual(recorder.positions(), [...existing, ...appendedDuringCatchUp, live.position]);
          assert.ok(deliveredWhenCaughtUp >= 60, `caughtUp resolved after ${deliveredWhenCaughtUp} of the 60 existing commits`);
        } finally {
          await subscription.close();
        }
      }));

    it('resumes from a checkpoint with exactly the commits after it', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('checkpoint');
        const baseline = await store.headPosition();
        const appended: bigint[] = [];
        for (let i = 0; i < 10; i++) appended.push((await store.append(stream, [newEvent()])).position);

        const first = new CommitRecorder({ delayMs: 5 });
        const firstRun = first.subscribe(store, { after: baseline, streamPrefix: stream });
        await first.waitForCount(4);
        await firstRun.close();
        const delivered = first.commits.length;
        const checkpoint = first.positions().at(-1)!;
        await sleep(50);
        assert.equal(first.commits.length, delivered, 'no delivery after close() resolved');

        for (let i = 0; i < 5; i++) appended.push((await store.append(stream, [newEvent()])).position);
        const second = new CommitRecorder();
        const secondRun = second.subscribe(store, { after: checkpoint, streamPrefix: stream });
        try {
          await second.waitForCount(appended.length - delivered);
          await secondRun.caughtUp;
          await sleep(50);
          assert.deepEqual([...first.positions(), ...second.positions()], appended);
        } finally {
          await secondRun.close();
        }
      }));

    it('delivers only streams that start with streamPrefix', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const namespace = uniqueName('prefix');
        const mailbox1 = `${namespace}-mailbox-1`;
        const mailbox2 = `${namespace}-mailbox-2`;
        const calendar = `${namespace}-calendar-1`;
        const baseline = await store.headPosition();
        const wanted: bigint[] = [];
        wanted.push((await store.append(mailbox1, [newEvent()])).position);
        await store.append(calendar, [newEvent()]);
        wanted.push((await store.append(mailbox2, [newEvent()])).position);
        // The newest existing commit is filtered out: catching up must still be noticed.
        await store.append(calendar, [newEvent()]);

        const recorder = new CommitRecorder();
        const subscription = recorder.subscribe(store, { after: baseline, streamPrefix: `${namespace}-mailbox-` });
        try {
          assert.notEqual(await within(subscription.caughtUp, 10_000), 'timeout', 'caughtUp resolves');
          await store.append(calendar, [newEvent()]);
          wanted.push((await store.append(mailbox1, [newEvent()])).position);
          await recorder.waitForCount(3);
          await sleep(50);
          assert.deepEqual(recorder.positions(), wanted);
          assert.ok(recorder.commits.every((commit) => commit.stream.startsWith(`${namespace}-mailbox-`)));
        } finally {
          await subscription.close();
        }
      }));

    it('is caught up at once when nothing is after the checkpoint', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('empty-catch-up');
        await store.append(stream, [newEvent()]);
        const recorder = new CommitRecorder();
        const subscription = recorder.subscribe(store, { after: await store.headPosition(), streamPrefix: stream });
        try {
          assert.notEqual(await within(subscription.caughtUp, 2_000), 'timeout', 'caughtUp resolves promptly');
          assert.equal(recorder.commits.length, 0);
          const live = await store.append(stream, [newEvent()]);
          await recorder.waitForCount(1);
          assert.deepEqual(recorder.positions(), [live.position]);
        } finally {
          await subscription.close();
        }
      }));

    it('stops and reports through onError when the handler fails', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('failing');
        const baseline = await store.headPosition();
        const failure = new Error('projection broke');
        const handled: bigint[] = [];
        const errors: unknown[] = [];
        const subscription = store.subscribeToAll({
          after: baseline,
          streamPrefix: stream,
          handler: async (commit: Commit) => {
            handled.push(commit.position);
            if (handled.length === 2) throw failure;
          },
          onError: (error) => errors.push(error),
        });
        try {
          for (let i = 0; i < 3; i++) await store.append(stream, [newEvent()]);
          await waitFor(() => errors.length > 0, 10_000, () => 'onError was not called');
          await store.append(stream, [newEvent()]);
          await sleep(200);
          assert.deepEqual(errors, [failure]);
          assert.equal(handled.length, 2, 'nothing is delivered after the failure');
        } finally {
          await subscription.close();
        }
      }));

    it('close() waits for the running handler and ends delivery', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('closing');
        const baseline = await store.headPosition();
        let started = 0;
        let finished = 0;
        const subscription = store.subscribeToAll({
          after: baseline,
          streamPrefix: stream,
          handler: async () => {
            started += 1;
            await sleep(200);
            finished += 1;
          },
        });
        await store.append(stream, [newEvent()]);
        await store.append(stream, [newEvent()]);
        await waitFor(() => started === 1, 10_000, () => 'handler did not start');
        await subscription.close();
        assert.equal(finished, started, 'close() resolved while a handler was still running');
        await store.append(stream, [newEvent()]);
        await sleep(200);
        assert.equal(started, 1, 'nothing is delivered after close()');
      }));

    it('lets a handler close its own subscription', { timeout: TEST_TIMEOUT_MS }, () =>
      withStore(factory, async ({ store }) => {
        const stream = uniqueName('self-closing');
        const baseline = await store.headPosition();
        const handled: bigint[] = [];
        let closed = false;
        const subscription = store.subscribeToAll({
          after: baseline,
          streamPrefix: stream,
          handler: async (commit: Commit) => {
            handled.push(commit.position);
            await subscription.close(); // must not wait for this very handler
            closed = true;
          },
        });
        await store.append(stream, [newEvent()]);
        await store.append(stream, [newEvent()]);
        await waitFor(() => closed, 10_000, () => 'close() inside the handler did not resolve');
        await sleep(100);
        assert.equal(handled.length, 1);
      }));
  });
}
