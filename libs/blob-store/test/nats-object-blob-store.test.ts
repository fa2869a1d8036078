import { BlobIntegrityError, blobStoreConformance, NatsObjectBlobStore } from '@gw/blob-store';
import { startNatsServer, type TestNatsServer } from '@gw/testing';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';

let server: TestNatsServer;
let nc: NatsConnection;
let bucketCount = 0;

before(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
});

after(async () => {
  await nc?.close();
  await server?.stop();
});

/** A bucket of its own, so cases can count what the stream holds. */
function freshBucket(): string {
  bucketCount += 1;
  return `blobs_${bucketCount}`;
}

async function streamMessages(bucket: string): Promise<number> {
  const info = await (await nc.jetstreamManager()).streams.info(`OBJ_${bucket}`);
  return info.state.messages;
}

blobStoreConformance('NatsObjectBlobStore', () => NatsObjectBlobStore.create(nc, { bucket: 'conformance' }));

describe('NatsObjectBlobStore', () => {
  it('creates a file-backed bucket named after the option, and binds to it again', async () => {
    const bucket = freshBucket();
    const first = await NatsObjectBlobStore.create(nc, { bucket });
    const { hash } = await first.put(Buffer.from('hello'));
    const info = await (await nc.jetstreamManager()).streams.info(`OBJ_${bucket}`);
    assert.equal(info.config.storage, 'file');
    assert.equal(info.config.num_replicas, 1);
    const second = await NatsObjectBlobStore.create(nc, { bucket });
    assert.equal((await second.get(hash)).toString(), 'hello');
  });

  it('names each object by its hash and splits large blobs into chunks', async () => {
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const data = randomBytes(5 * 1024 * 1024);
    const { hash } = await store.put(data);
    const info = await (await nc.jetstream().views.os(bucket)).info(hash);
    assert.ok(info);
    assert.equal(info.size, data.length);
    assert.ok(info.chunks > 1, `expected several chunks, got ${info.chunks}`);
    // One message per chunk plus one for the metadata.
    assert.equal(await streamMessages(bucket), info.chunks + 1);
  });

  it('does not write again when the content is already stored', async () => {
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const data = randomBytes(200 * 1024);
    await store.put(data);
    const before = await streamMessages(bucket);
    await store.put(data);
    await (await NatsObjectBlobStore.create(nc, { bucket })).put(data);
    assert.equal(await streamMessages(bucket), before);
  });

  it('keeps exactly one copy when stores on separate connections race to put the same content', async () => {
    const bucket = freshBucket();
    const connections = await Promise.all([1, 2, 3].map(() => connect({ servers: server.url })));
    try {
      const stores = await Promise.all(connections.map((c) => NatsObjectBlobStore.create(c, { bucket })));
      const data = randomBytes(1024 * 1024);
      const refs = await Promise.all(stores.flatMap((store) => [store.put(data), store.put(data)]));
      for (const ref of refs) assert.deepEqual(ref, refs[0]);
      for (const store of stores) assert.ok((await store.get(refs[0].hash)).equals(data));
      const info = await (await nc.jetstream().views.os(bucket)).info(refs[0].hash);
      // The losers' chunks are purged: only the winner's chunks and one metadata entry remain.
      assert.equal(await streamMessages(bucket), info!.chunks + 1);
    } finally {
      await Promise.all(connections.map((c) => c.close()));
    }
  });

  it('refuses to put over a live object it did not expect (the first writer wins)', async () => {
    // The guarantee above rests on the server honouring an expected last subject sequence of 0.
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const { hash } = await store.put(Buffer.from('first'));
    const objects = await nc.jetstream().views.os(bucket);
    await assert.rejects(objects.putBlob({ name: hash }, Buffer.from('second'), { previousRevision: 0 }));
    assert.equal((await store.get(hash)).toString(), 'first');
  });

  it('detects an object whose content does not match its name, and a put of the real content repairs it', async () => {
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const data = Buffer.from('the real content');
    const hash = createHash('sha256').update(data).digest('hex');
    await (await nc.jetstream().views.os(bucket)).putBlob({ name: hash }, Buffer.from('something else'));

    await assert.rejects(store.get(hash), BlobIntegrityError);
    assert.deepEqual(await store.put(data), { hash, size: data.length });
    assert.ok((await store.get(hash)).equals(data));
  });

  it('puts again content whose object was deleted', async () => {
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const data = randomBytes(10_000);
    const { hash } = await store.put(data);
    await (await nc.jetstream().views.os(bucket)).delete(hash);
    assert.equal(await store.has(hash), false);
    await store.put(data);
    assert.ok((await store.get(hash)).equals(data));
  });

  it('keeps blobs across a server restart (file storage)', async () => {
    const bucket = freshBucket();
    const store = await NatsObjectBlobStore.create(nc, { bucket });
    const small = Buffer.from('survives');
    const large = randomBytes(2 * 1024 * 1024);
    const refs = [await store.put(small), await store.put(large)];

    const oldConnectionBack = nextReconnect(nc);
    await server.restart();

    // A new connection and store, as a restarted service would have.
    const fresh = await connect({ servers: server.url });
    try {
      const reopened = await NatsObjectBlobStore.create(fresh, { bucket });
      assert.ok((await reopened.get(refs[0].hash)).equals(small));
      assert.ok((await reopened.get(refs[1].hash)).equals(large));
    } finally {
      await fresh.close();
    }
    // The old connection reconnects and its store goes on working. (A request sent while the
    // client is still disconnected is lost by nats.js and times out, hence the wait.)
    await oldConnectionBack;
    assert.ok((await store.get(refs[1].hash)).equals(large));
  });
});

async function nextReconnect(connection: NatsConnection): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === 'reconnect') return;
  }
}
