/**
 * The change-signal path, in a thread of its own: it follows the event store and publishes one
 * signal per account and commit. The notifier's main thread runs the embedded database, whose
 * queries block its event loop; out here a wake-up never waits behind them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connect, JSONCodec } from 'nats';
import { ChangeSignal, changeSignalSubject } from '@gw/contracts';
import { JetStreamEventStore, Subscription } from '@gw/event-store';
import { accountChangesOf } from './account-changes';

export interface SignalForwarderInput {
  natsServers: string[];
  replicas: number;
  /** Signal commits after this position (decimal). */
  after: string;
}

/** Messages to the main thread: how far signals went, and failures to log. */
export type SignalForwarderReport = { signalled: string } | { error: string };

const input = workerData as SignalForwarderInput;
const codec = JSONCodec<ChangeSignal>();
const REPORT_EVERY_MS = 1000;

async function main(): Promise<void> {
  const nc = await connect({ servers: input.natsServers, name: 'notifier-signals', maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  const store = await JetStreamEventStore.fromConnection(nc, { replicas: input.replicas });
  let signalled = BigInt(input.after);
  let reported = signalled;
  let subscription: Subscription | undefined;
  let stopping = false;

  const follow = () => {
    subscription = store.subscribeToAll({
      after: signalled,
      handler: async (commit) => {
        for (const change of accountChangesOf(commit)) {
          if (change.lifecycle === 'created') continue;
          const signal: ChangeSignal = { accountId: change.accountId, position: change.position.toString(), types: change.kinds };
          if (change.lifecycle === 'deleted') signal.deleted = true;
          nc.publish(changeSignalSubject(change.accountId), codec.encode(signal));
        }
        signalled = commit.position;
      },
      onError: (err) => {
        parentPort?.postMessage({ error: `change signals interrupted, resuming: ${String(err)}` } satisfies SignalForwarderReport);
        const failed = subscription;
        void failed?.close().catch(() => undefined);
        if (!stopping) setTimeout(follow, 1000);
      },
    });
  };
  follow();

  const timer = setInterval(() => {
    if (signalled !== reported) parentPort?.postMessage({ signalled: signalled.toString() } satisfies SignalForwarderReport);
    reported = signalled;
  }, REPORT_EVERY_MS);

  parentPort?.on('message', async (message) => {
    if (message !== 'stop') return;
    stopping = true;
    clearInterval(timer);
    await subscription?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await nc.drain().catch(() => undefined);
    process.exit(0);
  });
}

main().catch((err) => {
  parentPort?.postMessage({ error: `change signals failed to start: ${String(err)}` } satisfies SignalForwarderReport);
  process.exit(1);
});
