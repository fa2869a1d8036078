// The Expresso mobile API (POST /api/rest/<Resource>) against the running system: both request
// encodings, sessions, folders and their quota figures, messages added over Zimbra SOAP, the
// folder-id mapping seen from both protocols, the seed's error codes, and one user not reaching
// another's mail. Accounts and messages are made over SOAP, which then checks what Expresso did.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf, SoapUser } from '../support/mail-client';
import { rawMessage, xmlEscape } from '../support/raw-mime';

const QUOTA = 10 * 1024 * 1024;
/** Small enough for a test to exceed with one upload. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type Encoding = 'form' | 'form-brackets' | 'json' | 'multipart';
interface Upload {
  field: string;
  filename: string;
  type: string;
  content: Buffer;
}
interface Reply {
  id: string | null;
  result?: any;
  error?: { code: string; message: string } | null;
}

function mime(o: { from: string; to: string; subject: string; body: string; date: string; attachment?: Buffer }): string {
  return rawMessage({ ...o, messageId: `<${o.subject.replace(/\W+/g, '-')}@fixtures.test>` });
}

describe('Expresso API', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let adminToken = '';
  let ann: SoapUser;
  let bob: SoapUser;
  let annAuth = '';
  let bobAuth = '';
  let seq = 0;
  const msg: Record<string, number> = {};
  const pdf = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));

  /** One Expresso call; every answer must be HTTP 200 JSON. */
  async function call(resource: string, params: Record<string, unknown> = {}, opts: { encoding?: Encoding; id?: number | string; files?: Upload[] } = {}): Promise<Reply> {
    const id = opts.id ?? ++seq;
    const encoding = opts.encoding ?? 'form';
    let body: string | URLSearchParams | FormData;
    const headers: Record<string, string> = {};
    if (encoding === 'json') {
      body = JSON.stringify({ id, params });
      headers['Content-Type'] = 'application/json';
    } else if (encoding === 'form') {
      body = new URLSearchParams({ id: String(id), params: JSON.stringify(params) });
    } else if (encoding === 'form-brackets') {
      body = new URLSearchParams({ id: String(id) });
      for (const [k, v] of Object.entries(params)) body.append(`params[${k}]`, String(v));
    } else {
      body = new FormData();
      body.append('id', String(id));
      for (const [k, v] of Object.entries(params)) body.append(`params[${k}]`, String(v));
      for (const f of opts.files ?? []) body.append(f.field, new Blob([f.content], { type: f.type }), f.filename);
    }
    const res = await fetch(`${system.expressoUrl}/${resource}`, { method: 'POST', body, headers });
    assert.equal(res.status, 200, `${resource} answered HTTP ${res.status}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    return (await res.json()) as Reply;
  }
  const ok = async (resource: string, params: Record<string, unknown>, opts: Parameters<typeof call>[2] = {}) => {
    const reply = await call(resource, params, opts);
    assert.equal(reply.error ?? null, null, `${resource}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  const errorCode = async (resource: string, params: Record<string, unknown>, opts: Parameters<typeof call>[2] = {}) => {
    const reply = await call(resource, params, opts);
    assert.ok(reply.error, `${resource} should fail but answered ${JSON.stringify(reply.result)}`);
    assert.equal(typeof reply.error.code, 'string');
    assert.equal(typeof reply.error.message, 'string');
    return reply.error.code;
  };
  const folders = async (auth = annAuth) => (await ok('Mail/Folders', { auth })).folders as any[];
  const folder = async (folderID: string, auth = annAuth) => (await folders(auth)).find((f) => f.folderID === folderID);

  const soapFolders = async (user: SoapUser) => (await user.xml('<GetFolderRequest xmlns="urn:zimbraMail"/>')).text;
  const soapMeta = async (user: SoapUser, id: number) => (await user.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${id}"/></GetMsgMetadataRequest>`)).text;
  const soapFolderId = async (user: SoapUser, path: string) => {
    const text = await soapFolders(user);
    const m = new RegExp(`<folder id="(\\d+)"[^>]*absFolderPath="${path.replace(/\//g, '\\/')}"`).exec(text);
    return m ? Number(m[1]) : undefined;
  };

  const addMsg = async (user: SoapUser, key: string, o: Parameters<typeof mime>[0], folderId = 2) => {
    const res = await user.xml(`<AddMsgRequest xmlns="urn:zimbraMail"><m l="${folderId}" f="u"><content>${xmlEscape(mime(o))}</content></m></AddMsgRequest>`);
    assert.equal(res.status, 200, res.text);
    msg[key] = Number(/<m id="(\d+)"/.exec(res.text)![1]);
  };

  before(async () => {
    system = await startSystem({ env: { EXPRESSO_MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) } });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const [name, display] of [
      ['ann', 'Ann Example'],
      ['bob', 'Bob Example'],
    ]) {
      const res = await post(
        system.adminUrl,
        soap12(
          `<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}@e2e.test</name><password>${name}-password</password><a n="displayName">${display}</a><a n="zimbraMailQuota">${QUOTA}</a></CreateAccountRequest>`,
          contextHeader(adminToken),
        ),
      );
      assert.equal(res.status, 200, res.text);
    }
    ann = await SoapUser.signIn(system.userUrl, 'ann@e2e.test', 'ann-password');
    bob = await SoapUser.signIn(system.userUrl, 'bob@e2e.test', 'bob-password');
    // Folders made over SOAP: top level, nested, and under the Inbox.
    const work = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Work" l="1"/></CreateFolderRequest>');
    const workId = Number(/<folder id="(\d+)"/.exec(work.text)![1]);
    await ann.xml(`<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Clients" l="${workId}"/></CreateFolderRequest>`);
    await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Receipts" l="2"/></CreateFolderRequest>');
    await addMsg(ann, 'hello', { from: 'Alice Smith <alice@example.org>', to: 'Ann <ann@e2e.test>', subject: 'Hello Ann', body: 'First line of the greeting.\nSecond <line>.', date: 'Mon, 12 Jan 2026 10:00:00 +0000' });
    await addMsg(ann, 'report', { from: 'Carol <carol@partner.test>', to: 'ann@e2e.test', subject: 'Quarterly report', body: 'See the attached report.', date: 'Tue, 13 Jan 2026 10:00:00 +0000', attachment: pdf });
    await addMsg(ann, 'news', { from: 'news@example.org', to: 'ann@e2e.test', subject: 'Weekly news', body: 'Nothing new this week.', date: 'Wed, 14 Jan 2026 10:00:00 +0000' });
    await addMsg(ann, 'old', { from: 'dave@example.org', to: 'ann@e2e.test', subject: 'Old thread', body: 'From a while ago.', date: 'Thu, 01 Jan 2026 10:00:00 +0000' }, workId);
    await addMsg(bob, 'bobs', { from: 'eve@example.org', to: 'bob@e2e.test', subject: 'For Bob only', body: 'Private to Bob.', date: 'Wed, 14 Jan 2026 11:00:00 +0000' });
  });
  after(async () => system?.stop());

  it('answers ExpressoVersion, AvailableServers and /health without a session', async () => {
    assert.deepEqual(await ok('ExpressoVersion', {}), { expressoVersion: '2.4', apiVersion: '1.0' });
    const servers = (await ok('AvailableServers', {})).servers;
    assert.equal(servers.length, 1);
    assert.equal(servers[0].serverContext, '/api/rest/');
    assert.equal(servers[0].serverStatus, '1');
    assert.match(servers[0].serverUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(system.expressoUrl.replace('/api/rest', '/health'));
    assert.equal(health.status, 200);
  });

  it('Login: a good password gives auth and profile; a bad one LOGIN_BADLOGIN (5)', async () => {
    const reply = await call('Login', { user: 'ann@e2e.test', password: 'ann-password' }, { id: 41 });
    assert.equal(reply.id, '41');
    assert.equal(reply.error, null);
    annAuth = reply.result.auth;
    assert.match(annAuth, /^[^:]+:[0-9a-f]{32}$/);
    assert.deepEqual(reply.result.profile[0].contactMails, ['ann@e2e.test']);
    assert.equal(reply.result.profile[0].contactFullName, 'Ann Example');
    assert.ok(reply.result.profile[0].contactID);
    assert.equal(await errorCode('Login', { user: 'ann@e2e.test', password: 'wrong-password' }), '5');
    assert.equal(await errorCode('Login', { user: 'nobody@e2e.test', password: 'ann-password' }), '5');
    assert.equal(await errorCode('Login', {}), '5');
    // With the session it already has, a client gets that session back.
    assert.equal((await ok('Login', { auth: annAuth })).auth, annAuth);
    bobAuth = (await ok('Login', { user: 'bob@e2e.test', password: 'bob-password' }, { encoding: 'json' })).auth;
  });

  it('takes form-encoded params (JSON or params[NAME]), multipart and JSON bodies alike', async () => {
    const expected = JSON.stringify((await ok('Mail/Folders', { auth: annAuth }, { encoding: 'form' })).folders.map((f: any) => f.folderID));
    for (const encoding of ['form-brackets', 'multipart', 'json'] as const) {
      const reply = await call('Mail/Folders', { auth: annAuth }, { encoding, id: 'abc' });
      assert.equal(reply.id, 'abc');
      assert.equal(JSON.stringify(reply.result.folders.map((f: any) => f.folderID)), expected, encoding);
    }
  });

  it('refuses calls without a session (3) or with a bad one (7), unknown methods (-32601) and bad input', async () => {
    assert.equal(await errorCode('Mail/Folders', {}), '3');
    assert.equal(await errorCode('Mail/Messages', { folderID: 'INBOX' }, { encoding: 'json' }), '3');
    assert.equal(await errorCode('Mail/Folders', { auth: 'garbage' }), '7');
    assert.equal(await errorCode('Mail/Folders', { auth: 'm23clvc6r737paho9d1oeu2527:22503c5682f25bf48bbe7b172c742e0d' }), '7');
    const [token, key] = [annAuth.slice(0, annAuth.lastIndexOf(':')), annAuth.slice(annAuth.lastIndexOf(':') + 1)];
    assert.equal(await errorCode('Mail/Folders', { auth: `${token}x:${key}` }), '7');
    assert.equal(await errorCode('Mail/NoSuchThing', { auth: annAuth }), '-32601');
    assert.equal(await errorCode('Calendar/Events', {}), '-32601');
    assert.equal(await errorCode('Mail/Messages', { auth: annAuth, msgID: 'abc' }), '-32602');
    // Malformed bodies are answered, not crashed on.
    const garbled = await fetch(`${system.expressoUrl}/Mail/Folders`, { method: 'POST', body: 'id=1&params={not json', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(garbled.status, 200);
    assert.equal(((await garbled.json()) as Reply).error!.code, '-32700');
    const badJson = await fetch(`${system.expressoUrl}/Login`, { method: 'POST', body: '{"id":1,', headers: { 'Content-Type': 'application/json' } });
    assert.equal(((await badJson.json()) as Reply).error!.code, '-32700');
    const badMultipart = await fetch(`${system.expressoUrl}/Login`, { method: 'POST', body: 'no parts here', headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' } });
    assert.equal(badMultipart.status, 200);
    assert.equal(((await badMultipart.json()) as Reply).error!.code, '-32600');
    // A body over the limit: Mail/Send's own error (1018), any other resource -32600.
    const oversized = Buffer.alloc(MAX_REQUEST_BYTES + 1024, 'a');
    const tooBig = await fetch(`${system.expressoUrl}/Mail/Send`, { method: 'POST', body: oversized, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(tooBig.status, 200);
    assert.equal(((await tooBig.json()) as Reply).error!.code, '1018');
    const tooBigLogin = await fetch(`${system.expressoUrl}/Login`, { method: 'POST', body: oversized, headers: { 'Content-Type': 'application/json' } });
    assert.equal(((await tooBigLogin.json()) as Reply).error!.code, '-32600');
    assert.equal((await fetch(system.expressoUrl.replace('/api/rest', '/elsewhere'))).status, 404);
  });

  it('Mail/Folders: default folders with Expresso ids and types, SOAP folders, counts and quota', async () => {
    const result = await ok('Mail/Folders', { auth: annAuth });
    const list = result.folders as any[];
    assert.deepEqual(
      list.slice(0, 5).map((f) => [f.folderID, f.folderType, f.folderName]),
      [
        ['INBOX', 0, 'Caixa de Entrada'],
        ['INBOX/Enviado', 1, 'Enviado'],
        ['INBOX/Spam', 2, 'Spam'],
        ['INBOX/Lixeira', 3, 'Lixeira'],
        ['INBOX/Rascunhos', 4, 'Rascunhos'],
      ],
    );
    const inbox = list[0];
    assert.equal(inbox.qtdMessages, 3);
    assert.equal(inbox.qtdUnreadMessages, 3);
    assert.equal(inbox.folderParentID, '');
    assert.equal(inbox.folderHasChildren, 1);
    assert.equal(typeof inbox.diskSizeUsed, 'string');
    assert.ok(Number(inbox.diskSizeUsed) > 3000);
    assert.equal(typeof inbox.diskSizePercent, 'number');
    // Folders made over SOAP show in Expresso, with parents and children.
    const byId = new Map(list.map((f) => [f.folderID, f]));
    assert.deepEqual(
      ['INBOX/Work', 'INBOX/Work/Clients', 'INBOX/Inbox/Receipts'].map((id) => [byId.get(id)?.folderType, byId.get(id)?.folderParentID]),
      [
        [5, ''],
        [5, 'INBOX/Work'],
        [5, 'INBOX'],
      ],
    );
    assert.equal(byId.get('INBOX/Work').folderHasChildren, 1);
    assert.equal(byId.get('INBOX/Work').qtdMessages, 1);
    assert.ok(!list.some((f) => /Contacts|Calendar|Briefcase|Tasks|Chats/.test(f.folderID)));
    // Quota figures: bytes in use, the account's limit, and the fraction used.
    assert.equal(result.diskSizeLimit, QUOTA);
    assert.equal(typeof result.diskSizeUsed, 'number');
    assert.ok(result.diskSizeUsed >= Number(inbox.diskSizeUsed));
    assert.equal(result.diskSizePercent, Math.round((result.diskSizeUsed / QUOTA) * 1000) / 1000);
    // search filters by name; page and resultsPerPage page through the list.
    assert.deepEqual((await ok('Mail/Folders', { auth: annAuth, search: 'cli' })).folders.map((f: any) => f.folderID), ['INBOX/Work/Clients']);
    const page2 = (await ok('Mail/Folders', { auth: annAuth, page: 2, resultsPerPage: 2 })).folders;
    assert.deepEqual(page2.map((f: any) => f.folderID), ['INBOX/Spam', 'INBOX/Lixeira']);
    // SOAP sees the same counts.
    assert.match(await soapFolders(ann), /<folder id="2" name="Inbox"[^>]* u="3" n="3"/);
  });

  it('Mail/AddFolder makes folders Zimbra SOAP sees, and refuses taken names', async () => {
    const made = await ok('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX', folderName: 'Projetos' }, { encoding: 'multipart' });
    assert.deepEqual(made, { folderID: 'INBOX/Projetos' });
    const soap = await soapFolders(ann);
    assert.match(soap, /<folder id="\d+" name="Projetos" l="1"[^>]*absFolderPath="\/Projetos"/);
    assert.deepEqual(await ok('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX/Projetos', folderName: '2026' }), { folderID: 'INBOX/Projetos/2026' });
    assert.ok(await soapFolderId(ann, '/Projetos/2026'));
    // Default parent is INBOX; a sent-folder subfolder lands under Zimbra's Sent.
    assert.deepEqual(await ok('Mail/AddFolder', { auth: annAuth, folderName: 'Pessoal' }), { folderID: 'INBOX/Pessoal' });
    assert.deepEqual(await ok('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX/Enviado', folderName: 'Arquivo' }), { folderID: 'INBOX/Enviado/Arquivo' });
    assert.ok(await soapFolderId(ann, '/Sent/Arquivo'));
    const listed = await folder('INBOX/Enviado/Arquivo');
    assert.equal(listed.folderParentID, 'INBOX/Enviado');
    // Taken names (Lixeira beside the inbox is the Trash), a missing parent, an invalid name.
    assert.equal(await errorCode('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX', folderName: 'Projetos' }), '1011');
    assert.equal(await errorCode('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX', folderName: 'Lixeira' }), '1011');
    assert.equal(await errorCode('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX/Nope', folderName: 'X' }), '1007');
    assert.equal(await errorCode('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX', folderName: 'a/b' }), '1005');
    assert.equal(await errorCode('Mail/AddFolder', { auth: annAuth, parentFolderID: 'INBOX', folderName: '' }), '1005');
  });

  it('Mail/Messages lists a folder newest first, with the seed types, pages and searches', async () => {
    const result = await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX' });
    const list = result.messages as any[];
    assert.deepEqual(
      list.map((m) => m.msgSubject),
      ['Weekly news', 'Quarterly report', 'Hello Ann'],
    );
    const hello = list[2];
    assert.equal(hello.msgID, msg.hello);
    assert.equal(hello.folderID, 'INBOX');
    assert.match(hello.msgDate, DATE);
    assert.deepEqual(hello.msgFrom, { fullName: 'Alice Smith', mailAddress: 'alice@example.org' });
    assert.deepEqual(hello.msgTo, [{ fullName: 'Ann', mailAddress: 'ann@e2e.test' }]);
    assert.equal(hello.msgSeen, '0');
    assert.equal(hello.msgHasAttachments, '0');
    assert.equal(list[1].msgHasAttachments, '1');
    assert.equal(hello.msgFlagged, '0');
    assert.equal(typeof hello.msgSize, 'string');
    assert.match(hello.msgBodyResume, /^First line of the greeting/);
    assert.equal(hello.msgBody, undefined);
    assert.equal(result.numMessages, 3);
    assert.equal(result.totalUnseen, 3);
    assert.equal(typeof result.timeZone, 'number');
    const page2 = await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX', page: 2, resultsPerPage: 2 });
    assert.deepEqual(page2.messages.map((m: any) => m.msgID), [msg.hello]);
    assert.equal(page2.numPages, 2);
    const work = await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX/Work' });
    assert.deepEqual(work.messages.map((m: any) => [m.msgID, m.folderID]), [[msg.old, 'INBOX/Work']]);
    const found = await ok('Mail/Messages', { auth: annAuth, search: 'quarterly' });
    assert.deepEqual(found.messages.map((m: any) => m.msgID), [msg.report]);
    assert.equal(await errorCode('Mail/Messages', { auth: annAuth, folderID: 'INBOX/Nope' }), '1007');
  });

  it('Mail/Messages with msgID gives the body and attachments, and marks the message seen', async () => {
    const one = (await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX', msgID: msg.hello })).messages;
    assert.equal(one.length, 1);
    assert.equal(one[0].msgID, msg.hello);
    assert.match(one[0].msgBody, /^First line of the greeting\.<br \/>Second &lt;line&gt;\.(<br \/>)?$/);
    assert.deepEqual(one[0].msgReplyTo, [{ fullName: 'Alice Smith', mailAddress: 'alice@example.org' }]);
    assert.equal(one[0].msgSeen, '1');
    assert.doesNotMatch(await soapMeta(ann, msg.hello), /f="u/);
    const report = (await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX', msgID: String(msg.report) }, { encoding: 'form-brackets' })).messages[0];
    assert.match(report.msgBody, /^See the attached report\.(<br \/>)?$/);
    assert.equal(report.msgHasAttachments, '1');
    assert.equal(report.msgAttachments.length, 1);
    assert.equal(report.msgAttachments[0].attachmentName, 'report.pdf');
    assert.equal(report.msgAttachments[0].attachmentSize, String(pdf.length));
    // Mail/Attachment answers with the file itself.
    const res = await fetch(`${system.expressoUrl}/Mail/Attachment`, {
      method: 'POST',
      body: new URLSearchParams({ id: '9', params: JSON.stringify({ auth: annAuth, folderID: 'INBOX', msgID: msg.report, attachmentID: report.msgAttachments[0].attachmentID }) }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="report.pdf"/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
    // The id only holds with the folder the message is in.
    assert.equal(await errorCode('Mail/Messages', { auth: annAuth, folderID: 'INBOX/Work', msgID: msg.hello }), '1004');
    assert.equal(await errorCode('Mail/Messages', { auth: annAuth, folderID: 'INBOX', msgID: 999999 }), '1004');
  });

  it('Mail/MoveMessage moves between Expresso folders, as SOAP sees', async () => {
    const workId = (await soapFolderId(ann, '/Work'))!;
    assert.equal(await ok('Mail/MoveMessage', { auth: annAuth, msgID: msg.news, folderID: 'INBOX', newFolderID: 'INBOX/Work' }), true);
    assert.match(await soapMeta(ann, msg.news), new RegExp(`<m id="${msg.news}" l="${workId}"`));
    const work = await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX/Work' });
    assert.deepEqual(work.messages.map((m: any) => m.msgID).sort(), [msg.news, msg.old].sort());
    assert.equal(await errorCode('Mail/MoveMessage', { auth: annAuth, msgID: msg.news, folderID: 'INBOX/Work', newFolderID: 'INBOX/Nope' }), '1007');
    assert.equal(await errorCode('Mail/MoveMessage', { auth: annAuth, msgID: 999999, folderID: 'INBOX', newFolderID: 'INBOX/Work' }), '1004');
  });

  it('Mail/DelMessage moves to the Trash, and deletes for good from the Trash', async () => {
    assert.equal(await ok('Mail/DelMessage', { auth: annAuth, msgID: msg.old, folderID: 'INBOX/Work' }), true);
    assert.match(await soapMeta(ann, msg.old), new RegExp(`<m id="${msg.old}" l="3"`));
    assert.equal((await folder('INBOX/Lixeira')).qtdMessages, 1);
    assert.equal(await ok('Mail/DelMessage', { auth: annAuth, msgID: msg.old, folderID: 'INBOX/Lixeira' }), true);
    assert.equal(faultCodeOf((await ann.xml(`<GetMsgRequest xmlns="urn:zimbraMail"><m id="${msg.old}"/></GetMsgRequest>`)).text), 'mail.NO_SUCH_MSG');
    assert.equal(await errorCode('Mail/DelMessage', { auth: annAuth, msgID: msg.old }), '1016');
  });

  it('Mail/RenameFolder renames user folders and refuses default, missing and taken ones', async () => {
    assert.deepEqual(await ok('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX/Projetos', folderName: 'Projects' }), { folderID: 'INBOX/Projects' });
    assert.match(await soapFolders(ann), /name="Projects" l="1"[^>]*absFolderPath="\/Projects"/);
    assert.equal((await folder('INBOX/Projects/2026'))?.folderParentID, 'INBOX/Projects');
    assert.equal(await errorCode('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX/Lixeira', folderName: 'Papelera' }), '1006');
    assert.equal(await errorCode('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX', folderName: 'Entrada' }), '1006');
    assert.equal(await errorCode('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX/Nope', folderName: 'X' }), '1006');
    assert.equal(await errorCode('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX/Projects', folderName: 'Work' }), '1010');
    assert.equal(await errorCode('Mail/RenameFolder', { auth: annAuth, folderID: 'INBOX/Projects', folderName: 'Rascunhos' }), '1010');
  });

  it('Mail/DelFolder deletes empty user folders only', async () => {
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX' }), '1008');
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX/Enviado' }), '1008');
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX/Projects' }), '1009');
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX/Work' }), '1009');
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX/Nope' }), '1007');
    assert.equal(await errorCode('Mail/DelFolder', { auth: annAuth, folderID: 'Elsewhere' }), '1007');
    assert.equal(await ok('Mail/DelFolder', { auth: annAuth, folderID: 'INBOX/Projects/2026' }), true);
    assert.equal(await soapFolderId(ann, '/Projects/2026'), undefined);
    assert.equal(await folder('INBOX/Projects/2026'), undefined);
    assert.equal((await folder('INBOX/Projects')).folderHasChildren, 0);
  });

  it('Mail/CleanTrash empties the Trash', async () => {
    await ok('Mail/DelMessage', { auth: annAuth, msgID: msg.news, folderID: 'INBOX/Work' });
    assert.equal((await folder('INBOX/Lixeira')).qtdMessages, 1);
    assert.equal(await ok('Mail/CleanTrash', { auth: annAuth }), true);
    assert.equal((await folder('INBOX/Lixeira')).qtdMessages, 0);
    assert.doesNotMatch(await soapFolders(ann), /<folder id="3" name="Trash"[^>]* n="/);
  });

  it('one user does not reach another user\u2019s messages or folders', async () => {
    const bobFolders = (await folders(bobAuth)).map((f) => f.folderID);
    assert.ok(!bobFolders.includes('INBOX/Work'));
    const bobInbox = await ok('Mail/Messages', { auth: bobAuth, folderID: 'INBOX' });
    assert.deepEqual(bobInbox.messages.map((m: any) => m.msgSubject), ['For Bob only']);
    assert.equal(await errorCode('Mail/Messages', { auth: bobAuth, folderID: 'INBOX', msgID: msg.hello }), '1004');
    assert.equal(await errorCode('Mail/Messages', { auth: annAuth, msgID: msg.bobs }), '1004');
    assert.equal(await errorCode('Mail/MoveMessage', { auth: bobAuth, msgID: msg.report, folderID: 'INBOX', newFolderID: 'INBOX/Lixeira' }), '1004');
    assert.equal(await errorCode('Mail/DelMessage', { auth: bobAuth, msgID: msg.report }), '1016');
    assert.equal(await errorCode('Mail/Attachment', { auth: bobAuth, folderID: 'INBOX', msgID: msg.report, attachmentID: '2' }), '1004');
    assert.match(await soapMeta(ann, msg.report), new RegExp(`<m id="${msg.report}" l="2"`));
    assert.deepEqual((await ok('Mail/Messages', { auth: bobAuth, search: 'quarterly' })).messages, []);
  });

  it('Mail/SaveAsDraft and Mail/Send compose mail that both protocols see', async () => {
    const draft = await ok('Mail/SaveAsDraft', { auth: annAuth, msgTo: 'Bob <bob@e2e.test>', msgBccTo: 'carol@partner.test', msgSubject: 'Draft plan', msgContent: 'To be continued' });
    assert.equal(draft.folderID, 'INBOX/Rascunhos');
    assert.match(await soapMeta(ann, draft.msgID), new RegExp(`<m id="${draft.msgID}" l="6"`));
    const opened = (await ok('Mail/Messages', { auth: annAuth, folderID: 'INBOX/Rascunhos', msgID: draft.msgID })).messages[0];
    assert.equal(opened.msgDraft, '1');
    assert.deepEqual(opened.msgBCC, [{ fullName: '', mailAddress: 'carol@partner.test' }]);
    const note = Buffer.from('attached notes');
    const sent = await call(
      'Mail/Send',
      { auth: annAuth, msgTo: '"Bob Example" <bob@e2e.test>', msgSubject: 'Lunch?', msgBody: 'Shall we meet at noon?', msgType: 'plain' },
      { encoding: 'multipart', files: [{ field: 'file0', filename: 'notes.txt', type: 'text/plain', content: note }] },
    );
    assert.equal(sent.error, null, JSON.stringify(sent.error));
    assert.equal(sent.result, true);
    const bobInbox = (await ok('Mail/Messages', { auth: bobAuth, folderID: 'INBOX' })).messages;
    const lunch = bobInbox.find((m: any) => m.msgSubject === 'Lunch?');
    assert.ok(lunch, 'Bob received the message');
    assert.deepEqual(lunch.msgFrom, { fullName: 'Ann Example', mailAddress: 'ann@e2e.test' });
    assert.equal(lunch.msgHasAttachments, '1');
    assert.equal((await folder('INBOX/Enviado')).qtdMessages, 1);
    // Bob replies with originalMsgID/originalUserAction: his copy of Ann's message is answered.
    const reply = await ok('Mail/Send', { auth: bobAuth, msgTo: 'ann@e2e.test', msgSubject: 'Re: Lunch?', msgBody: 'Yes', originalMsgID: lunch.msgID, originalUserAction: 2 });
    assert.equal(reply, true);
    const answered = (await ok('Mail/Messages', { auth: bobAuth, folderID: 'INBOX', msgID: lunch.msgID })).messages[0];
    assert.equal(answered.msgAnswered, '1');
    assert.equal(await errorCode('Mail/Send', { auth: annAuth, msgSubject: 'nobody', msgBody: 'x' }), '1002');
    assert.equal(await errorCode('Mail/Send', { auth: annAuth, msgTo: 'not an address', msgBody: 'x' }), '-32602');
    assert.equal(await ok('Mail/SendSupportFeedback', { auth: annAuth, message: 'Great app.' }), true);
  });

  it('Logout ends the session for every later call', async () => {
    const auth = (await ok('Login', { user: 'ann@e2e.test', password: 'ann-password' })).auth;
    assert.deepEqual(await ok('Logout', { auth }), { hasLogout: 1 });
    assert.equal(await errorCode('Mail/Folders', { auth }), '7');
    assert.equal(await errorCode('Logout', { auth }), '7');
    // Other sessions of the same user live on.
    assert.ok(await folders(annAuth));
  });
});
