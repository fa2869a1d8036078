import { JetStreamEventStore, WrongExpectedRevisionError, type Commit, type NewEvent } from '@gw/event-store';
import { startNatsServer, type TestNatsServer } from '@gw/testing';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from 'nats';

// What the conformance suite cannot see: the storage layout and JetStream-specific recovery paths.

let server: TestNatsServer;
let nc: NatsConnection;
let storeCount = 0;

before(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
});

after(async () => {
  await nc?.close();
  await server?.stop();
});

function names() {
  storeCount += 1;
  return { streamName: `ADAPTER_${storeCount}`, subjectPrefix: `adapter${storeCount}` };
}

function event(data: unknown = {}): NewEvent {
  return { id: randomUUID(), type: 'Tested', schemaVersion: 1, data, metadata: { at: new Date().toISOString() } };
}

describe('JetStreamEventStore', () => {
  it('stores one message per commit on <prefix>.<stream>, keyed by the first event id', async () => {
    const { streamName, subjectPrefix } = names();
    const store = await JetStreamEventStore.fromConnection(nc, { streamName, subjectPrefix });
    const events = [event({ revision: 7n }), event()];
    const { position } = await store.append('mailbox-1', events);

    const stored = await (await nc.jetstreamManager()).streams.getMessage(streamName, { seq: Number(position) });
    assert.equal(stored.subject, `${subjectPrefix}.mailbox-1`);
    assert.equal(stored.header.get('Nats-Msg-Id'), events[0].id);
    const payload = JSON.parse(new TextDecoder().decode(stored.data));
    assert.deepEqual(Object.keys(payload[0]).sort(), ['data', 'id', 'metadata', 'schemaVersion', 'type']);
    assert.deepEqual(payload[0].data, { revision: { $bigint: '7' } });
    await store.close();
  });

  it('recognises a retried append after the duplicate window has passed, by its expected revision', async () => {
    const store = await JetStreamEventStore.fromConnection(nc, { ...names(), duplicateWindowMs: 200 });
    const first = event();
    const second = event();
    const created = await store.append('s', [first], { expectedRevision: 'no_stream' });
    const next = await store.append('s', [second], { expectedRevision: created.position });
    await sleep(1000); // JetStream forgets message ids some time after the window

    assert.deepEqual(await store.append('s', [first], { expectedRevision: 'no_stream' }), {
      position: created.position,
      duplicate: true,
    });
    assert.deepEqual(await store.append('s', [second], { expectedRevision: created.position }), {
      position: next.position,
      duplicate: true,
    });
    await assert.rejects(store.append('s', [event()], { expectedRevision: created.position }), WrongExpectedRevisionError);
    assert.equal((await store.readStream('s')).events.length, 2);
    await store.close();
  });

  it('leaves a connection it was given open on close', async () => {
    const store = await JetStreamEventStore.fromConnection(nc, names());
    await store.close();
    assert.equal(nc.isClosed(), false);
  });

  it('refuses an existing JetStream stream that does not capture its subjects', async () => {
    const { streamName } = names();
    await (await nc.jetstreamManager()).streams.add({ name: streamName, subjects: ['elsewhere.>'] });
    await assert.rejects(JetStreamEventStore.fromConnection(nc, { streamName, subjectPrefix: 'mine' }), /does not capture mine\.>/);
  });

  it('resumes a subscription without gap or duplicate after the client connection drops', async () => {
    const { streamName, subjectPrefix } = names();
    const readerConnection = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const reader = await JetStreamEventStore.fromConnection(readerConnection, { streamName, subjectPrefix });
    const writer = await JetStreamEventStore.fromConnection(nc, { streamName, subjectPrefix });
    const delivered: bigint[] = [];
    const subscription = reader.subscribeToAll({ after: 0n, handler: async (commit: Commit) => void delivered.push(commit.position) });
    const appended: bigint[] = [];
    for (let i = 0; i < 3; i++) appended.push((await writer.append('s', [event()])).position);
    // Force the reader's client to drop and re-establish its connection while the writer goes on.
    void readerConnection.reconnect();
    for (let i = 0; i < 3; i++) appended.push((await writer.append('s', [event()])).position);
    const deadline = Date.now() + 10_000;
    while (delivered.length < appended.length && Date.now() < deadline) await sleep(10);
    await sleep(100);
    assert.deepEqual(delivered, appended);
    await subscription.close();
    await reader.close();
    await writer.close();
    await readerConnection.close();
  });
});
