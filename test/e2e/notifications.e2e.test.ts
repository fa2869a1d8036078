// Sessions, notifications and WaitSets as clients use them: two clients on one mailbox see each
// other's changes in their next notify block, blocked requests wake on incoming mail, stale
// change tokens conflict, and an all-accounts WaitSet resumes across a full restart. IM travels
// in the same blocks (`<notify><im>`): it wakes a waiting NoOp but no WaitSet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from 'nodemailer';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf } from '../support/mail-client';
import { rawMessage, xmlEscape } from '../support/raw-mime';

const MAIL = 'urn:zimbraMail';
const ADMIN = 'urn:zimbraAdmin';
const IM = 'urn:zimbraIM';

describe('sessions, notifications and WaitSets', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let adminToken: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  /** An XML request with any context children (session, change, nonotify). */
  const xml = (url: string, token: string, body: string, context = '') =>
    post(url, soap12(body, `<context xmlns="urn:zimbra"><authToken>${token}</authToken>${context}</context>`));
  const user = (name: string, body: string, context = '') => xml(system.userUrl, tokens[name], body, context);
  const admin = (body: string, context = '') => xml(system.adminUrl, adminToken, body, context);
  const json = async (name: string, request: string, body: Record<string, unknown>, context: Record<string, unknown> = {}) => {
    const res = await post(
      system.userUrl,
      JSON.stringify({ Header: { context: { _jsns: 'urn:zimbra', authToken: tokens[name], ...context } }, Body: { [request]: { _jsns: MAIL, ...body } } }),
      'application/json',
    );
    return JSON.parse(res.text);
  };
  const addMsg = (name: string, subject: string, folder = '2', context = '') =>
    user(name, `<AddMsgRequest xmlns="${MAIL}"><m l="${folder}" f="u"><content>${xmlEscape(mime(name, subject))}</content></m></AddMsgRequest>`, context);
  let sent = 0;
  const mime = (to: string, subject: string) =>
    rawMessage({ from: 'zed@outside.test', to: `${to}@e2e.test`, subject, body: `about ${subject}`, date: new Date().toUTCString(), messageId: `<n${++sent}.${Date.now()}@outside.test>` });
  const sessionOf = (text: string) => /<session[^>]* id="([^"]+)"/.exec(text)?.[1];
  const changeTokenOf = (text: string) => /<change token="(\d+)"/.exec(text)?.[1];
  const notifyOf = (text: string) => /<notify seq="(\d+)">([\s\S]*?)<\/notify>/.exec(text);
  const msgIdOf = (text: string) => /<m id="(\d+)"/.exec(text)![1];
  const notified = (text: string) => [...text.matchAll(/<n id="([^"]+)"/g)].map((m) => m[1]).sort();
  const seqOf = (text: string) => /Response[^>]* seq="([^"]+)"/.exec(text)?.[1];
  const imOf = (text: string) => /<notify seq="\d+">[\s\S]*?<im>([\s\S]*?)<\/im>[\s\S]*?<\/notify>/.exec(text)?.[1];
  /** `from` asks to see `to`'s presence: `to` gets `<n type="subscribe" from=…/>`. */
  const imSubscribe = async (from: string, to: string) => {
    const res = await user(from, `<IMSubscribeRequest xmlns="${IM}" addr="${to}@e2e.test"/>`);
    assert.equal(res.status, 200, res.text);
  };
  const timed = async <T>(fn: () => Promise<T>) => {
    const start = Date.now();
    const value = await fn();
    return { value, ms: Date.now() - start };
  };

  async function createAccount(name: string) {
    const created = await admin(`<CreateAccountRequest xmlns="${ADMIN}"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`);
    assert.equal(created.status, 200, created.text);
    ids[name] = /<account [^>]*id="([^"]+)"/.exec(created.text)![1];
    const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}@e2e.test</account><password>${name}-password</password></AuthRequest>`));
    tokens[name] = /<authToken>([^<]+)</.exec(auth.text)![1];
  }

  before(async () => {
    // Short minimum timeouts so the timeout paths are testable in seconds.
    system = await startSystem({ env: { WAITSET_MIN_TIMEOUT: '1', NOOP_MIN_TIMEOUT: '1', WAITSET_MAX_PER_ACCOUNT: '5' } });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const name of ['ann', 'bob', 'carl']) await createAccount(name);
  });
  after(async () => system?.stop());

  it('a new session gets its id, the change token and a refresh block with the folder tree', async () => {
    const res = await user('ann', `<GetInfoRequest xmlns="urn:zimbraAccount" sections="mbox"/>`, '<session/>');
    assert.equal(res.status, 200, res.text);
    assert.ok(sessionOf(res.text), res.text);
    assert.ok(changeTokenOf(res.text) !== undefined, res.text);
    assert.match(res.text, /<refresh>[\s\S]*<version>[^<]+<\/version>[\s\S]*<mbx s="\d+"\/>[\s\S]*<folder id="1" name="USER_ROOT"[\s\S]*<folder id="2" name="Inbox"/);
    // Without <session/> there is no session.
    const plain = await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`);
    assert.equal(sessionOf(plain.text), undefined);
  });

  it("two clients on one mailbox: each sees the other's changes in its next notify block, until it acknowledges", async () => {
    const a = sessionOf((await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const b = sessionOf((await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    assert.notEqual(a, b);

    // Client B files a folder and a message; its own response already reports them.
    const folder = await user('ann', `<CreateFolderRequest xmlns="${MAIL}"><folder name="Shared work" l="1"/></CreateFolderRequest>`, `<session id="${b}"/>`);
    const folderId = /<folder id="(\d+)"/.exec(folder.text)![1];
    const added = await addMsg('ann', 'Quarterly numbers', '2', `<session id="${b}"/>`);
    const msgId = msgIdOf(added.text.replace(/<soap:Header>[\s\S]*<\/soap:Header>/, ''));

    // Client A's next request carries everything B did.
    const seen = await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="0"/>`);
    const block = notifyOf(seen.text);
    assert.ok(block, seen.text);
    assert.equal(block[1], '1');
    assert.match(block[2], new RegExp(`<created>[\\s\\S]*<folder id="${folderId}" name="Shared work"`));
    assert.match(block[2], new RegExp(`<created>[\\s\\S]*<m id="${msgId}"[^>]* l="2"`));
    assert.match(block[2], /<modified>[\s\S]*<folder id="2"[^>]* u="1"/);
    assert.match(block[2], /<modified>[\s\S]*<mbx s="\d+"/);

    // Not acknowledged: sent again. B reads the message meanwhile: A sees the flag change too.
    await user('ann', `<MsgActionRequest xmlns="${MAIL}"><action op="read" id="${msgId}"/></MsgActionRequest>`, `<session id="${b}"/>`);
    const again = notifyOf((await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="0"/>`)).text);
    assert.ok(again);
    assert.equal(again[1], '2');
    assert.match(again[2], new RegExp(`<m id="${msgId}"`));

    // Acknowledged: nothing more until the next change, and then only that change.
    const quiet = await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="2"/>`);
    assert.equal(notifyOf(quiet.text), null, quiet.text);
    await user('ann', `<MsgActionRequest xmlns="${MAIL}"><action op="flag" id="${msgId}"/></MsgActionRequest>`, `<session id="${b}"/>`);
    const next = notifyOf((await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="2"/>`)).text);
    assert.ok(next);
    assert.match(next[2], new RegExp(`<modified>[\\s\\S]*<m id="${msgId}" f="[a-z]*f[a-z]*"/>[\\s\\S]*</modified>`));
    assert.doesNotMatch(next[2], /<created>/);

    // <nonotify/> turns them off for good.
    await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="3"/><nonotify/>`);
    await addMsg('ann', 'Silent one');
    const off = await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${a}" seq="3"/>`);
    assert.equal(notifyOf(off.text), null, off.text);
    assert.equal(sessionOf(off.text), a);
  });

  it('JSON clients get the same blocks in the JSON dialect', async () => {
    const first = await json('bob', 'NoOpRequest', {}, { session: {} });
    const session = first.Header.context.session.id;
    assert.ok(session);
    assert.ok(first.Header.context.refresh.folder, JSON.stringify(first.Header.context));
    await addMsg('bob', 'For the JSON client');
    const next = await json('bob', 'NoOpRequest', {}, { session: { id: session, seq: 0 } });
    const notify = next.Header.context.notify;
    assert.ok(Array.isArray(notify), JSON.stringify(next.Header.context));
    assert.equal(notify[0].seq, 1);
    assert.equal(notify[0].created.m[0].su, 'For the JSON client');
    assert.ok(next.Header.context.change.token > 0);
  });

  it('an expired or foreign session id gets a new session and a refresh', async () => {
    const res = await user('carl', `<NoOpRequest xmlns="${MAIL}"/>`, '<session id="no-such-session"/>');
    assert.ok(sessionOf(res.text));
    assert.notEqual(sessionOf(res.text), 'no-such-session');
    assert.match(res.text, /<refresh>/);
    // Ann's session id used with Carl's token is not Ann's session.
    const annSession = sessionOf((await user('ann', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const stolen = await user('carl', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${annSession}"/>`);
    assert.notEqual(sessionOf(stolen.text), annSession);
    assert.match(stolen.text, /<refresh>/);
  });

  it('a stale change token makes a modification fail with mail.MODIFY_CONFLICT', async () => {
    const added = await addMsg('carl', 'Contested', '2', '<session/>');
    const token = changeTokenOf(added.text)!;
    const msgId = msgIdOf(added.text.replace(/<soap:Header>[\s\S]*<\/soap:Header>/, ''));
    // Another client flags it after the token.
    await user('carl', `<MsgActionRequest xmlns="${MAIL}"><action op="flag" id="${msgId}"/></MsgActionRequest>`);
    const stale = await user('carl', `<MsgActionRequest xmlns="${MAIL}"><action op="read" id="${msgId}"/></MsgActionRequest>`, `<change token="${token}"/>`);
    assert.equal(faultCodeOf(stale.text), 'mail.MODIFY_CONFLICT', stale.text);
    // type="new" only minds creations and rewrites: the flag change does not conflict.
    const asNew = await user('carl', `<MsgActionRequest xmlns="${MAIL}"><action op="read" id="${msgId}"/></MsgActionRequest>`, `<change token="${token}" type="new"/>`);
    assert.equal(asNew.status, 200, asNew.text);
    const current = changeTokenOf((await user('carl', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const fresh = await user('carl', `<MsgActionRequest xmlns="${MAIL}"><action op="!read" id="${msgId}"/></MsgActionRequest>`, `<change token="${current}"/>`);
    assert.equal(fresh.status, 200, fresh.text);
    assert.equal(faultCodeOf((await user('carl', `<NoOpRequest xmlns="${MAIL}"/>`, `<change token="abc"/>`)).text), 'service.INVALID_REQUEST');
  });

  it('NoOp wait="1" blocks until another client changes the mailbox, or until its timeout', async () => {
    const session = sessionOf((await user('bob', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const waiting = timed(() => user('bob', `<NoOpRequest xmlns="${MAIL}" wait="1" timeout="20000"/>`, `<session id="${session}"/>`));
    await new Promise((r) => setTimeout(r, 500));
    await addMsg('bob', 'Wake the NoOp');
    const { value, ms } = await waiting;
    assert.ok(ms < 15_000, `woke after ${ms} ms`);
    assert.match(notifyOf(value.text)?.[2] ?? '', /<su>Wake the NoOp<\/su>/);

    const idle = await timed(() => user('bob', `<NoOpRequest xmlns="${MAIL}" wait="1" timeout="1000"/>`, `<session id="${session}"/>`));
    assert.ok(idle.ms >= 900, `returned after ${idle.ms} ms`);
    assert.equal(notifyOf(idle.value.text), null);

    // limitToOneBlocked: a second limited NoOp completes the first with waitDisallowed.
    const other = sessionOf((await user('bob', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const first = user('bob', `<NoOpRequest xmlns="${MAIL}" wait="1" limitToOneBlocked="1" timeout="20000"/>`, `<session id="${session}"/>`);
    await new Promise((r) => setTimeout(r, 500));
    const second = user('bob', `<NoOpRequest xmlns="${MAIL}" wait="1" limitToOneBlocked="1" timeout="1000"/>`, `<session id="${other}"/>`);
    assert.match((await first).text, /<NoOpResponse[^>]*waitDisallowed="1"/);
    await second;
  });

  it('a waiting NoOp wakes when someone asks for my presence, with <notify><im>; the change token stays the mailbox revision', async () => {
    await createAccount('ivy');
    const first = await user('ivy', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>');
    const session = sessionOf(first.text)!;
    const token = changeTokenOf(first.text);
    assert.ok(session && token, first.text);

    const waiting = timed(() => user('ivy', `<NoOpRequest xmlns="${MAIL}" wait="1" timeout="30000"/>`, `<session id="${session}"/>`));
    await new Promise((r) => setTimeout(r, 500));
    await imSubscribe('bob', 'ivy');
    const { value, ms } = await waiting;
    assert.ok(ms < 20_000, `woke after ${ms} ms: ${value.text}`);
    assert.match(imOf(value.text) ?? '', /<n type="subscribe" from="bob@e2e\.test"\/>/, value.text);
    assert.equal(changeTokenOf(value.text), token, 'an IM change is no mailbox change');

    // Acknowledged: nothing more; a further IM change comes in the next block alone.
    const seq = notifyOf(value.text)![1];
    const quiet = await user('ivy', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${session}" seq="${seq}"/>`);
    assert.equal(notifyOf(quiet.text), null, quiet.text);
    await imSubscribe('carl', 'ivy');
    const im = imOf((await user('ivy', `<NoOpRequest xmlns="${MAIL}"/>`, `<session id="${session}" seq="${seq}"/>`)).text) ?? '';
    assert.match(im, /<n type="subscribe" from="carl@e2e\.test"\/>/);
    assert.doesNotMatch(im, /bob@e2e\.test/);

    // An IM change that notifies nobody (my own presence) does not end a waiting NoOp.
    const idle = timed(() => user('ivy', `<NoOpRequest xmlns="${MAIL}" wait="1" timeout="3000"/>`, `<session id="${session}" seq="${Number(seq) + 1}"/>`));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await user('ivy', `<IMSetPresenceRequest xmlns="${IM}"><presence show="away" status="Lunch"/></IMSetPresenceRequest>`)).status, 200);
    const { value: still, ms: held } = await idle;
    assert.ok(held >= 2500, `returned after ${held} ms: ${still.text}`);
    assert.equal(notifyOf(still.text), null, still.text);

    // JSON: the block's `im` is one object holding the `n` notifications.
    const jsonSession = (await json('ivy', 'NoOpRequest', {}, { session: {} })).Header.context.session.id;
    await imSubscribe('ann', 'ivy');
    const notify = (await json('ivy', 'NoOpRequest', {}, { session: { id: jsonSession, seq: 0 } })).Header.context.notify;
    assert.deepEqual(notify[0].im.n.filter((n: { type: string }) => n.type === 'subscribe'), [{ type: 'subscribe', from: 'ann@e2e.test' }]);
  });

  it('a blocked WaitSet (c/m/a) is not woken by IM changes', async () => {
    const created = await user('carl', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="all"><add><a id="${ids.carl}"/></add></CreateWaitSetRequest>`);
    const waitSet = /waitSet="([^"]+)"/.exec(created.text)![1];
    const seq = seqOf((await user('carl', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="0"/>`)).text);
    const waiting = timed(() => user('carl', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="${seq}" block="1" timeout="3"/>`));
    await new Promise((r) => setTimeout(r, 300));
    await imSubscribe('ann', 'carl');
    const { value, ms } = await waiting;
    assert.ok(ms >= 2500, `returned after ${ms} ms: ${value.text}`);
    assert.deepEqual(notified(value.text), [], value.text);
    await user('carl', `<DestroyWaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}"/>`);
  });

  it('a blocked WaitSet wakes on mail arriving over SMTP', async () => {
    const created = await user('ann', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="m"><add><a id="${ids.ann}"/></add></CreateWaitSetRequest>`);
    assert.equal(created.status, 200, created.text);
    const waitSet = /waitSet="([^"]+)"/.exec(created.text)![1];
    assert.match(created.text, /defTypes="m"/);
    assert.match(created.text, /seq="0"/);

    const waiting = timed(() => user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="0" block="1" timeout="60"/>`));
    await new Promise((r) => setTimeout(r, 500));
    const smtp = createTransport({ host: '127.0.0.1', port: system.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({ from: 'zed@outside.test', to: 'ann@e2e.test', subject: 'Knock knock', text: 'Wake up.' });
    const { value, ms } = await waiting;
    assert.ok(ms < 30_000, `woke after ${ms} ms`);
    assert.deepEqual(notified(value.text), [ids.ann]);
    const seq = seqOf(value.text)!;
    assert.ok(seq && seq !== '0', value.text);

    // Waiting again with that seq: nothing new, so a short block times out empty.
    const idle = await user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="${seq}" block="1" timeout="1"/>`);
    assert.deepEqual(notified(idle.text), [], idle.text);
    // An old seq is answered again: lost responses are not lost changes.
    const replay = await user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="0"/>`);
    assert.deepEqual(notified(replay.text), [ids.ann]);
    // JSON.
    const viaJson = await json('ann', 'WaitSetRequest', { waitSet, seq: '0' });
    assert.equal(viaJson.Body.WaitSetResponse.n[0].id, ids.ann);

    // A second wait on the same set completes the first with canceled="1".
    const first = user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="${seq}" block="1" timeout="60"/>`);
    await new Promise((r) => setTimeout(r, 500));
    const second = user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="${seq}" block="1" timeout="1"/>`);
    assert.match((await first).text, /canceled="1"/);
    await second;

    const destroyed = await user('ann', `<DestroyWaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}"/>`);
    assert.match(destroyed.text, new RegExp(`<DestroyWaitSetResponse[^>]*waitSet="${waitSet}"`));
    assert.equal(faultCodeOf((await user('ann', `<WaitSetRequest xmlns="${MAIL}" waitSet="${waitSet}" seq="0"/>`)).text), 'admin.NO_SUCH_WAITSET');
  });

  it('WaitSet authorization: own account only, not someone else’s set, admin API needs an admin', async () => {
    const other = await user('ann', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="all"><add><a id="${ids.bob}"/></add></CreateWaitSetRequest>`);
    assert.equal(faultCodeOf(other.text), 'service.PERM_DENIED', other.text);
    const all = await user('ann', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="all" allAccounts="1"/>`);
    assert.equal(faultCodeOf(all.text), 'service.PERM_DENIED', all.text);
    const annSet = /waitSet="([^"]+)"/.exec((await user('ann', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="all"><add><a id="${ids.ann}"/></add></CreateWaitSetRequest>`)).text)![1];
    const bobs = await user('bob', `<WaitSetRequest xmlns="${MAIL}" waitSet="${annSet}" seq="0"/>`);
    assert.equal(faultCodeOf(bobs.text), 'service.PERM_DENIED', bobs.text);
    const adminApi = await xml(system.adminUrl, tokens.ann, `<AdminCreateWaitSetRequest xmlns="${ADMIN}" defTypes="all"/>`);
    assert.equal(faultCodeOf(adminApi.text), 'service.PERM_DENIED');
    assert.equal(faultCodeOf((await user('ann', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="xyz"/>`)).text), 'service.INVALID_REQUEST');
  });

  it('at most five WaitSets per user: the least recently used gives way', async () => {
    const made: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await user('carl', `<CreateWaitSetRequest xmlns="${MAIL}" defTypes="m"><add><a id="${ids.carl}"/></add></CreateWaitSetRequest>`);
      made.push(/waitSet="([^"]+)"/.exec(res.text)![1]);
      // Touch the first one after the second exists, so the second is the least recently used.
      if (i === 1) await user('carl', `<WaitSetRequest xmlns="${MAIL}" waitSet="${made[0]}" seq="0"/>`);
    }
    assert.equal(faultCodeOf((await user('carl', `<WaitSetRequest xmlns="${MAIL}" waitSet="${made[1]}" seq="0"/>`)).text), 'admin.NO_SUCH_WAITSET');
    for (const id of [made[0], ...made.slice(2)]) {
      const res = await user('carl', `<WaitSetRequest xmlns="${MAIL}" waitSet="${id}" seq="0"/>`);
      assert.equal(res.status, 200, res.text);
    }
  });

  it('admin WaitSets: per-account errors, add/update/remove, sync tokens, QueryWaitSet', async () => {
    const created = await admin(
      `<AdminCreateWaitSetRequest xmlns="${ADMIN}" defTypes="m"><add><a id="${ids.ann}"/><a id="${ids.ann}"/><a id="no-such-account"/></add></AdminCreateWaitSetRequest>`,
    );
    assert.equal(created.status, 200, created.text);
    const waitSet = /waitSet="([^"]+)"/.exec(created.text)![1];
    assert.match(created.text, /<error id="[^"]+" t="ALREADY_IN_SET_DURING_ADD"\/>/);
    assert.match(created.text, /<error id="no-such-account" t="NO_SUCH_ACCOUNT"\/>/);

    // Bob is added with a sync token that is current: he is not reported until he changes.
    const bobToken = changeTokenOf((await user('bob', `<NoOpRequest xmlns="${MAIL}"/>`, '<session/>')).text)!;
    const res = await admin(
      `<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="0"><add><a id="${ids.bob}" token="${bobToken}"/></add><update><a id="${ids.carl}"/></update><remove><a id="${ids.carl}"/></remove></AdminWaitSetRequest>`,
    );
    assert.match(res.text, new RegExp(`<error id="${ids.carl}" t="NOT_IN_SET_DURING_UPDATE"/>`));
    assert.match(res.text, new RegExp(`<error id="${ids.carl}" t="NOT_IN_SET_DURING_REMOVE"/>`));
    assert.deepEqual(notified(res.text), []);

    const waiting = admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="${seqOf(res.text)}" block="1" timeout="60"/>`);
    await new Promise((r) => setTimeout(r, 300));
    await addMsg('bob', 'For the admin WaitSet');
    assert.deepEqual(notified((await waiting).text), [ids.bob]);

    const query = await admin(`<QueryWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}"/>`);
    assert.match(query.text, new RegExp(`<waitSet id="${waitSet}"[^>]*defTypes="m"`));
    assert.match(query.text, new RegExp(`account="${ids.bob}"`));
    assert.equal(faultCodeOf((await admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="nope" seq="0"/>`)).text), 'admin.NO_SUCH_WAITSET');

    // A deleted account wakes the wait and leaves the set with MAILBOX_DELETED.
    await createAccount('erin');
    const added = await admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="0"><add><a id="${ids.erin}"/></add></AdminWaitSetRequest>`);
    const blocked = admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="${seqOf(added.text)}" block="1" timeout="60"/>`);
    await new Promise((r) => setTimeout(r, 300));
    await admin(`<DeleteAccountRequest xmlns="${ADMIN}"><id>${ids.erin}</id></DeleteAccountRequest>`);
    const woke = await blocked;
    assert.deepEqual(notified(woke.text), [ids.erin], woke.text);
    const after = await admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="${seqOf(woke.text)}"/>`);
    assert.match(after.text, new RegExp(`<error id="${ids.erin}" t="MAILBOX_DELETED"/>`));
    assert.doesNotMatch((await admin(`<QueryWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}"/>`)).text, new RegExp(ids.erin));
    await admin(`<AdminDestroyWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}"/>`);
  });

  it('an all-accounts WaitSet resumes across a restart of every service with nothing missed', async () => {
    const created = await admin(`<AdminCreateWaitSetRequest xmlns="${ADMIN}" defTypes="all" allAccounts="1"/>`);
    const waitSet = /waitSet="([^"]+)"/.exec(created.text)![1];
    // Settle: whatever happened before is reported once; remember the seq after it.
    const first = await admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="0"/>`);
    const seq = seqOf(first.text)!;
    assert.deepEqual(notified(first.text), []);

    // Changes the client has not seen: bob, and an account created after the WaitSet.
    await addMsg('bob', 'Before the restart');
    await createAccount('dave');
    await addMsg('dave', 'New account, new mail');

    await system.restartServices();
    tokens.bob = /<authToken>([^<]+)</.exec((await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">bob@e2e.test</account><password>bob-password</password></AuthRequest>`))).text)![1];
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];

    const resumed = await admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="${seq}" block="1" timeout="5"/>`);
    assert.equal(resumed.status, 200, resumed.text);
    assert.deepEqual(notified(resumed.text), [ids.bob, ids.dave].sort());

    // And it keeps working: the next change after the resumed seq wakes it.
    const waiting = admin(`<AdminWaitSetRequest xmlns="${ADMIN}" waitSet="${waitSet}" seq="${seqOf(resumed.text)}" block="1" timeout="60"/>`);
    await new Promise((r) => setTimeout(r, 300));
    await addMsg('carl', 'After the restart');
    assert.deepEqual(notified((await waiting).text), [ids.carl]);
  });
});

describe('SOAP session expiry', { timeout: 180_000 }, () => {
  let system: RunningSystem;
  after(async () => system?.stop());

  it('a session unused for longer than SOAP_SESSION_TIMEOUT is gone: its id gets a new session and a refresh', async () => {
    system = await startSystem({ env: { SOAP_SESSION_TIMEOUT: '2' } });
    const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${system.adminEmail}</account><password>${system.adminPassword}</password></AuthRequest>`));
    const token = /<authToken>([^<]+)</.exec(auth.text)![1];
    const noop = (context: string) => post(system.userUrl, soap12(`<NoOpRequest xmlns="${MAIL}"/>`, `<context xmlns="urn:zimbra"><authToken>${token}</authToken>${context}</context>`));
    const first = await noop('<session/>');
    const id = /<session[^>]* id="([^"]+)"/.exec(first.text)![1];
    // Used within the timeout: the same session, no refresh.
    const kept = await noop(`<session id="${id}"/>`);
    assert.match(kept.text, new RegExp(`<session[^>]* id="${id}"`));
    assert.doesNotMatch(kept.text, /<refresh>/);
    await new Promise((r) => setTimeout(r, 3500));
    const expired = await noop(`<session id="${id}"/>`);
    assert.doesNotMatch(expired.text, new RegExp(`<session[^>]* id="${id}"`));
    assert.match(expired.text, /<session[^>]* id="[^"]+"/);
    assert.match(expired.text, /<refresh>/);
  });
});
