// The urn:zimbraIM edge with the bus faked: how each request of soap-im.txt, in XML and in JSON,
// becomes im-presence commands and queries, which input is refused with service.INVALID_REQUEST
// before anything is sent, and how the replies render in both dialects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SoapFault, SoapProtocol, parseSoapRequest, renderSoapResponse } from '@gw/soap';
import { imHandlers } from '../src/handlers/im';
import { SoapCallContext } from '../src/soap/soap-handler';

const IM = 'urn:zimbraIM';

interface Sent {
  subject: string;
  payload: any;
}

/** Runs one request through its handler; `answers` gives the reply per subject. */
async function run(body: string, answers: Record<string, unknown> = {}, opts: { json?: boolean; context?: string | Record<string, unknown> } = {}) {
  const raw = opts.json
    ? JSON.stringify({ Header: { context: { _jsns: 'urn:zimbra', ...((opts.context as object) ?? {}) } }, Body: JSON.parse(body) })
    : `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header><context xmlns="urn:zimbra">${opts.context ?? ''}</context></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const request = parseSoapRequest(raw);
  const handler = imHandlers.find((h) => h.name === request.body.name && h.ns === request.body.ns);
  assert.ok(handler, `no handler for ${request.body.ns} ${request.body.name}`);
  const sent: Sent[] = [];
  const ctx = {
    port: 'user',
    soap: request.context,
    extensions: [],
    call: async (subject: string, payload: unknown) => {
      sent.push({ subject, payload });
      return subject in answers ? answers[subject] : {};
    },
  } as unknown as SoapCallContext;
  const response = await handler.handle(request.body, ctx);
  const render = (protocol: SoapProtocol) => renderSoapResponse({ protocol, body: response }).body;
  return { sent, response, xml: render('soap12'), json: JSON.parse(render('json')).Body };
}

async function refused(body: string, code = 'service.INVALID_REQUEST', opts: { json?: boolean } = {}) {
  let sent: Sent[] = [];
  await assert.rejects(
    async () => {
      sent = (await run(body, {}, opts)).sent;
    },
    (err: unknown) => err instanceof SoapFault && err.code === code,
  );
  assert.deepEqual(sent, []);
}

const cmd = (name: string) => `cmd.im-presence.${name}`;
const qry = (name: string) => `qry.im-presence.${name}`;

describe('urn:zimbraIM handlers', () => {
  it('registers all fifteen requests of soap-im.txt, user port, user token', () => {
    const names = imHandlers.map((h) => h.name).sort();
    assert.deepEqual(names, [
      'IMAuthorizeSubscribeRequest',
      'IMGatewayListRequest',
      'IMGatewayRegisterRequest',
      'IMGetChatConfigurationRequest',
      'IMGetChatRequest',
      'IMGetPrivacyListRequest',
      'IMGetRosterRequest',
      'IMJoinConferenceRoomRequest',
      'IMListConferenceRoomsRequest',
      'IMListConferenceServicesRequest',
      'IMModifyChatRequest',
      'IMSendMessageRequest',
      'IMSetIdleRequest',
      'IMSetPresenceRequest',
      'IMSetPrivacyListRequest',
      'IMSubscribeRequest',
    ]);
    assert.ok(imHandlers.every((h) => h.ns === IM && h.port === 'user' && h.auth === 'user'));
  });
});

describe('roster', () => {
  const roster = {
    presence: { show: 'away', unavailable: false, idle: false, priority: 5, status: 'lunch' },
    items: [],
    pendingRequests: [],
    chats: [{ thread: 't1', participants: [{ addr: 'ann@x.test', me: true }, { addr: 'bob@x.test', name: 'Bob' }] }],
  };

  it('IMGetRoster asks for the roster notification, then answers my presence and my chats', async () => {
    const { sent, xml, json } = await run(`<IMGetRosterRequest xmlns="${IM}"/>`, { [qry('IMGetRoster')]: roster });
    assert.deepEqual(
      sent.map((s) => s.subject),
      [cmd('IMRequestRoster'), qry('IMGetRoster')],
    );
    assert.match(xml, /<IMGetRosterResponse xmlns="urn:zimbraIM"><presence show="away" priority="5" status="lunch"\/><chats><chat thread="t1"><pcps><p addr="ann@x.test" me="1"\/><p addr="bob@x.test" name="Bob"\/><\/pcps><\/chat><\/chats><\/IMGetRosterResponse>/);
    assert.deepEqual(json.IMGetRosterResponse.presence, { show: 'away', priority: 5, status: 'lunch' });
    assert.deepEqual(json.IMGetRosterResponse.chats.chat[0].pcps[0].p[0], { addr: 'ann@x.test', me: true });
  });

  it('an unavailable account shows offline', async () => {
    const { xml } = await run(`<IMGetRosterRequest xmlns="${IM}"/>`, {
      [qry('IMGetRoster')]: { ...roster, chats: [], presence: { show: 'online', unavailable: true, idle: false } },
    });
    assert.match(xml, /<presence show="offline"\/><chats\/>/);
  });

  it('IMSubscribe: groups split, op defaults to add, the canonical address comes back', async () => {
    const { sent, xml } = await run(`<IMSubscribeRequest xmlns="${IM}" addr="Bob" name="Bobby" groups="Work, Friends,,"/>`, {
      [cmd('IMSubscribe')]: { addr: 'bob@x.test' },
    });
    assert.deepEqual(sent, [{ subject: cmd('IMSubscribe'), payload: { op: 'add', addr: 'Bob', name: 'Bobby', groups: ['Work', 'Friends'] } }]);
    assert.match(xml, /<IMSubscribeResponse xmlns="urn:zimbraIM" addr="bob@x.test"\/>/);
    const removed = await run(`<IMSubscribeRequest xmlns="${IM}" addr="bob@x.test" op="REMOVE"/>`, { [cmd('IMSubscribe')]: { addr: 'bob@x.test' } });
    assert.deepEqual(removed.sent[0].payload, { op: 'remove', addr: 'bob@x.test' });
    await refused(`<IMSubscribeRequest xmlns="${IM}" addr="bob@x.test" op="maybe"/>`);
    await refused(`<IMSubscribeRequest xmlns="${IM}"/>`);
    await refused(`<IMSubscribeRequest xmlns="${IM}" addr="  "/>`);
  });

  it('IMAuthorizeSubscribe: authorized is required, true|false|1|0', async () => {
    const { sent } = await run(`<IMAuthorizeSubscribeRequest xmlns="${IM}" addr="ann@x.test" authorized="true" add="1" name="Ann" groups="Friends"/>`);
    assert.deepEqual(sent[0].payload, { addr: 'ann@x.test', authorized: true, add: true, name: 'Ann', groups: ['Friends'] });
    const denied = await run(`<IMAuthorizeSubscribeRequest xmlns="${IM}" addr="ann@x.test" authorized="0"/>`);
    assert.deepEqual(denied.sent[0].payload, { addr: 'ann@x.test', authorized: false, add: false });
    await refused(`<IMAuthorizeSubscribeRequest xmlns="${IM}" addr="ann@x.test"/>`);
    await refused(`<IMAuthorizeSubscribeRequest xmlns="${IM}" addr="ann@x.test" authorized="yes"/>`);
    await refused(`<IMAuthorizeSubscribeRequest xmlns="${IM}" addr="ann@x.test" authorized="1" add="perhaps"/>`);
  });

  it('JSON: attributes as keys, the same commands', async () => {
    const { sent, json } = await run(JSON.stringify({ IMSubscribeRequest: { _jsns: IM, addr: 'bob', groups: 'A,B' } }), { [cmd('IMSubscribe')]: { addr: 'bob@x.test' } }, { json: true });
    assert.deepEqual(sent[0].payload, { op: 'add', addr: 'bob', groups: ['A', 'B'] });
    assert.deepEqual(json.IMSubscribeResponse, { _jsns: IM, addr: 'bob@x.test' });
  });
});

describe('presence', () => {
  it('IMSetPresence: one command per <presence>, the one without lang last, on the request session', async () => {
    const { sent } = await run(
      `<IMSetPresenceRequest xmlns="${IM}"><presence show="AWAY" status="out" priority="7"/><presence lang="de" show="xa" status="weg"/></IMSetPresenceRequest>`,
      {},
      { context: '<session id="42"/>' },
    );
    assert.deepEqual(sent, [
      { subject: cmd('IMSetPresence'), payload: { show: 'xa', priority: 0, status: 'weg', lang: 'de', sessionId: '42' } },
      { subject: cmd('IMSetPresence'), payload: { show: 'away', priority: 7, status: 'out', sessionId: '42' } },
    ]);
  });

  it('without a session id the presence is the default session; idle="n" reports idleness too', async () => {
    const { sent } = await run(`<IMSetPresenceRequest xmlns="${IM}" idle="120"><presence/></IMSetPresenceRequest>`, {}, { context: '<session/>' });
    assert.deepEqual(sent, [
      { subject: cmd('IMSetPresence'), payload: { show: 'online', priority: 0, sessionId: 'default' } },
      { subject: cmd('IMSetIdle'), payload: { isIdle: true, idleTime: 120, sessionId: 'default' } },
    ]);
  });

  it('refuses duplicate langs, no presence, bad show or priority', async () => {
    await refused(`<IMSetPresenceRequest xmlns="${IM}"><presence lang="en" show="away"/><presence lang="EN" show="dnd"/></IMSetPresenceRequest>`);
    await refused(`<IMSetPresenceRequest xmlns="${IM}"><presence show="away"/><presence show="dnd"/></IMSetPresenceRequest>`);
    await refused(`<IMSetPresenceRequest xmlns="${IM}"/>`);
    await refused(`<IMSetPresenceRequest xmlns="${IM}"><presence show="sleepy"/></IMSetPresenceRequest>`);
    await refused(`<IMSetPresenceRequest xmlns="${IM}"><presence priority="256"/></IMSetPresenceRequest>`);
    await refused(`<IMSetPresenceRequest xmlns="${IM}"><presence priority="-1"/></IMSetPresenceRequest>`);
  });

  it('JSON: a list of presences', async () => {
    const body = JSON.stringify({ IMSetPresenceRequest: { _jsns: IM, presence: [{ show: 'dnd', lang: 'en' }, { show: 'chat' }] } });
    const { sent } = await run(body, {}, { json: true, context: { session: { id: '7' } } });
    assert.deepEqual(
      sent.map((s) => [s.payload.show, s.payload.lang, s.payload.sessionId]),
      [
        ['dnd', 'en', '7'],
        ['chat', undefined, '7'],
      ],
    );
  });

  it('IMSetIdle passes the session id only when the request names one', async () => {
    const withSession = await run(`<IMSetIdleRequest xmlns="${IM}" isIdle="1" idleTime="300"/>`, {}, { context: '<session id="9"/>' });
    assert.deepEqual(withSession.sent[0].payload, { isIdle: true, idleTime: 300, sessionId: '9' });
    const without = await run(`<IMSetIdleRequest xmlns="${IM}" isIdle="0"/>`);
    assert.deepEqual(without.sent[0].payload, { isIdle: false, idleTime: 0 });
    const noSession = await run(`<IMSetIdleRequest xmlns="${IM}" isIdle="true" idleTime="5"/>`, {}, { context: '<session id="9"/><nosession/>' });
    assert.deepEqual(noSession.sent[0].payload, { isIdle: true, idleTime: 5 });
    await refused(`<IMSetIdleRequest xmlns="${IM}" idleTime="5"/>`);
    await refused(`<IMSetIdleRequest xmlns="${IM}" isIdle="1" idleTime="soon"/>`);
  });
});

describe('chats', () => {
  const send = (message: string) => `<IMSendMessageRequest xmlns="${IM}">${message}</IMSendMessageRequest>`;
  const sendAnswer = { [cmd('IMSendMessage')]: { thread: 'th-1' } };

  it('IMSendMessage, old style: subject and body as text, to an address', async () => {
    const { sent, xml } = await run(send(`<message addr="bob@x.test"><subject lang="en">Hi</subject><body>Hello &lt;b&gt;Bob&lt;/b&gt;</body></message>`), sendAnswer);
    assert.deepEqual(sent, [
      { subject: cmd('IMSendMessage'), payload: { addr: 'bob@x.test', subject: { text: 'Hi', lang: 'en' }, body: { text: 'Hello <b>Bob</b>' }, typing: false } },
    ]);
    assert.match(xml, /<IMSendMessageResponse xmlns="urn:zimbraIM" thread="th-1"\/>/);
  });

  it('IMSendMessage, new style: <text> and <html>, typing inside the body, to a thread', async () => {
    const { sent } = await run(send(`<message thread="th-1"><body lang="fr"><text>plain</text><html>&lt;b&gt;rich&lt;/b&gt;</html><typing/></body></message>`), sendAnswer);
    assert.deepEqual(sent[0].payload, { thread: 'th-1', body: { text: 'plain', lang: 'fr' }, html: '<b>rich</b>', typing: true });
  });

  it('a blank message or a typing notice carries no body', async () => {
    const typing = await run(send(`<message thread="th-1"><typing/></message>`), sendAnswer);
    assert.deepEqual(typing.sent[0].payload, { thread: 'th-1', typing: true });
    const blank = await run(send(`<message thread="th-1"><body>  </body></message>`), sendAnswer);
    assert.deepEqual(blank.sent[0].payload, { thread: 'th-1', typing: false });
  });

  it('refuses <html> without <text>, no message, no thread and no addr', async () => {
    await refused(send(`<message addr="bob@x.test"><body><html>&lt;b&gt;x&lt;/b&gt;</html></body></message>`));
    await refused(`<IMSendMessageRequest xmlns="${IM}"/>`);
    await refused(send(`<message><body>x</body></message>`));
  });

  it('JSON: body as a string, as an object, or new style', async () => {
    const json = (message: Record<string, unknown>) => JSON.stringify({ IMSendMessageRequest: { _jsns: IM, message } });
    const plain = await run(json({ addr: 'bob', body: 'hey', typing: {} }), sendAnswer, { json: true });
    assert.deepEqual(plain.sent[0].payload, { addr: 'bob', body: { text: 'hey' }, typing: true });
    const content = await run(json({ thread: 'th-1', subject: { _content: 'S' }, body: { _content: 'hey', lang: 'en' } }), sendAnswer, { json: true });
    assert.deepEqual(content.sent[0].payload, { thread: 'th-1', subject: { text: 'S' }, body: { text: 'hey', lang: 'en' }, typing: false });
    const rich = await run(json({ thread: 'th-1', body: { text: { _content: 'p' }, html: { _content: '<i>p</i>' } } }), sendAnswer, { json: true });
    assert.deepEqual(rich.sent[0].payload, { thread: 'th-1', body: { text: 'p' }, html: '<i>p</i>', typing: false });
    assert.deepEqual(plain.json.IMSendMessageResponse, { _jsns: IM, thread: 'th-1' });
    await refused(json({ addr: 'bob', body: { html: 'x' } }), 'service.INVALID_REQUEST', { json: true });
  });

  it('IMGetChat renders participants and messages; an unknown chat is error="not_found"', async () => {
    const chat = {
      thread: 'th-1',
      isMuc: false,
      participants: [{ addr: 'ann@x.test', me: true }, { addr: 'bob@x.test' }],
      messages: [
        { seq: 1, ts: 1700000000000, from: 'ann@x.test', subject: { text: 'S', lang: 'en' }, body: { text: 'hello' } },
        { seq: 2, ts: 1700000001000, from: 'bob@x.test', body: { text: 'plain' }, html: '<b>plain</b>' },
      ],
    };
    const { sent, xml, json } = await run(`<IMGetChatRequest xmlns="${IM}" thread="th-1" seq="1"/>`, { [qry('IMGetChat')]: chat });
    assert.deepEqual(sent[0].payload, { thread: 'th-1', seq: 1 });
    assert.match(
      xml,
      /<IMGetChatResponse xmlns="urn:zimbraIM" thread="th-1"><chat thread="th-1"><pcps><p addr="ann@x.test" me="1"\/><p addr="bob@x.test"\/><\/pcps><messages><message seq="1" ts="1700000000000" from="ann@x.test"><subject lang="en">S<\/subject><body>hello<\/body><\/message><message seq="2" ts="1700000001000" from="bob@x.test"><body>plain<\/body><html>&lt;b&gt;plain&lt;\/b&gt;<\/html><\/message><\/messages><\/chat><\/IMGetChatResponse>/,
    );
    assert.equal(json.IMGetChatResponse.chat[0].messages[0].message[1].seq, 2);
    assert.equal(json.IMGetChatResponse.chat[0].messages[0].message[1].body[0]._content, 'plain');

    const missing = await run(`<IMGetChatRequest xmlns="${IM}" thread="nope"/>`, { [qry('IMGetChat')]: null });
    assert.deepEqual(missing.sent[0].payload, { thread: 'nope' });
    assert.match(missing.xml, /<IMGetChatResponse xmlns="urn:zimbraIM" thread="nope" error="not_found"\/>/);
    await refused(`<IMGetChatRequest xmlns="${IM}"/>`);
    await refused(`<IMGetChatRequest xmlns="${IM}" thread="t" seq="x"/>`);
  });

  it('IMModifyChat: close, adduser with its invitation, configure with vars, kick and ban', async () => {
    const answer = (error?: string) => ({ [cmd('IMModifyChat')]: { thread: 'r1', ...(error ? { error } : {}) } });
    const close = await run(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="close"/>`, answer());
    assert.deepEqual(close.sent[0].payload, { thread: 'r1', op: 'close', vars: [] });
    assert.match(close.xml, /<IMModifyChatResponse xmlns="urn:zimbraIM" thread="r1"\/>/);

    const add = await run(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="adduser" addr="carl@x.test">Join us</IMModifyChatRequest>`, answer());
    assert.deepEqual(add.sent[0].payload, { thread: 'r1', op: 'adduser', addr: 'carl@x.test', message: 'Join us', vars: [] });

    const configure = await run(
      `<IMModifyChatRequest xmlns="${IM}" thread="r1" op="configure"><var name="longname"> The Room </var><var name="owners" multi="1"><value>ann@x.test</value><value> </value><value>bob@x.test</value></var></IMModifyChatRequest>`,
      answer('not_allowed'),
    );
    assert.deepEqual(configure.sent[0].payload.vars, [
      { name: 'longname', value: 'The Room' },
      { name: 'owners', values: ['ann@x.test', 'bob@x.test'] },
    ]);
    assert.match(configure.xml, /<IMModifyChatResponse xmlns="urn:zimbraIM" thread="r1" error="not_allowed"\/>/);

    const ban = await run(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="BAN" addr="dave@x.test"/>`, answer());
    assert.deepEqual(ban.sent[0].payload, { thread: 'r1', op: 'ban', addr: 'dave@x.test', vars: [] });

    await refused(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="explode"/>`);
    await refused(`<IMModifyChatRequest xmlns="${IM}" op="close"/>`);
    await refused(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="kick"/>`);
    await refused(`<IMModifyChatRequest xmlns="${IM}" thread="r1" op="configure"><var>1</var></IMModifyChatRequest>`);
  });

  it('JSON configure: values as strings or objects', async () => {
    const body = JSON.stringify({
      IMModifyChatRequest: { _jsns: IM, thread: 'r1', op: 'configure', var: [{ name: 'open', _content: '1' }, { name: 'admins', multi: '1', value: ['a@x.test', { _content: 'b@x.test' }] }] },
    });
    const { sent } = await run(body, { [cmd('IMModifyChat')]: { thread: 'r1' } }, { json: true });
    assert.deepEqual(sent[0].payload.vars, [
      { name: 'open', value: '1' },
      { name: 'admins', values: ['a@x.test', 'b@x.test'] },
    ]);
  });
});

describe('conference rooms', () => {
  it('IMJoinConferenceRoom: nickname (or Zimbra\'s nick), password, thread; status joined with commas', async () => {
    const { sent, xml } = await run(`<IMJoinConferenceRoomRequest xmlns="${IM}" addr="room@conference.x.test" nickname="annie" password="pw"/>`, {
      [cmd('IMJoinConferenceRoom')]: { thread: 'r1', status: ['NewRoomCreated', 'RoomnickChanged'] },
    });
    assert.deepEqual(sent[0].payload, { addr: 'room@conference.x.test', nickname: 'annie', password: 'pw' });
    assert.match(xml, /<IMJoinConferenceRoomResponse xmlns="urn:zimbraIM" thread="r1" status="NewRoomCreated,RoomnickChanged"\/>/);
    const refusedJoin = await run(`<IMJoinConferenceRoomRequest xmlns="${IM}" addr="room@conference.x.test" nick="ann" thread="t9"/>`, {
      [cmd('IMJoinConferenceRoom')]: { thread: 'r1', status: [], error: 'NicknameConflict' },
    });
    assert.deepEqual(refusedJoin.sent[0].payload, { addr: 'room@conference.x.test', nickname: 'ann', thread: 't9' });
    assert.match(refusedJoin.xml, /<IMJoinConferenceRoomResponse xmlns="urn:zimbraIM" thread="r1" error="NicknameConflict"\/>/);
    await refused(`<IMJoinConferenceRoomRequest xmlns="${IM}"/>`);
  });

  it('IMGetChatConfiguration: isMUC, vars single and multi, error', async () => {
    const { sent, xml, json } = await run(`<IMGetChatConfigurationRequest xmlns="${IM}" thread="r1" requestOwnerConfig="1"/>`, {
      [qry('IMGetChatConfiguration')]: {
        thread: 'r1',
        isMuc: true,
        vars: [
          { name: 'longname', value: 'Room' },
          { name: 'owners', values: ['ann@x.test'] },
        ],
      },
    });
    assert.deepEqual(sent[0].payload, { thread: 'r1', requestOwnerConfig: true });
    assert.match(
      xml,
      /<IMGetChatConfigurationResponse xmlns="urn:zimbraIM" thread="r1" isMUC="1"><var name="longname">Room<\/var><var name="owners" multi="1"><value>ann@x.test<\/value><\/var><\/IMGetChatConfigurationResponse>/,
    );
    assert.equal(json.IMGetChatConfigurationResponse.isMUC, true);
    assert.equal(json.IMGetChatConfigurationResponse.var[1].value[0]._content, 'ann@x.test');

    const byAddr = await run(`<IMGetChatConfigurationRequest xmlns="${IM}" addr="nope@conference.x.test"/>`, {
      [qry('IMGetChatConfiguration')]: { isMuc: false, error: 'not_a_conference_room', vars: [] },
    });
    assert.deepEqual(byAddr.sent[0].payload, { addr: 'nope@conference.x.test', requestOwnerConfig: false });
    assert.match(byAddr.xml, /addr="nope@conference.x.test" isMUC="0" error="not_a_conference_room"\/>/);
    await refused(`<IMGetChatConfigurationRequest xmlns="${IM}"/>`);
  });

  it('IMListConferenceServices and IMListConferenceRooms', async () => {
    const services = await run(`<IMListConferenceServicesRequest xmlns="${IM}"/>`, {
      [qry('IMListConferenceServices')]: { services: [{ name: 'Conference', addr: 'conference.x.test' }] },
    });
    assert.match(services.xml, /<IMListConferenceServicesResponse xmlns="urn:zimbraIM"><svc name="Conference" addr="conference.x.test"\/><\/IMListConferenceServicesResponse>/);
    const rooms = await run(`<IMListConferenceRoomsRequest xmlns="${IM}" svc="conference.x.test"/>`, {
      [qry('IMListConferenceRooms')]: { rooms: [{ name: 'Room', addr: 'room@conference.x.test' }] },
    });
    assert.deepEqual(rooms.sent[0].payload, { svc: 'conference.x.test' });
    assert.match(rooms.xml, /<room name="Room" addr="room@conference.x.test"\/>/);
    const all = await run(`<IMListConferenceRoomsRequest xmlns="${IM}"/>`, { [qry('IMListConferenceRooms')]: { rooms: [] } });
    assert.deepEqual(all.sent[0].payload, {});
  });
});

describe('privacy lists and gateways', () => {
  it('IMSetPrivacyList: items in document order; IMGetPrivacyList asks for the notification', async () => {
    const { sent, xml } = await run(
      `<IMSetPrivacyListRequest xmlns="${IM}"><list name="block"><item action="allow" order="1" addr="foo@bar.com"/><item action="deny" order="2" addr="bar.com"/></list></IMSetPrivacyListRequest>`,
    );
    assert.deepEqual(sent, [
      {
        subject: cmd('IMSetPrivacyList'),
        payload: {
          name: 'block',
          items: [
            { action: 'allow', order: 1, addr: 'foo@bar.com' },
            { action: 'deny', order: 2, addr: 'bar.com' },
          ],
        },
      },
    ]);
    assert.match(xml, /<IMSetPrivacyListResponse xmlns="urn:zimbraIM"\/>/);
    const empty = await run(`<IMSetPrivacyListRequest xmlns="${IM}"><list/></IMSetPrivacyListRequest>`);
    assert.deepEqual(empty.sent[0].payload, { items: [] });

    const get = await run(`<IMGetPrivacyListRequest xmlns="${IM}" name="block"/>`);
    assert.deepEqual(get.sent, [{ subject: cmd('IMRequestPrivacyList'), payload: { name: 'block' } }]);
    assert.match(get.xml, /<IMGetPrivacyListResponse xmlns="urn:zimbraIM"\/>/);
    assert.deepEqual((await run(`<IMGetPrivacyListRequest xmlns="${IM}"/>`)).sent[0].payload, {});
  });

  it('IMSetPrivacyList refuses a missing list, bad actions, orders and addresses', async () => {
    const list = (items: string) => `<IMSetPrivacyListRequest xmlns="${IM}"><list>${items}</list></IMSetPrivacyListRequest>`;
    await refused(`<IMSetPrivacyListRequest xmlns="${IM}"/>`);
    await refused(list(`<item action="block" order="1" addr="a@b.c"/>`));
    await refused(list(`<item action="deny" order="0" addr="a@b.c"/>`));
    await refused(list(`<item action="deny" order="1.5" addr="a@b.c"/>`));
    await refused(list(`<item action="deny" order="1" addr="a@b.c"/><item action="allow" order="1" addr="b.c"/>`));
    await refused(list(`<item action="deny" order="1"/>`));
  });

  it('IMGatewayList and IMGatewayRegister', async () => {
    const list = await run(`<IMGatewayListRequest xmlns="${IM}"/>`, {
      [qry('IMGatewayList')]: {
        services: [
          { name: 'aim', type: 'aim', domain: 'aim.x.test', registration: { name: 'me', state: 'trying_to_connect', timeUntilNextConnect: 5000 } },
          { name: 'yahoo', type: 'yahoo', domain: 'yahoo.x.test' },
        ],
      },
    });
    assert.match(
      list.xml,
      /<IMGatewayListResponse xmlns="urn:zimbraIM"><service name="aim" type="aim" domain="aim.x.test"><registration name="me" state="trying_to_connect" timeUntilNextConnect="5000"\/><\/service><service name="yahoo" type="yahoo" domain="yahoo.x.test"\/><\/IMGatewayListResponse>/,
    );
    const reg = await run(`<IMGatewayRegisterRequest xmlns="${IM}" op="reg" service="aim" name="me" password="pw"/>`, { [cmd('IMGatewayRegister')]: { result: true } });
    assert.deepEqual(reg.sent[0].payload, { op: 'reg', service: 'aim', name: 'me', password: 'pw' });
    assert.match(reg.xml, /<IMGatewayRegisterResponse xmlns="urn:zimbraIM" result="1"\/>/);
    const unreg = await run(`<IMGatewayRegisterRequest xmlns="${IM}" op="unreg" service="msn"/>`, { [cmd('IMGatewayRegister')]: { result: false } });
    assert.deepEqual(unreg.sent[0].payload, { op: 'unreg', service: 'msn' });
    assert.match(unreg.xml, /result="0"/);
    assert.deepEqual(unreg.json.IMGatewayRegisterResponse.result, false);
    await refused(`<IMGatewayRegisterRequest xmlns="${IM}" op="fly" service="aim"/>`);
    await refused(`<IMGatewayRegisterRequest xmlns="${IM}" op="reg" service="aim" name="me"/>`);
    await refused(`<IMGatewayRegisterRequest xmlns="${IM}" op="reconnect"/>`);
  });
});

