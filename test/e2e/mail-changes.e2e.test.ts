// Change tracking end to end: mail changed over Zimbra SOAP, then the mailbox service's
// GetChanges query asked directly over NATS (as the notifier asks it) for what changed after a
// revision; and Zimbra's <change token="N" type="mod|new"/> refusing stale modifications with
// mail.MODIFY_CONFLICT.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { BusReply, BusRequest, MailChanges, querySubject } from '@gw/contracts';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf } from '../support/mail-client';
import { rawMessage, xmlEscape } from '../support/raw-mime';

const MAIL = 'urn:zimbraMail';

describe('mail changes and change tokens', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let nc: NatsConnection;
  let token = '';
  let accountId = '';
  const codec = JSONCodec();

  /** A SOAP request as ann, with extra children for the context header (`<change .../>`). */
  const soap = (body: string, context = '') => post(system.userUrl, soap12(body, `<context xmlns="urn:zimbra"><authToken>${token}</authToken>${context}</context>`));
  /** GetChanges over NATS, in the envelope Nest's NATS transport expects. */
  const changes = async (since?: string): Promise<MailChanges> => {
    const request: BusRequest = {
      id: randomUUID(),
      principal: { id: accountId, name: 'ann@e2e.test', isAdmin: false, tokenId: 'e2e' },
      payload: since === undefined ? {} : { since },
    };
    const subject = querySubject('mailbox', 'GetChanges');
    const reply = await nc.request(subject, codec.encode({ pattern: subject, data: request, id: randomUUID() }), { timeout: 10_000 });
    const decoded = codec.decode(reply.data) as { response: BusReply<MailChanges> };
    if (!decoded.response.ok) throw new Error(JSON.stringify(decoded.response.error));
    return decoded.response.result;
  };
  const revision = async () => (await changes()).revision;

  let sent = 0;
  const addMsg = async (subject: string, extra: { folder?: string; messageId?: string; inReplyTo?: string } = {}) => {
    const mime = rawMessage({
      from: 'Alice <alice@outside.test>',
      to: 'Ann <ann@e2e.test>',
      subject,
      body: `about ${subject}`,
      date: new Date().toUTCString(),
      messageId: extra.messageId ?? `<c${++sent}.${Date.now()}@outside.test>`,
      inReplyTo: extra.inReplyTo,
    });
    const res = await soap(`<AddMsgRequest xmlns="${MAIL}"><m l="${extra.folder ?? '2'}" f="u"><content>${xmlEscape(mime)}</content></m></AddMsgRequest>`);
    assert.equal(res.status, 200, res.text);
    return Number(/<m id="(\d+)"/.exec(res.text)![1]);
  };
  const msgAction = (op: string, id: number, extra = '', context = '') =>
    soap(`<MsgActionRequest xmlns="${MAIL}"><action op="${op}" id="${id}" ${extra}/></MsgActionRequest>`, context);
  /** A message's change numbers as GetMsgMetadata shows them: ms (last change) and rev (saved). */
  const seqsOf = async (id: number) => {
    const res = await soap(`<GetMsgMetadataRequest xmlns="${MAIL}"><m ids="${id}"/></GetMsgMetadataRequest>`);
    return { ms: BigInt(/ ms="(\d+)"/.exec(res.text)![1]), rev: BigInt(/ rev="(\d+)"/.exec(res.text)![1]) };
  };

  before(async () => {
    system = await startSystem();
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    const adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    const created = await post(
      system.adminUrl,
      soap12(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>ann@e2e.test</name><password>ann-password</password></CreateAccountRequest>`, contextHeader(adminToken)),
    );
    accountId = /<account [^>]*id="([^"]+)"/.exec(created.text)![1];
    const signIn = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">ann@e2e.test</account><password>ann-password</password></AuthRequest>`));
    token = /<authToken>([^<]+)</.exec(signIn.text)![1];
    nc = await connect({ servers: system.natsUrl });
  });
  after(async () => {
    await nc?.close();
    await system?.stop();
  });

  let work = 0;
  let hello = 0;
  let reply = 0;

  it('a mailbox never written to is at revision 0', async () => {
    const c = await changes();
    assert.equal(c.revision, '0');
    assert.deepEqual(c.deleted, []);
  });

  it('from 0: folders, messages and the conversation are created; system folders only change', async () => {
    const res = await soap(`<CreateFolderRequest xmlns="${MAIL}"><folder name="Work" l="1"/></CreateFolderRequest>`);
    work = Number(/<folder id="(\d+)"/.exec(res.text)![1]);
    hello = await addMsg('Hello Ann', { messageId: '<hello@outside.test>' });
    reply = await addMsg('Re: Hello Ann', { inReplyTo: '<hello@outside.test>' });
    const c = await changes('0');
    assert.equal(c.revision, await revision());
    assert.ok(BigInt(c.revision) > 0n);
    assert.deepEqual(c.created.folders.map((f) => [f.name, f.count]), [['Work', 0]]);
    assert.deepEqual(c.modified.folders.map((f) => [f.item.name, f.item.count, f.item.unread, f.changed]), [['Inbox', 2, 2, ['u', 'n', 's']]]);
    assert.deepEqual(c.created.messages.map((m) => [m.id, m.subject]), [[hello, 'Hello Ann'], [reply, 'Re: Hello Ann']]);
    assert.equal(c.created.conversations.length, 1);
    assert.equal(c.created.conversations[0].count, 2);
    assert.ok(c.mailboxSize! > 0);
    assert.deepEqual([c.modified.tags, c.modified.messages, c.modified.conversations], [[], [], []]);
  });

  it('flag and move to a user folder: the message (f, l), both folders with their new counts, the conversation', async () => {
    const since = await revision();
    assert.equal((await msgAction('flag', hello)).status, 200);
    assert.equal((await msgAction('move', hello, `l="${work}"`)).status, 200);
    const c = await changes(since);
    assert.deepEqual(c.modified.messages.map((m) => [m.item.id, m.item.folderId, m.changed]), [[hello, work, ['l', 'f']]]);
    const folders = Object.fromEntries(c.modified.folders.map((f) => [f.item.name, { n: f.item.count, u: f.item.unread, changed: f.changed }]));
    assert.deepEqual(folders, { Inbox: { n: 1, u: 1, changed: ['u', 'n', 's'] }, Work: { n: 1, u: 1, changed: ['u', 'n', 's'] } });
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.flags.includes('f'), x.changed]), [[true, ['f']]]);
    assert.deepEqual([c.created.messages, c.deleted, c.mailboxSize], [[], [], undefined]);
  });

  it('read, then delete: unread counts, then deleted with its folder and conversation counts', async () => {
    let since = await revision();
    await msgAction('read', reply);
    let c = await changes(since);
    assert.deepEqual(c.modified.messages.map((m) => [m.item.id, m.changed]), [[reply, ['f']]]);
    assert.deepEqual(c.modified.folders.map((f) => [f.item.name, f.item.unread, f.changed]), [['Inbox', 0, ['u']]]);
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.unread, x.changed]), [[1, ['u', 'f']]]);

    since = await revision();
    await msgAction('delete', reply);
    c = await changes(since);
    assert.deepEqual(c.deleted, [reply]);
    assert.deepEqual(c.modified.folders.map((f) => [f.item.name, f.item.count]), [['Inbox', 0]]);
    assert.deepEqual(c.modified.conversations.map((x) => [x.item.count, x.changed.includes('n')]), [[1, true]]);
    assert.ok(c.mailboxSize! > 0);
  });

  it('created and deleted inside the range: only deleted', async () => {
    const since = await revision();
    const temp = await addMsg('Temporary');
    await msgAction('flag', temp);
    await msgAction('delete', temp);
    const c = await changes(since);
    assert.deepEqual(c.created.messages, []);
    assert.ok(c.deleted.includes(temp));
    assert.deepEqual(c.modified.messages, []);
  });

  it('<change token="N"/>: a message changed after N cannot be modified (mail.MODIFY_CONFLICT); a current token can', async () => {
    const { ms } = await seqsOf(hello);
    const stale = await msgAction('!flag', hello, '', `<change token="${ms - 1n}"/>`);
    assert.equal(faultCodeOf(stale.text), 'mail.MODIFY_CONFLICT', stale.text);
    assert.equal(stale.status, 500);
    const current = await msgAction('!flag', hello, '', `<change token="${ms}"/>`);
    assert.equal(current.status, 200, current.text);
    // The refused request changed nothing; the accepted one did.
    assert.ok((await seqsOf(hello)).ms > ms);
  });

  it('<change token="N" type="new"/>: only creations and rewrites after N conflict, not flag changes', async () => {
    const id = await addMsg('Created then flagged');
    const { rev } = await seqsOf(id);
    await msgAction('flag', id);
    assert.ok((await seqsOf(id)).ms > rev);
    const asNew = await msgAction('!flag', id, '', `<change token="${rev}" type="new"/>`);
    assert.equal(asNew.status, 200, asNew.text);
    const beforeCreation = await msgAction('flag', id, '', `<change token="${rev - 1n}" type="new"/>`);
    assert.equal(faultCodeOf(beforeCreation.text), 'mail.MODIFY_CONFLICT', beforeCreation.text);
    // The default type is mod: the flag change after `rev` conflicts.
    assert.equal(faultCodeOf((await msgAction('flag', id, '', `<change token="${rev}"/>`)).text), 'mail.MODIFY_CONFLICT');
  });

  it('folders are checked too; a token of -1 means no check', async () => {
    const since = await revision();
    await soap(`<FolderActionRequest xmlns="${MAIL}"><action op="color" id="${work}" color="3"/></FolderActionRequest>`);
    const stale = await soap(`<FolderActionRequest xmlns="${MAIL}"><action op="rename" id="${work}" name="Job"/></FolderActionRequest>`, `<change token="${since}"/>`);
    assert.equal(faultCodeOf(stale.text), 'mail.MODIFY_CONFLICT', stale.text);
    const unchecked = await soap(`<FolderActionRequest xmlns="${MAIL}"><action op="rename" id="${work}" name="Job"/></FolderActionRequest>`, `<change token="-1"/>`);
    assert.equal(unchecked.status, 200, unchecked.text);
    const c = await changes(since);
    assert.deepEqual(c.modified.folders.map((f) => [f.item.name, f.changed]), [['Job', ['name', 'l', 'color']]]);
  });
});
