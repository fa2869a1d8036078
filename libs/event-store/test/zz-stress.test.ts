import { JetStreamEventStore, type Commit } from '@gw/event-store';
import { startNatsServer } from '@gw/testing';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
const ev = () => ({ id: randomUUID(), type: 'x', schemaVersion: 1, data: { n: 1 }, metadata: { at: '' } });
test('stress', { timeout: 120_000 }, async () => {
  const nats = await startNatsServer();
  const store = await JetStreamEventStore.connect({ servers: nats.url });
  let t = Date.now();
  const N = 3000;
  for (let i = 0; i < N; i += 100) await Promise.all(Array.from({ length: 100 }, () => store.append('big', [ev(), ev()])));
  console.log('append 3000 ms', Date.now() - t);
  t = Date.now();
  const r = await store.readStream('big');
  console.log('read', r.events.length, 'ms', Date.now() - t);
  t = Date.now();
  const r2 = await store.readStream('big', { after: 2990n });
  console.log('read tail', r2.events.length, 'ms', Date.now() - t);
  // subscription with restarts during catch-up
  const got: bigint[] = [];
  const sub = store.subscribeToAll({ after: 0n, handler: async (c: Commit) => { got.push(c.position); if (got.length % 7 === 0) await new Promise(r => setTimeout(r, 1)); } });
  let appended = N;
  const writer = (async () => { for (let i = 0; i < 200; i++) { for (;;) { try { await store.append('live', [ev()]); appended++; break; } catch { await new Promise(r => setTimeout(r, 50)); } } await new Promise(r => setTimeout(r, 5)); } })();
  for (let k = 0; k < 4; k++) { await new Promise(r => setTimeout(r, 400)); await nats.restart(); console.log('restarted', k, 'got', got.length); }
  await writer;
  const t1 = Date.now();
  while (got.length < appended && Date.now() - t1 < 30000) await new Promise(r => setTimeout(r, 50));
  console.log('got', got.length, 'appended', appended, 'head', await store.headPosition());
  for (let i = 0; i < got.length; i++) assert.equal(got[i], BigInt(i + 1));
  await sub.close();
  await store.close(); await nats.stop();
});
