import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Subscription } from '../event-store';
import { appendUntilAccepted, assertStrictlyIncreasing, CommitRecorder, newEvent, uniqueName, withStore, type EventStoreFactory } from './fixtures';

export function serverRestartCases(factory: EventStoreFactory): void {
  describe('server restart', () => {
    it('keeps a live subscription gap-free and duplicate-free across a restart', { timeout: 60_000 }, (t) =>
      withStore(factory, async ({ store, restartServer }) => {
        if (!restartServer) {
          t.skip('the adapter has no server to restart');
          return;
        }
        const stream = uniqueName('restart');
        const baseline = await store.headPosition();
        const recorder = new CommitRecorder();
        const subscription = recorder.subscribe(store, { after: baseline, streamPrefix: stream });
        let laggingSubscription: Subscription | undefined;
        try {
          const appended: { position: bigint; id: string }[] = [];
          const appendOne = async () => {
            const event = newEvent();
            appended.push({ position: await appendUntilAccepted(store, stream, event), id: event.id });
          };

          for (let i = 0; i < 5; i++) await appendOne();
          await recorder.waitForCount(5);
          // A second, slow subscriber is still catching up when the server goes away.
          const lagging = new CommitRecorder({ delayMs: 40 });
          laggingSubscription = lagging.subscribe(store, { after: baseline, streamPrefix: stream });

          // Appends issued while the server goes down and comes back, retried until accepted.
          const restart = restartServer();
          const duringRestart = (async () => {
            for (let i = 0; i < 3; i++) {
              await appendOne();
              await sleep(20);
            }
          })();
          await Promise.all([restart, duringRestart]);
          for (let i = 0; i < 5; i++) await appendOne();

          await recorder.waitForCount(appended.length, 30_000);
          await lagging.waitForCount(appended.length, 30_000);
          await sleep(100); // room for a stray redelivery to show up
          const expected = [...appended].sort((a, b) => (a.position < b.position ? -1 : 1));
          assertStrictlyIncreasing(expected.map((commit) => commit.position));
          for (const subscriber of [recorder, lagging]) {
            assert.deepEqual(subscriber.positions(), expected.map((commit) => commit.position));
            assert.deepEqual(subscriber.eventIds(), expected.map((commit) => commit.id));
          }
          assert.deepEqual(
            (await store.readStream(stream)).events.map((event) => event.id),
            expected.map((commit) => commit.id),
            'retried appends left no second copy',
          );
        } finally {
          await subscription.close();
          await laggingSubscription?.close();
        }
      }));
  });
}
