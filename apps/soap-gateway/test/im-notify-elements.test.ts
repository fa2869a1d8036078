// IM notifications in the session's notify block (soap-im.txt "IM NOTIFICATIONS"): every type, as
// XML and as Zimbra's JSON, inside a real response context.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImNotification, MailChanges } from '@gw/contracts';
import { el, renderSoapResponse, responseContext } from '@gw/soap';
import { notifyElement } from '../src/sessions/notify-elements';

const noMail: MailChanges = {
  revision: '40',
  created: { folders: [], tags: [], messages: [], conversations: [] },
  modified: { folders: [], tags: [], messages: [], conversations: [] },
  deleted: [],
};

let position = 100;
const at = <T extends object>(body: T) => ({ ...body, position: String(++position) }) as unknown as ImNotification;

/** The `<notify>` of a NoOp response carrying these notifications, as XML text and as parsed JSON. */
function rendered(im: ImNotification[], changes: MailChanges = noMail) {
  const context = responseContext({ sessionId: 's1', changeToken: 40, extra: [notifyElement(7, changes, im)] });
  const body = el('NoOpResponse', {}, [], 'urn:zimbraMail');
  const xml = renderSoapResponse({ protocol: 'soap12', context, body }).body;
  const json = JSON.parse(renderSoapResponse({ protocol: 'json', context, body }).body);
  return { xml: /<notify seq="7">[\s\S]*<\/notify>/.exec(xml)?.[0] ?? '', json: json.Header.context.notify };
}

/** One notification: its `<im>` content in XML, and its `n` object in JSON. */
function one(notification: ImNotification) {
  const { xml, json } = rendered([notification]);
  const inner = /<notify seq="7"><im>([\s\S]*)<\/im><\/notify>/.exec(xml);
  assert.ok(inner, xml);
  assert.equal(json.length, 1);
  assert.equal(json[0].seq, 7);
  assert.equal(json[0].im.n.length, 1, JSON.stringify(json));
  return { xml: inner[1], json: json[0].im.n[0] };
}

/** Asserts one notification's XML and, where given, its JSON object. */
function renders(notification: ImNotification, xml: string, json?: object) {
  const got = one(notification);
  assert.equal(got.xml, xml);
  if (json) assert.deepEqual(got.json, json);
}

describe('IM notifications in <notify><im>', () => {
  it('the asynchronous roster wraps the subscriptions, then the presence of the buddies I see', () => {
    renders(
      at({
        type: 'roster',
        items: [
          { addr: 'bob@example.test', name: 'Bob', groups: ['Work', 'Friends'], subscribed: true },
          { addr: 'carl@example.test', groups: [], subscribed: false, ask: 'subscribe' },
        ],
        presence: [{ from: 'bob@example.test', show: 'away', unavailable: false, priority: 5, status: 'Lunch', lang: 'en' }],
      }),
      '<n type="roster">' +
        '<n type="subscribed" to="bob@example.test" name="Bob" groups="Work,Friends"/>' +
        '<n type="unsubscribed" to="carl@example.test" groups="" ask="subscribe"/>' +
        '<n type="presence" from="bob@example.test" lang="en" show="away" priority="5" status="Lunch"/>' +
        '</n>',
      {
        type: 'roster',
        n: [
          { type: 'subscribed', to: 'bob@example.test', name: 'Bob', groups: 'Work,Friends' },
          { type: 'unsubscribed', to: 'carl@example.test', groups: '', ask: 'subscribe' },
          { type: 'presence', from: 'bob@example.test', lang: 'en', show: 'away', priority: 5, status: 'Lunch' },
        ],
      },
    );
  });

  it('subscribed, unsubscribed and subscribe', () => {
    renders(at({ type: 'subscribed', to: 'bob@example.test', name: 'Bob', groups: ['Work'] }), '<n type="subscribed" to="bob@example.test" name="Bob" groups="Work"/>', {
      type: 'subscribed',
      to: 'bob@example.test',
      name: 'Bob',
      groups: 'Work',
    });
    renders(at({ type: 'unsubscribed', to: 'bob@example.test', groups: [], ask: 'unsubscribe' }), '<n type="unsubscribed" to="bob@example.test" groups="" ask="unsubscribe"/>', {
      type: 'unsubscribed',
      to: 'bob@example.test',
      groups: '',
      ask: 'unsubscribe',
    });
    renders(at({ type: 'subscribe', from: 'dora@example.test' }), '<n type="subscribe" from="dora@example.test"/>', { type: 'subscribe', from: 'dora@example.test' });
  });

  it('presence: show, priority, status, lang where set; unavailable is offline', () => {
    renders(
      at({ type: 'presence', from: 'bob@example.test', show: 'dnd', unavailable: false, priority: 0, status: 'Busy & away' }),
      '<n type="presence" from="bob@example.test" show="dnd" status="Busy &amp; away"/>',
      { type: 'presence', from: 'bob@example.test', show: 'dnd', status: 'Busy & away' },
    );
    renders(at({ type: 'presence', from: 'bob@example.test', unavailable: true }), '<n type="presence" from="bob@example.test" show="offline"/>', {
      type: 'presence',
      from: 'bob@example.test',
      show: 'offline',
    });
  });

  it('message: subject, body with html="1|0", typing; errors as an attribute', () => {
    renders(
      at({
        type: 'message',
        from: 'bob@example.test',
        thread: 'th1',
        ts: 1_700_000_000_123,
        subject: { text: 'Plans', lang: 'en' },
        body: { text: '<b>Lunch</b> at 12?', html: true },
        typing: true,
      }),
      '<n type="message" from="bob@example.test" thread="th1" ts="1700000000123">' +
        '<subject lang="en">Plans</subject><body html="1">&lt;b&gt;Lunch&lt;/b&gt; at 12?</body><typing/></n>',
      {
        type: 'message',
        from: 'bob@example.test',
        thread: 'th1',
        ts: 1_700_000_000_123,
        subject: [{ lang: 'en', _content: 'Plans' }],
        body: [{ html: true, _content: '<b>Lunch</b> at 12?' }],
        typing: [{}],
      },
    );
    const plain = at({ type: 'message', from: 'bob@example.test', thread: 'th1', ts: 5, body: { text: 'hi', html: false } });
    renders(plain, '<n type="message" from="bob@example.test" thread="th1" ts="5"><body html="0">hi</body></n>');
    assert.deepEqual(one(plain).json.body, [{ html: false, _content: 'hi' }]);
    renders(at({ type: 'message', from: 'bob@example.test', thread: 'th1', ts: 6, typing: true }), '<n type="message" from="bob@example.test" thread="th1" ts="6"><typing/></n>');
    renders(
      at({ type: 'message', from: 'nobody@example.test', thread: 'th2', ts: 7, error: 'recipient_unavailable' }),
      '<n type="message" from="nobody@example.test" thread="th2" ts="7" error="recipient_unavailable"/>',
      { type: 'message', from: 'nobody@example.test', thread: 'th2', ts: 7, error: 'recipient_unavailable' },
    );
  });

  it('enteredchat and chatpresence carry the participant as <p>; status lists are comma-joined', () => {
    const witch = { addr: 'witch', fulladdr: 'ann@example.test', name: 'witch', role: 'moderator', affiliation: 'owner' } as const;
    const room = { thread: 'room1', addr: 'cave@conference.example.test' };
    renders(
      at({ type: 'enteredchat', ...room, participant: witch, status: ['NewRoomCreated', 'NonAnonymous'] }),
      '<n type="enteredchat" thread="room1" addr="cave@conference.example.test" status="NewRoomCreated,NonAnonymous">' +
        '<p addr="witch" fulladdr="ann@example.test" name="witch" role="moderator" affiliation="owner"/></n>',
      { type: 'enteredchat', ...room, status: 'NewRoomCreated,NonAnonymous', p: [witch] },
    );
    renders(
      at({ type: 'enteredchat', thread: 'th1', addr: 'bob@example.test', participant: { addr: 'bob@example.test', name: 'Bob' } }),
      '<n type="enteredchat" thread="th1" addr="bob@example.test"><p addr="bob@example.test" name="Bob"/></n>',
    );
    const me = { addr: 'ann', me: true, role: 'participant', affiliation: 'member' } as const;
    renders(
      at({ type: 'chatpresence', ...room, participant: me }),
      '<n type="chatpresence" thread="room1" addr="cave@conference.example.test" role="participant" affiliation="member">' +
        '<p addr="ann" me="1" role="participant" affiliation="member"/></n>',
      { type: 'chatpresence', ...room, role: 'participant', affiliation: 'member', p: [me] },
    );
  });

  it('leftchat (me="1" when it is me), chatclosed', () => {
    renders(at({ type: 'leftchat', thread: 'room1', addr: 'ann', me: true, status: ['KickedFromRoom'] }), '<n type="leftchat" me="1" thread="room1" addr="ann" status="KickedFromRoom"/>', {
      type: 'leftchat',
      me: true,
      thread: 'room1',
      addr: 'ann',
      status: 'KickedFromRoom',
    });
    renders(at({ type: 'leftchat', thread: 'th1', addr: 'bob@example.test' }), '<n type="leftchat" thread="th1" addr="bob@example.test"/>');
    renders(at({ type: 'chatclosed', thread: 'th1' }), '<n type="chatclosed" thread="th1"/>', { type: 'chatclosed', thread: 'th1' });
  });

  it('invited: the invitation message is the text', () => {
    const invitation = { thread: 'room1', addr: 'cave@conference.example.test', from: 'bob@example.test' };
    renders(
      at({ type: 'invited', ...invitation, message: 'Join us <now>' }),
      '<n type="invited" thread="room1" addr="cave@conference.example.test" from="bob@example.test">Join us &lt;now&gt;</n>',
      { type: 'invited', ...invitation, _content: 'Join us <now>' },
    );
  });

  it('gwStatus, with timeUntilNextConnect where there is one', () => {
    renders(at({ type: 'gwStatus', service: 'yahoo', state: 'bad_auth', timeUntilNextConnect: 30000 }), '<n type="gwStatus" service="yahoo" state="bad_auth" timeUntilNextConnect="30000"/>', {
      type: 'gwStatus',
      service: 'yahoo',
      state: 'bad_auth',
      timeUntilNextConnect: 30000,
    });
    renders(at({ type: 'gwStatus', service: 'yahoo', state: 'online' }), '<n type="gwStatus" service="yahoo" state="online"/>');
  });

  it('privacy: the list with its items', () => {
    const items = [
      { action: 'deny', order: 1, addr: 'spam.example.test' },
      { action: 'allow', order: 5, addr: 'bob@example.test' },
    ] as const;
    renders(
      at({ type: 'privacy', list: { name: 'default', items } }),
      '<n type="privacy"><list name="default"><item action="deny" order="1" addr="spam.example.test"/><item action="allow" order="5" addr="bob@example.test"/></list></n>',
      { type: 'privacy', list: [{ name: 'default', item: items }] },
    );
    renders(at({ type: 'privacy', list: { name: 'work', items: [] } }), '<n type="privacy"><list name="work"/></n>');
  });

  it('IM notifications keep their order and come after the mail sections; a block with only IM is still a block', () => {
    const withMail: MailChanges = { ...noMail, deleted: [300, 301] };
    const { xml, json } = rendered(
      [at({ type: 'subscribe', from: 'dora@example.test' }), at({ type: 'chatclosed', thread: 'th1' }), at({ type: 'presence', from: 'bob@example.test', unavailable: true })],
      withMail,
    );
    assert.equal(
      xml,
      '<notify seq="7"><deleted id="300,301"/><im><n type="subscribe" from="dora@example.test"/><n type="chatclosed" thread="th1"/><n type="presence" from="bob@example.test" show="offline"/></im></notify>',
    );
    assert.deepEqual(Object.keys(json[0]), ['seq', 'deleted', 'im']);
    assert.deepEqual(
      json[0].im.n.map((n: { type: string }) => n.type),
      ['subscribe', 'chatclosed', 'presence'],
    );

    // Nothing of IM: no <im> at all (and the mail-only block is as before).
    assert.equal(rendered([], withMail).xml, '<notify seq="7"><deleted id="300,301"/></notify>');
    // Only IM: just <im>.
    assert.match(rendered([at({ type: 'chatclosed', thread: 'th9' })]).xml, /^<notify seq="7"><im><n type="chatclosed" thread="th9"\/><\/im><\/notify>$/);
  });
});
