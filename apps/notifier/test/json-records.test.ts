// Compare-and-set on the session and WaitSet buckets, against a real JetStream key-value bucket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, KV, NatsConnection } from 'nats';
import { startNatsServer, TestNatsServer } from '@gw/testing';
import { compareAndSet, isKeyToken, readRecord } from '../src/kv/json-records';

describe('JSON records with compare-and-set', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let kv: KV;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    kv = await nc.jetstream().views.kv('records-test', { history: 1 });
  });
  after(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('concurrent read-change-writes all land: a lost write is decided again', async () => {
    await kv.create('counter', JSON.stringify({ n: 0 }));
    let attempts = 0;
    const increment = () =>
      compareAndSet(async () => {
        attempts++;
        const { value, revision } = await readRecord<{ n: number }>(kv, 'counter');
        await kv.update('counter', JSON.stringify({ n: value!.n + 1 }), revision);
      });
    await Promise.all(Array.from({ length: 8 }, increment));
    assert.equal((await readRecord<{ n: number }>(kv, 'counter')).value?.n, 8);
    assert.ok(attempts > 8, 'some writes lost and were retried');
  });

  it('other failures are not retried; absent and deleted records read as null', async () => {
    let attempts = 0;
    await assert.rejects(
      compareAndSet(async () => {
        attempts++;
        throw new Error('bucket unavailable');
      }),
      /bucket unavailable/,
    );
    assert.equal(attempts, 1);
    assert.equal((await readRecord(kv, 'missing')).value, null);
    await kv.put('gone', '{}');
    await kv.delete('gone');
    assert.equal((await readRecord(kv, 'gone')).value, null);
    assert.equal(isKeyToken('ok-Id_1'), true);
    assert.equal(isKeyToken('a.b'), false);
    assert.equal(isKeyToken('*'), false);
  });
});
