// Messages over Zimbra SOAP: AddMsg with raw MIME, GetMsg with parts, actions, threading,
// quota, one user not reaching another's messages, and a search correctness table over a
// generated mailbox (query → expected messages).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';
import { faultCodeOf, SoapUser } from '../support/mail-client';
import { rawMessage, xmlEscape } from '../support/raw-mime';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 15, 12, 0, 0);

interface Fixture {
  key: string;
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  body: string;
  daysAgo: number;
  folder?: string;
  flags?: string;
  tags?: string;
  attachmentKb?: number;
  messageId?: string;
  inReplyTo?: string;
}

function mime(f: Fixture): string {
  return rawMessage({
    from: f.from,
    to: f.to ?? 'Ann <ann@e2e.test>',
    cc: f.cc,
    subject: f.subject,
    body: f.body,
    date: new Date(BASE - f.daysAgo * DAY).toUTCString(),
    messageId: f.messageId ?? `<${f.key}@fixtures.test>`,
    inReplyTo: f.inReplyTo,
    attachment: f.attachmentKb ? Buffer.alloc(f.attachmentKb * 1024, 'x') : undefined,
  });
}

describe('messages and search over Zimbra SOAP', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let ann: SoapUser;
  let bob: SoapUser;
  let adminToken = '';
  const ids = new Map<string, number>();
  let workFolder = 0;

  const addMsg = async (f: Fixture, user = ann) => {
    const attrs = [`l="${f.folder ?? '2'}"`, f.flags !== undefined ? `f="${f.flags}"` : 'f="u"', f.tags ? `tn="${f.tags}"` : '', `d="${BASE - f.daysAgo * DAY}"`].join(' ');
    const res = await user.xml(`<AddMsgRequest xmlns="urn:zimbraMail"><m ${attrs}><content>${xmlEscape(mime(f))}</content></m></AddMsgRequest>`);
    assert.equal(res.status, 200, res.text);
    return Number(/<m id="(\d+)"/.exec(res.text)![1]);
  };

  before(async () => {
    system = await startSystem();
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    for (const name of ['ann', 'bob']) {
      await post(system.adminUrl, soap12(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}@e2e.test</name><password>${name}-password</password></CreateAccountRequest>`, contextHeader(adminToken)));
    }
    ann = await SoapUser.signIn(system.userUrl, 'ann@e2e.test', 'ann-password');
    bob = await SoapUser.signIn(system.userUrl, 'bob@e2e.test', 'bob-password');
    const work = await ann.xml('<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Work" l="1"/></CreateFolderRequest>');
    workFolder = Number(/<folder id="(\d+)"/.exec(work.text)![1]);
    await ann.xml(`<CreateFolderRequest xmlns="urn:zimbraMail"><folder name="Clients" l="${workFolder}"/></CreateFolderRequest>`);
  });
  after(async () => system?.stop());

  it('AddMsg stores raw MIME and answers with id, conversation, flags and size', async () => {
    const id = await addMsg({ key: 'hello', from: 'Alice Smith <alice@example.org>', subject: 'Hello Ann', body: 'First line of the greeting.\nSecond line.', daysAgo: 1, tags: 'greetings' });
    ids.set('hello', id);
    const meta = await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${id}"/></GetMsgMetadataRequest>`);
    assert.match(meta.text, new RegExp(`<m id="${id}" l="2" cid="\\d+" f="u" t="\\d+" tn="greetings"`));
    assert.match(meta.text, /<e t="f" a="alice@example.org" p="Alice Smith"/);
    assert.match(meta.text, /<su>Hello Ann<\/su>/);
    assert.match(meta.text, /<fr>First line of the greeting. Second line.<\/fr>/);
  });

  it('GetMsg returns the headers, the part tree with the body, and read="1" marks it read', async () => {
    const id = ids.get('hello')!;
    const res = await ann.xml(`<GetMsgRequest xmlns="urn:zimbraMail"><m id="${id}" read="1"><header n="Date"/></m></GetMsgRequest>`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<mid>&lt;hello@fixtures.test&gt;<\/mid>|<mid><hello@fixtures.test><\/mid>|<mid>hello@fixtures.test<\/mid>|<mid>&lt;hello@fixtures\.test&gt;<\/mid>/);
    assert.match(res.text, /<header n="Date">/);
    assert.match(res.text, /<mp part="[^"]+" ct="text\/plain"[^>]* body="1"[^>]*><content>First line of the greeting./);
    const meta = await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${id}"/></GetMsgMetadataRequest>`);
    assert.doesNotMatch(meta.text, /f="u"/);
    const json = await ann.json('GetMsgRequest', { m: { id: String(id) } });
    const m = json.Body.GetMsgResponse.m[0];
    assert.equal(m.su, 'Hello Ann');
    assert.equal(faultCodeOf((await ann.xml('<GetMsgRequest xmlns="urn:zimbraMail"><m id="999999"/></GetMsgRequest>')).text), 'mail.NO_SUCH_MSG');
  });

  it('a message with an attachment: flag a, parts with filename and disposition', async () => {
    const id = await addMsg({ key: 'report', from: 'Carol <carol@partner.test>', subject: 'Quarterly report', body: 'See the attached report.', daysAgo: 2, attachmentKb: 40 });
    ids.set('report', id);
    const res = await ann.xml(`<GetMsgRequest xmlns="urn:zimbraMail"><m id="${id}"/></GetMsgRequest>`);
    assert.match(res.text, /<m id="\d+" f="au"|<m id="\d+" f="ua"/);
    assert.match(res.text, /<mp part="2" ct="application\/pdf" s="\d+" cd="attachment" filename="report.pdf"/);
  });

  it('replies join the conversation by In-Reply-To; GetConv lists both', async () => {
    const reply = await addMsg({ key: 'reply', from: 'Ann <ann@e2e.test>', to: 'Alice Smith <alice@example.org>', subject: 'Re: Hello Ann', body: 'Thanks Alice!', daysAgo: 0, folder: '5', flags: 's', inReplyTo: '<hello@fixtures.test>' });
    ids.set('reply', reply);
    const meta = await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${ids.get('hello')},${reply}"/></GetMsgMetadataRequest>`);
    const cids = [...meta.text.matchAll(/cid="(\d+)"/g)].map((x) => x[1]);
    assert.equal(cids.length, 2);
    assert.equal(cids[0], cids[1]);
    const conv = await ann.xml(`<GetConvRequest xmlns="urn:zimbraMail"><c id="${cids[0]}"/></GetConvRequest>`);
    assert.match(conv.text, new RegExp(`<c id="${cids[0]}" n="2"`));
    assert.match(conv.text, /<su>Hello Ann<\/su>/);
  });

  it('MsgAction: flag, tag, move, trash, !read, update, delete; unknown ids and tags fail', async () => {
    const id = ids.get('report')!;
    const act = (op: string, extra = '') => ann.xml(`<MsgActionRequest xmlns="urn:zimbraMail"><action op="${op}" id="${id}" ${extra}/></MsgActionRequest>`);
    const meta = async () => (await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${id}"/></GetMsgMetadataRequest>`)).text;
    assert.match((await act('flag')).text, new RegExp(`<action id="${id}" op="flag"/>`));
    assert.match(await meta(), /f="[^"]*f[^"]*"/);
    await ann.xml('<CreateTagRequest xmlns="urn:zimbraMail"><tag name="finance"/></CreateTagRequest>');
    await act('tag', 'tn="finance"');
    assert.match(await meta(), /tn="finance"/);
    assert.equal(faultCodeOf((await act('tag', 'tn="nope"')).text), 'mail.NO_SUCH_TAG');
    await act('move', `l="${workFolder}"`);
    assert.match(await meta(), new RegExp(`l="${workFolder}"`));
    assert.equal(faultCodeOf((await act('move', 'l="424242"')).text), 'mail.NO_SUCH_FOLDER');
    assert.equal(faultCodeOf((await act('move', 'l="7"')).text), 'mail.CANNOT_CONTAIN');
    await act('trash');
    assert.match(await meta(), /l="3"/);
    await act('update', `l="${workFolder}" f="f"`);
    const updated = await meta();
    assert.match(updated, new RegExp(`l="${workFolder}"`));
    assert.match(updated, /f="af"|f="fa"/);
    assert.equal(faultCodeOf((await ann.xml('<MsgActionRequest xmlns="urn:zimbraMail"><action op="read" id="999999"/></MsgActionRequest>')).text), 'mail.NO_SUCH_MSG');
    assert.equal(faultCodeOf((await ann.xml('<ConvActionRequest xmlns="urn:zimbraMail"><action op="read" id="999999"/></ConvActionRequest>')).text), 'mail.NO_SUCH_CONV');
  });

  it('another user can neither read nor change Ann\'s messages', async () => {
    const id = ids.get('hello')!;
    assert.equal(faultCodeOf((await bob.xml(`<GetMsgRequest xmlns="urn:zimbraMail"><m id="${id}"/></GetMsgRequest>`)).text), 'mail.NO_SUCH_MSG');
    assert.equal(faultCodeOf((await bob.xml(`<MsgActionRequest xmlns="urn:zimbraMail"><action op="delete" id="${id}"/></MsgActionRequest>`)).text), 'mail.NO_SUCH_MSG');
    const search = await bob.xml('<SearchRequest xmlns="urn:zimbraMail" types="message"><query>hello</query></SearchRequest>');
    assert.doesNotMatch(search.text, /<m /);
    assert.match((await ann.xml(`<GetMsgRequest xmlns="urn:zimbraMail"><m id="${id}"/></GetMsgRequest>`)).text, /Hello Ann/);
  });

  it('the quota refuses a message that would exceed it (mail.QUOTA_EXCEEDED)', async () => {
    const info = await bob.xml('<GetInfoRequest xmlns="urn:zimbraAccount"/>');
    const bobId = /<id>([^<]+)</.exec(info.text)![1];
    await post(system.adminUrl, soap12(`<ModifyAccountRequest xmlns="urn:zimbraAdmin"><id>${bobId}</id><a n="zimbraMailQuota">20000</a></ModifyAccountRequest>`, contextHeader(adminToken)));
    await addMsg({ key: 'small', from: 'x@y.test', subject: 'small', body: 'fits', daysAgo: 0 }, bob);
    const big = mime({ key: 'big', from: 'x@y.test', subject: 'big', body: 'too big', daysAgo: 0, attachmentKb: 30 });
    const res = await bob.xml(`<AddMsgRequest xmlns="urn:zimbraMail"><m l="2"><content>${xmlEscape(big)}</content></m></AddMsgRequest>`);
    assert.equal(faultCodeOf(res.text), 'mail.QUOTA_EXCEEDED');
  });

  describe('search correctness over a generated mailbox', () => {
    const fixtures: Fixture[] = [
      { key: 'budget', from: 'Dave Jones <dave@corp.test>', subject: 'Budget 2026 draft', body: 'The budget numbers for next year.', daysAgo: 3, folder: 'WORK', tags: 'finance' },
      { key: 'budget-re', from: 'Eve <eve@corp.test>', subject: 'Re: Budget 2026 draft', body: 'Looks fine to me.', daysAgo: 2, folder: 'WORK', flags: '' },
      { key: 'lunch', from: 'Frank <frank@friends.test>', cc: 'Dave Jones <dave@corp.test>', subject: 'Lunch on Friday?', body: 'Pizza or sushi, your call.', daysAgo: 5, flags: 'uf' },
      { key: 'invoice', from: 'billing@vendor.test', subject: 'Invoice 4471', body: 'Please find the invoice attached.', daysAgo: 20, attachmentKb: 200, folder: 'CLIENTS', flags: '' },
      { key: 'spam', from: 'winner@lottery.test', subject: 'You won a prize', body: 'Claim your prize now.', daysAgo: 1, folder: '4' },
      { key: 'old', from: 'Grace <grace@archive.test>', subject: 'Archived notes', body: 'quarterly budget retrospective', daysAgo: 60, flags: '' },
      { key: 'trashed', from: 'Dave Jones <dave@corp.test>', subject: 'Old budget ideas', body: 'budget scratchpad', daysAgo: 4, folder: '3' },
      { key: 'phrase', from: 'Heidi <heidi@corp.test>', subject: 'Release plan', body: 'the release train leaves on monday', daysAgo: 6, flags: 'u' },
    ];
    const want = (...keys: string[]) => keys.map((k) => ids.get(k)!).sort((a, b) => a - b);

    before(async () => {
      for (const f of fixtures) {
        const folder = f.folder === 'WORK' ? String(workFolder) : f.folder === 'CLIENTS' ? '/Work/Clients' : f.folder;
        ids.set(f.key, await addMsg({ ...f, folder }));
      }
    });

    const search = async (query: string, extra = '') => {
      const res = await ann.xml(`<SearchRequest xmlns="urn:zimbraMail" types="message" limit="500" ${extra}><query>${xmlEscape(query)}</query></SearchRequest>`);
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      return [...res.text.matchAll(/<m id="(\d+)"/g)].map((x) => Number(x[1])).sort((a, b) => a - b);
    };

    const table: [string, () => number[]][] = [
      ['budget', () => want('budget', 'budget-re', 'old')],
      ['in:trash budget', () => want('trashed')],
      ['in:junk', () => want('spam')],
      ['in:work', () => want('budget', 'budget-re', 'report')],
      ['under:work', () => want('budget', 'budget-re', 'invoice', 'report')],
      ['in:"/Work/Clients"', () => want('invoice')],
      ['from:dave', () => want('budget')],
      ['from:dave in:trash', () => want('trashed')],
      ['to:alice', () => want('reply')],
      ['cc:dave', () => want('lunch')],
      ['subject:invoice', () => want('invoice')],
      ['has:attachment', () => want('invoice', 'report')],
      ['tag:finance', () => want('budget', 'report')],
      ['is:flagged', () => want('lunch', 'report')],
      ['is:unread in:inbox', () => want('lunch', 'phrase')],
      ['is:read in:inbox', () => want('hello', 'old')],
      ['"release train"', () => want('phrase')],
      ['"train release"', () => []],
      ['budget -subject:re', () => want('budget', 'old')],
      ['budget NOT in:work', () => want('old')],
      ['lunch OR invoice', () => want('lunch', 'invoice')],
      ['(lunch OR invoice) has:attachment', () => want('invoice')],
      ['larger:100kb', () => want('invoice')],
      ['smaller:1kb in:inbox', () => want('hello', 'lunch', 'old', 'phrase')],
      ['after:01/01/2026 before:01/13/2026 in:inbox', () => want('lunch', 'phrase')],
      ['before:12/01/2025', () => want('old')],
      ['budg*', () => want('budget', 'budget-re', 'old')],
      ['from:"x\' OR 1=1 --"', () => []],
      ['in:sent', () => want('reply')],
    ];
    for (const [query, expected] of table) {
      it(`${query}`, async () => assert.deepEqual(await search(query), expected()));
    }

    it('GetFolder counts agree with what searches find, after adds, moves, flag changes and deletes', async () => {
      const tree = await ann.json('GetFolderRequest', {});
      const all: any[] = [];
      const walk = (f: any) => {
        all.push(f);
        (f.folder ?? []).forEach(walk);
      };
      walk(tree.Body.GetFolderResponse.folder[0]);
      for (const path of ['/Inbox', '/Work', '/Work/Clients', '/Trash', '/Junk', '/Sent']) {
        const f = all.find((x) => x.absFolderPath === path);
        const inFolder = await search(`in:"${path}"`);
        const unread = await search(`in:"${path}" is:unread`);
        assert.equal(f.n ?? 0, inFolder.length, `${path} n`);
        assert.equal(f.u ?? 0, unread.length, `${path} u`);
      }
    });

    it('fetch="1" inlines the first hit\'s body; SearchConv lists a conversation\'s matching messages', async () => {
      const res = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message" fetch="1" sortBy="dateAsc"><query>"release train"</query></SearchRequest>');
      assert.match(res.text, /<mp part="1" ct="text\/plain"[^>]*body="1"[^>]*><content>the release train leaves on monday/);
      const meta = await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${ids.get('budget')}"/></GetMsgMetadataRequest>`);
      const cid = /cid="(\d+)"/.exec(meta.text)![1];
      const conv = await ann.xml(`<SearchConvRequest xmlns="urn:zimbraMail" cid="${cid}"><query>fine</query></SearchConvRequest>`);
      assert.deepEqual([...conv.text.matchAll(/<m id="(\d+)"/g)].map((x) => Number(x[1])), [ids.get('budget-re')]);
      const whole = await ann.xml(`<SearchConvRequest xmlns="urn:zimbraMail" cid="${cid}"><query></query></SearchConvRequest>`);
      assert.equal([...whole.text.matchAll(/<m id="/g)].length, 2);
    });

    it('a malformed query is mail.QUERY_PARSE_ERROR', async () => {
      const res = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message"><query>(budget OR</query></SearchRequest>');
      assert.equal(faultCodeOf(res.text), 'mail.QUERY_PARSE_ERROR');
    });

    it('sortBy, limit, offset and more; conversations group the thread', async () => {
      const page1 = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message" sortBy="dateAsc" limit="2" offset="0"><query>budget</query></SearchRequest>');
      assert.match(page1.text, /more="1"/);
      const order = [...page1.text.matchAll(/<m id="(\d+)"/g)].map((x) => Number(x[1]));
      assert.deepEqual(order, [ids.get('old'), ids.get('budget')]);
      const page2 = await ann.xml('<SearchRequest xmlns="urn:zimbraMail" types="message" sortBy="dateAsc" limit="2" offset="2"><query>budget</query></SearchRequest>');
      assert.match(page2.text, /more="0"/);
      const convs = await ann.json('SearchRequest', { types: 'conversation', query: 'in:work budget' });
      const c = convs.Body.SearchResponse.c;
      assert.equal(c.length, 1);
      assert.equal(c[0].n, 2);
      assert.equal(c[0].m.length, 2);
      // Conversations order by their newest matching message, and page.
      const convOf = async (key: string) => {
        const meta = await ann.xml(`<GetMsgMetadataRequest xmlns="urn:zimbraMail"><m ids="${ids.get(key)}"/></GetMsgMetadataRequest>`);
        return /cid="(\d+)"/.exec(meta.text)![1];
      };
      const [thread, old] = [await convOf('budget'), await convOf('old')];
      const newest = await ann.json('SearchRequest', { types: 'conversation', query: 'budget', sortBy: 'dateDesc' });
      assert.deepEqual(newest.Body.SearchResponse.c.map((x: any) => x.id), [thread, old]);
      const oldest = await ann.json('SearchRequest', { types: 'conversation', query: 'budget', sortBy: 'dateAsc' });
      assert.deepEqual(oldest.Body.SearchResponse.c.map((x: any) => x.id), [old, thread]);
      const second = await ann.json('SearchRequest', { types: 'conversation', query: 'budget', limit: '1', offset: '1' });
      assert.deepEqual(second.Body.SearchResponse.c.map((x: any) => x.id), [old]);
      assert.equal(second.Body.SearchResponse.more, false);
    });
  });
});
