import { JetStreamEventStore, eventStoreConformance } from '@gw/event-store';
import { startNatsServer, type TestNatsServer } from '@gw/testing';
import { after } from 'node:test';

// One nats-server for this file; every case gets its own JetStream stream and subject prefix,
// so cases cannot see each other's commits.
let server: Promise<TestNatsServer> | undefined;
let storeCount = 0;

after(async () => {
  if (server) await (await server).stop();
});

eventStoreConformance('JetStream', {
  async create() {
    server ??= startNatsServer();
    const nats = await server;
    storeCount += 1;
    const store = await JetStreamEventStore.connect({
      servers: nats.url,
      streamName: `EVENTS_${storeCount}`,
      subjectPrefix: `es${storeCount}`,
    });
    return {
      store,
      restartServer: () => nats.restart(),
      dispose: () => store.close(),
    };
  },
});
