// SOAP session turns with IM against a real nats-server: the event store (JetStream), the
// account-changes projection and the signal thread (ChangeTracker), the session bucket (KV) and
// the Sessions service from the build. The mailbox and im-presence answers come from a stand-in
// bus that reads the same event store: mail changes as the ids of the mail events, and one
// `subscribe` notification per SubscriptionRequested on the account's IM stream.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import {
  BusReply,
  ChangeSignal,
  ErrorCode,
  imStream,
  ImNotification,
  ImNotifications,
  mailboxStream,
  MailChanges,
  NotifierCommand,
  Principal,
  SessionTurnResult,
} from '@gw/contracts';
import { JetStreamEventStore } from '@gw/event-store';
import { createLogger } from '@gw/nats-bus';
import { Database, openDatabase } from '@gw/read-model';
import { startNatsServer, TestNatsServer } from '@gw/testing';
// The compiled classes: their constructor parameters carry Nest decorators.
import { ChangeTracker } from '../dist/changes/change-tracker';
import { SessionStore } from '../dist/sessions/session-store';
import { Sessions } from '../dist/sessions/sessions.service';
import { loadNotifierConfig } from '../dist/infrastructure/config';

const logger = createLogger('notifier', { LOG_LEVEL: 'silent' });
const ann: Principal = { id: `ann${randomUUID().replace(/-/g, '')}`, name: 'ann@example.test', isAdmin: false, tokenId: 't-a' };

describe('session turns with IM notifications', { timeout: 120_000 }, () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  let db: Database;
  let tracker: ChangeTracker;
  let sessions: Sessions;
  const signals: ChangeSignal[] = [];
  const calls: { subject: string; payload: Record<string, string | number>; minPosition?: string }[] = [];
  let imDown = false;

  /** The mailbox and im-presence, as far as session turns ask them. */
  const bus = {
    async request<R>(subject: string, payload: Record<string, string | number>, opts: { minPosition?: string } = {}): Promise<BusReply<R>> {
      calls.push({ subject, payload, minPosition: opts.minPosition });
      const since = BigInt(payload.since);
      if (subject === 'qry.mailbox.GetChanges') {
        const { events, revision } = await store.readStream(mailboxStream(ann.id), { after: since });
        const changes: MailChanges = {
          revision: String(revision ?? 0n),
          created: { folders: [], tags: [], messages: [], conversations: [] },
          modified: { folders: [], tags: [], messages: [], conversations: [] },
          deleted: events.map((e) => (e.data as { messageId: number }).messageId),
        };
        return { ok: true, result: changes as R };
      }
      if (subject === 'qry.im-presence.GetImNotifications') {
        if (imDown) return { ok: false, error: { code: ErrorCode.TEMPORARILY_UNAVAILABLE, message: 'service temporarily unavailable: no responder' } };
        const { events } = await store.readStream(imStream(ann.id), { after: since });
        const all: ImNotification[] = events
          .filter((e) => e.type === 'SubscriptionRequested')
          .map((e) => ({ type: 'subscribe', from: (e.data as { from: string }).from, position: e.position.toString() }));
        const page = all.slice(0, Number(payload.limit));
        const result: ImNotifications = { revision: page.length ? page[page.length - 1].position : since.toString(), notifications: page, ...(all.length > page.length ? { truncated: true } : {}) };
        return { ok: true, result: result as R };
      }
      throw new Error(`unexpected request ${subject}`);
    },
  };

  const append = async (stream: string, type: string, data: unknown) =>
    (await store.append(stream, [{ id: randomUUID(), type, schemaVersion: 1, data, metadata: { at: new Date().toISOString() } }])).position.toString();
  const subscribeFrom = (from: string) => append(imStream(ann.id), 'SubscriptionRequested', { from, fromAccountId: from, at: Date.now() });
  let nextMessage = 300;
  const mail = () => append(mailboxStream(ann.id), 'MessageAdded', { messageId: ++nextMessage });
  const turn = (p: Partial<NotifierCommand<'SessionTurn'>>, minPosition?: string): Promise<SessionTurnResult> =>
    sessions.turn(ann, { nonotify: false, ...p }, minPosition);
  const asked = (subject: string) => calls.filter((c) => c.subject === subject).length;

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    store = await JetStreamEventStore.fromConnection(nc);
    db = await openDatabase({ schema: 'notifier' });
    const config = loadNotifierConfig({ NATS_URL: server.url, IM_NOTIFICATIONS_TIMEOUT_MS: '2000' });
    const codec = JSONCodec<ChangeSignal>();
    nc.subscribe('signal.changes.>', { callback: (err, msg) => !err && signals.push(codec.decode(msg.data)) });
    await nc.flush();
    tracker = new ChangeTracker(db, store, config, logger);
    await tracker.onModuleInit();
    const sessionStore = new SessionStore(nc, config);
    await sessionStore.onModuleInit();
    sessions = new Sessions(sessionStore, tracker, bus as never, config, logger);
  });

  after(async () => {
    await tracker?.onModuleDestroy();
    await db?.close();
    await store?.close();
    await nc?.close();
    await server?.stop();
  });

  it('an IM commit is signalled as kind `i`, so a waiting NoOp wakes', async () => {
    const position = await subscribeFrom('zed@example.test');
    for (let i = 0; i < 100 && !signals.some((s) => s.position === position); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      signals.find((s) => s.position === position),
      { accountId: ann.id, position, types: ['i'] },
    );
  });

  let session = '';
  it('an IM change alone makes a block: IM notifications, no mail asked for, the change token stays the mailbox revision', async () => {
    const mailbox = await mail();
    const first = await turn({}, mailbox);
    assert.equal(first.isNew, true);
    assert.equal(first.changeToken, mailbox);
    session = first.sessionId;

    const position = await subscribeFrom('bob@example.test');
    const before = asked('qry.mailbox.GetChanges');
    const next = await turn({ sessionId: session }, position);
    assert.equal(next.isNew, false);
    assert.equal(next.changeToken, mailbox);
    assert.equal(next.notify?.seq, 1);
    assert.deepEqual(next.notify?.im, [{ type: 'subscribe', from: 'bob@example.test', position }]);
    assert.deepEqual(next.notify?.changes.deleted, []);
    assert.equal(asked('qry.mailbox.GetChanges'), before, 'the mailbox did not move: not asked');
    // im-presence was asked once its read model has the IM commit.
    assert.equal(calls[calls.length - 1].minPosition, position);

    // Acknowledged: nothing more.
    const quiet = await turn({ sessionId: session, ack: '1' });
    assert.equal(quiet.notify, undefined);
    assert.equal(quiet.seen, position);
  });

  it('mail and IM together: one block, reaching the newer of the two; unacknowledged, it goes out again with what came since', async () => {
    const m = await mail();
    const i = await subscribeFrom('carl@example.test');
    const block = await turn({ sessionId: session, ack: '1' }, i);
    assert.equal(block.notify?.seq, 2);
    assert.deepEqual(block.notify?.changes.deleted, [nextMessage]);
    assert.deepEqual(block.notify?.im?.map((n) => n.from), ['carl@example.test']);
    assert.equal(block.changeToken, m);
    assert.equal(block.seen, i);

    const later = await subscribeFrom('cora@example.test');
    const again = await turn({ sessionId: session, ack: '1' }, later);
    assert.equal(again.notify?.seq, 3);
    assert.deepEqual(again.notify?.changes.deleted, [nextMessage]);
    assert.deepEqual(again.notify?.im?.map((n) => n.from), ['carl@example.test', 'cora@example.test']);
    assert.equal((await turn({ sessionId: session, ack: '3' })).notify, undefined);
  });

  it('im-presence not answering: the mail goes out, the IM notifications wait unacknowledged for a later turn', async () => {
    const i = await subscribeFrom('dora@example.test');
    const m = await mail();
    imDown = true;
    const degraded = await turn({ sessionId: session, ack: '3' }, m);
    assert.deepEqual(degraded.notify?.changes.deleted, [nextMessage]);
    assert.equal(degraded.notify?.im, undefined);
    // The client acknowledges that block; the IM notification is still owed.
    imDown = false;
    const recovered = await turn({ sessionId: session, ack: String(degraded.notify?.seq) });
    assert.deepEqual(recovered.notify?.im?.map((n) => [n.from, n.position]), [['dora@example.test', i]]);
    // The block starts where the acknowledged one ended, so the mail comes along again.
    assert.deepEqual(recovered.notify?.changes.deleted, [nextMessage]);
    assert.equal((await turn({ sessionId: session, ack: String(recovered.notify?.seq) })).notify, undefined);
  });

  it('an IM commit that notifies nobody moves the session on without a block', async () => {
    const position = await append(imStream(ann.id), 'PresenceSet', { sessionId: 's', show: 'away', priority: 0, at: Date.now() });
    const none = await turn({ sessionId: session }, position);
    assert.equal(none.notify, undefined);
    assert.equal(none.seen, position);
    const asks = asked('qry.im-presence.GetImNotifications');
    assert.equal((await turn({ sessionId: session })).notify, undefined);
    assert.equal(asked('qry.im-presence.GetImNotifications'), asks, 'nothing pending any more');
  });

  it('a NoOp woken by a change the notifier has not seen yet: the turn waits for it', async () => {
    const position = await subscribeFrom('erin@example.test');
    // No minPosition (another gateway's write): wokenAt alone makes the turn catch up.
    const woken = await turn({ sessionId: session, wokenAt: position });
    assert.deepEqual(woken.notify?.im?.map((n) => n.from), ['erin@example.test']);
  });
});
