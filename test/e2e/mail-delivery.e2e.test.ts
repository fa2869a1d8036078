// Mail in and out: nodemailer sends to our SMTP and LMTP listeners (unknown recipients refused
// at RCPT, delivery acknowledged once durable), and SendMsg delivers locally, expands lists,
// keeps a copy in Sent, and hands other domains to the SMTP relay — a real SMTP server here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf, SoapUser } from '../support/mail-client';
// @ts-expect-error plain ESM helper
import { freePort } from '../../scripts/lib/launcher.mjs';

describe('mail delivery in and out', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let ann: SoapUser;
  let bob: SoapUser;
  let relay: SMTPServer;
  const relayed: { from: string; to: string[]; data: string }[] = [];

  const inbox = async (user: SoapUser, query = 'in:inbox') => {
    const res = await user.xml(`<SearchRequest xmlns="urn:zimbraMail" types="message"><query>${query}</query></SearchRequest>`);
    return [...res.text.matchAll(/<su>([^<]*)<\/su>/g)].map((m) => m[1]);
  };

  before(async () => {
    const relayPort = await freePort();
    relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          relayed.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve));
    system = await startSystem({ env: { SMTP_RELAY: `smtp://127.0.0.1:${relayPort}` } });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    const admin = (body: string) => post(system.adminUrl, soap12(body, contextHeader(/<authToken>([^<]+)</.exec(auth.text)![1])));
    for (const name of ['ann', 'bob']) await admin(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`);
    const bobInfo = await admin('<GetAccountRequest xmlns="urn:zimbraAdmin"><account by="name">bob@e2e.test</account></GetAccountRequest>');
    const bobId = /<account name="bob@e2e.test" id="([^"]+)"/.exec(bobInfo.text)![1];
    await admin(`<AddAccountAliasRequest xmlns="urn:zimbraAdmin"><id>${bobId}</id><alias>robert@e2e.test</alias></AddAccountAliasRequest>`);
    const dl = await admin('<CreateDistributionListRequest xmlns="urn:zimbraAdmin"><name>team@e2e.test</name></CreateDistributionListRequest>');
    const dlId = /<dl [^>]*id="([^"]+)"/.exec(dl.text)![1];
    await admin(`<AddDistributionListMemberRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><dlm>ann@e2e.test</dlm><dlm>bob@e2e.test</dlm></AddDistributionListMemberRequest>`);
    ann = await SoapUser.signIn(system.userUrl, 'ann@e2e.test', 'ann-password');
    bob = await SoapUser.signIn(system.userUrl, 'bob@e2e.test', 'bob-password');
  });
  after(async () => {
    await system?.stop();
    await new Promise((resolve) => relay?.close(() => resolve(undefined)));
  });

  it('SMTP: nodemailer delivers to an account and to an alias; the Inbox has it, unread', async () => {
    const smtp = createTransport({ host: '127.0.0.1', port: system.smtpPort, secure: false, ignoreTLS: true });
    const info = await smtp.sendMail({ from: 'Zed <zed@outside.test>', to: 'ann@e2e.test, robert@e2e.test', subject: 'Hello via SMTP', text: 'Delivered by nodemailer.' });
    assert.deepEqual(info.accepted.sort(), ['ann@e2e.test', 'robert@e2e.test']);
    assert.deepEqual(await inbox(ann), ['Hello via SMTP']);
    assert.deepEqual(await inbox(bob), ['Hello via SMTP']);
    const hit = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message"><query>is:unread from:zed</query></SearchRequest>');
    assert.match(hit.text, /<e t="f" a="zed@outside.test" p="Zed"/);
  });

  it('SMTP: an unknown recipient is refused at RCPT time', async () => {
    const smtp = createTransport({ host: '127.0.0.1', port: system.smtpPort, secure: false, ignoreTLS: true });
    await assert.rejects(smtp.sendMail({ from: 'zed@outside.test', to: 'nobody@e2e.test', subject: 'x', text: 'x' }), (err: any) => {
      assert.equal(err.responseCode, 550);
      return true;
    });
    const mixed = await smtp.sendMail({ from: 'zed@outside.test', to: 'nobody@e2e.test, ann@e2e.test', subject: 'Partly known', text: 'x' });
    assert.deepEqual(mixed.rejected, ['nobody@e2e.test']);
    assert.ok((await inbox(ann)).includes('Partly known'));
  });

  it('LMTP: per-recipient answers, delivered to the Inbox', async () => {
    const lmtp = createTransport({ host: '127.0.0.1', port: system.lmtpPort, lmtp: true, secure: false, ignoreTLS: true } as never);
    const info = await lmtp.sendMail({ from: 'mta@outside.test', to: 'ann@e2e.test, bob@e2e.test', subject: 'Via LMTP', text: 'From the local MTA.' });
    assert.deepEqual(info.accepted.sort(), ['ann@e2e.test', 'bob@e2e.test']);
    assert.ok((await inbox(ann)).includes('Via LMTP'));
    assert.ok((await inbox(bob)).includes('Via LMTP'));
  });

  it('SendMsg: a local recipient gets it, the sender keeps it in Sent', async () => {
    const res = await ann.xml(
      '<SendMsgRequest xmlns="urn:zimbraMail"><m><e t="t" a="bob@e2e.test" p="Bob"/><su>Local note</su><mp ct="text/plain"><content>Hi Bob</content></mp></m></SendMsgRequest>',
    );
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<m id="\d+"/);
    assert.ok((await inbox(bob)).includes('Local note'));
    assert.deepEqual(await inbox(ann, 'in:sent'), ['Local note']);
  });

  it('SendMsg with origid and rt marks the original replied (r) or forwarded (w)', async () => {
    const found = await bob.xml('<SearchRequest xmlns="urn:zimbraMail" types="message"><query>subject:"Local note"</query></SearchRequest>');
    const original = /<m id="(\d+)"/.exec(found.text)![1];
    await bob.xml(`<SendMsgRequest xmlns="urn:zimbraMail"><m origid="${original}" rt="r"><e t="t" a="ann@e2e.test"/><su>Re: Local note</su><mp ct="text/plain"><content>Thanks</content></mp></m></SendMsgRequest>`);
    await bob.xml(`<SendMsgRequest xmlns="urn:zimbraMail"><m origid="${original}" rt="w"><e t="t" a="ann@e2e.test"/><su>Fwd: Local note</su><mp ct="text/plain"><content>FYI</content></mp></m></SendMsgRequest>`);
    const meta = await bob.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${original}"/></GetMsgMetadataRequest>`);
    const flags = /<m id="\d+"[^>]* f="([^"]*)"/.exec(meta.text)?.[1] ?? '';
    assert.ok(flags.includes('r') && flags.includes('w'), meta.text);
    // An original that is gone does not stop the reply from going out.
    const stray = await ann.xml(`<SendMsgRequest xmlns="urn:zimbraMail"><m origid="999999" rt="r"><e t="t" a="bob@e2e.test"/><su>Stray reply</su><mp ct="text/plain"><content>x</content></mp></m></SendMsgRequest>`);
    assert.equal(stray.status, 200, stray.text);
    assert.ok((await inbox(bob)).includes('Stray reply'));
  });

  it('SendMsg to a distribution list reaches its members', async () => {
    await bob.xml('<SendMsgRequest xmlns="urn:zimbraMail"><m><e t="t" a="team@e2e.test"/><su>Team update</su><mp ct="text/plain"><content>All hands</content></mp></m></SendMsgRequest>');
    assert.ok((await inbox(ann)).includes('Team update'));
    assert.ok((await inbox(bob)).includes('Team update'));
  });

  it('SendMsg to another domain goes through the SMTP relay', async () => {
    const res = await ann.xml('<SendMsgRequest xmlns="urn:zimbraMail"><m><e t="t" a="friend@elsewhere.test"/><e t="c" a="bob@e2e.test"/><su>Out and in</su><mp ct="text/plain"><content>Hello world</content></mp></m></SendMsgRequest>');
    assert.equal(res.status, 200, res.text);
    const out = relayed.find((r) => r.data.includes('Out and in'));
    assert.ok(out, 'the relay received the message');
    assert.deepEqual(out!.to, ['friend@elsewhere.test']);
    assert.equal(out!.from, 'ann@e2e.test');
    assert.ok((await inbox(bob)).includes('Out and in'));
  });

  it('SendMsg to an unknown address in our own domain fails, and nothing is sent', async () => {
    const res = await ann.xml('<SendMsgRequest xmlns="urn:zimbraMail"><m><e t="t" a="ghost@e2e.test"/><su>Nobody</su><mp ct="text/plain"><content>x</content></mp></m></SendMsgRequest>');
    assert.equal(faultCodeOf(res.text), 'mail.SEND_FAILURE');
    assert.ok(!(await inbox(ann, 'in:sent')).includes('Nobody'));
  });

  it('SaveDraft creates a draft, saves it again under the same id, and SendMsg with did removes it', async () => {
    const first = await ann.xml('<SaveDraftRequest xmlns="urn:zimbraMail"><m><e t="t" a="bob@e2e.test"/><su>Draft v1</su><mp ct="text/plain"><content>first</content></mp></m></SaveDraftRequest>');
    const id = /<m id="(\d+)"/.exec(first.text)![1];
    assert.match(first.text, /l="6"/);
    const second = await ann.xml(`<SaveDraftRequest xmlns="urn:zimbraMail"><m id="${id}"><e t="t" a="bob@e2e.test"/><su>Draft v2</su><mp ct="text/plain"><content>second</content></mp></m></SaveDraftRequest>`);
    assert.match(second.text, new RegExp(`<m id="${id}"`));
    assert.deepEqual(await inbox(ann, 'in:drafts'), ['Draft v2']);
    await ann.xml(`<SendMsgRequest xmlns="urn:zimbraMail"><m did="${id}"><e t="t" a="bob@e2e.test"/><su>Draft v2</su><mp ct="text/plain"><content>second</content></mp></m></SendMsgRequest>`);
    assert.deepEqual(await inbox(ann, 'in:drafts'), []);
    assert.ok((await inbox(bob)).includes('Draft v2'));
  });
});
