import { JetStreamEventStore, eventStoreConformance } from '@gw/event-store';
let n = 0;
eventStoreConformance('JetStream R3 cluster', {
  async create() {
    n += 1;
    const store = await JetStreamEventStore.connect({ servers: ['127.0.0.1:15601','127.0.0.1:15602','127.0.0.1:15603'], replicas: 3, streamName: `C${Date.now()}_${n}`, subjectPrefix: `c${Date.now()}x${n}` });
    console.log('check', store.revisionCheck);
    return { store, dispose: () => store.close() };
  },
});
