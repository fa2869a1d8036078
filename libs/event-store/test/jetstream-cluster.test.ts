import { JetStreamEventStore, eventStoreConformance } from '@gw/event-store';
import { startNatsCluster, type TestNatsCluster } from '@gw/testing';
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { connect } from 'nats';

// The deployment runs a NATS cluster with a replicated event stream, where nats-server checks
// expected revisions differently than a single server does (see revision-check.ts).

let cluster: Promise<TestNatsCluster> | undefined;
let storeCount = 0;

after(async () => {
  if (cluster) await (await cluster).stop();
});

async function openStore(): Promise<JetStreamEventStore> {
  cluster ??= startNatsCluster({ size: 3 });
  const { urls } = await cluster;
  storeCount += 1;
  return JetStreamEventStore.connect({
    servers: urls,
    replicas: 3,
    streamName: `CLUSTERED_${storeCount}`,
    subjectPrefix: `clustered${storeCount}`,
  });
}

it('fences revision checks on replicated streams of nats-server before 2.9.21', async () => {
  const store = await openStore();
  const nc = await connect({ servers: (await cluster!).urls });
  try {
    const [major, minor, patch] = (nc.info?.version ?? '').split('.').map((part) => Number.parseInt(part, 10));
    const affected = major === 2 && (minor < 9 || (minor === 9 && patch < 21));
    assert.equal(store.revisionCheck, affected ? 'fenced' : 'subject');
  } finally {
    await nc.close();
    await store.close();
  }
});

eventStoreConformance('JetStream, 3 replicas', {
  async create() {
    const store = await openStore();
    const { nodes } = await cluster!;
    return {
      store,
      // Restarting one node of three keeps the stream available, as a rolling upgrade would.
      restartServer: () => nodes[0].restart(),
      dispose: () => store.close(),
    };
  },
});

