import { NatsObjectBlobStore } from '@gw/blob-store';
import { startNatsServer } from '@gw/testing';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { connect } from 'nats';
it('timing', async () => {
  const server = await startNatsServer();
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const cs = await Promise.all([1,2,3].map(() => connect({ servers: server.url })));
  const stores = await Promise.all(cs.map((c) => NatsObjectBlobStore.create(c, { bucket: 'x' })));
  const os = await nc.jetstream().views.os('x');
  const orig = os.putBlob.bind(os);
  for (let i = 0; i < 5; i++) {
    const data = randomBytes(1024 * 1024);
    let fails = 0;
    for (const s of stores) { const o = (s as any).objects; const p = o.putBlob.bind(o); o.putBlob = async (...a: any[]) => { try { return await p(...a); } catch (e) { fails++; console.log('loser:', (e as Error).message); throw e; } }; }
    await Promise.all(stores.map((s) => s.put(data)));
    console.log('round', i, 'fails', fails);
    for (const s of stores) { delete (s as any).objects.putBlob; }
  }
  let t = Date.now();
  await server.restart();
  console.log('restart ms', Date.now() - t); t = Date.now();
  const store = await NatsObjectBlobStore.create(nc, { bucket: 'x' });
  const r = await store.put(Buffer.from('a'));
  console.log('first op after restart ms', Date.now() - t);
  await Promise.all(cs.map((c) => c.close())); await nc.close(); await server.stop();
});
