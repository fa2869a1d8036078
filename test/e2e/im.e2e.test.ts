// Instant messaging over Zimbra SOAP (urn:zimbraIM, soap-im.txt) against the whole system: users
// subscribe to each other and see each other's presence in their <notify><im> blocks, chat 1:1 and
// in a conference room with its configuration, kicks, bans and join errors; privacy lists deny
// presence and messages; nobody reads or changes someone else's chat. Some users speak XML, others
// the JSON dialect, so every flow runs in both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { post, RunningSystem, soap12, startSystem } from '../support/system';

const IM = 'urn:zimbraIM';
const MAIL = 'urn:zimbraMail';
const ADMIN = 'urn:zimbraAdmin';
const DOMAIN = 'e2e.test';
/** How long a notification may take to reach a session. */
const NOTIFY_WAIT_MS = 8_000;

/**
 * A response, either dialect, as one shape: elements are arrays of nodes, attributes strings
 * (JSON numbers and booleans as XML writes them), text `_content`.
 */
type Node = { [key: string]: string | Node[] };

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  textNodeName: '_content',
  alwaysCreateTextNode: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/** Parsed JSON, or the XML parser's output, as a Node (empty text left out). */
function normalize(value: unknown): Node {
  const node: Node = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined || (key === '_content' && v === '')) continue;
    if (Array.isArray(v)) node[key] = v.map((x) => (typeof x === 'object' ? normalize(x) : { _content: String(x) }));
    else if (typeof v === 'object') node[key] = [normalize(v)];
    else node[key] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return node;
}

/** Child elements of a node by name. */
const kids = (n: Node | undefined, name: string): Node[] => {
  const v = n?.[name];
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? { _content: x } : x)) : [];
};
const kid = (n: Node | undefined, name: string) => kids(n, name)[0];
/** An attribute, or the text of a child of that name (Zimbra's getAttribute). */
const val = (n: Node | undefined, name: string): string | undefined => {
  const v = n?.[name];
  if (typeof v === 'string') return v;
  const c = kid(n, name);
  return c ? (typeof c._content === 'string' ? c._content : '') : undefined;
};
const textOf = (n: Node | undefined) => (typeof n?._content === 'string' ? n._content : undefined);

/** A request element, rendered as XML or as Zimbra JSON. */
interface Req {
  name: string;
  attrs: Record<string, string>;
  children: Req[];
  text?: string;
}
const E = (name: string, attrs: Record<string, string | undefined> = {}, ...content: (Req | string)[]): Req => ({
  name,
  attrs: Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined)) as Record<string, string>,
  children: content.filter((c): c is Req => typeof c !== 'string'),
  ...(content.some((c) => typeof c === 'string') ? { text: content.filter((c) => typeof c === 'string').join('') } : {}),
});
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function toXml(r: Req, ns?: string): string {
  const attrs = Object.entries(r.attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  const inner = (r.text !== undefined ? esc(r.text) : '') + r.children.map((c) => toXml(c)).join('');
  return `<${r.name}${ns ? ` xmlns="${ns}"` : ''}${attrs}>${inner}</${r.name}>`;
}
function toJson(r: Req): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r.attrs };
  if (r.text !== undefined) out._content = r.text;
  for (const c of r.children) {
    const list = (out[c.name] as unknown[] | undefined) ?? [];
    list.push(toJson(c));
    out[c.name] = list;
  }
  return out;
}

interface Notification {
  /** The notify block it came in. */
  seq: number;
  n: Node;
}

interface Reply {
  status: number;
  /** The response element (undefined for a fault). */
  body?: Node;
  fault?: string;
  raw: string;
}

/** A signed-in IM user with a SOAP session, speaking XML or JSON, collecting its IM notifications. */
class ImUser {
  sessionId?: string;
  private ackSeq = 0;
  readonly inbox: Notification[] = [];

  constructor(
    readonly name: string,
    readonly dialect: 'xml' | 'json',
    private readonly url: string,
    readonly token: string,
  ) {}

  get addr() {
    return `${this.name}@${DOMAIN}`;
  }

  /** Sends one request; `session: false` leaves the session out of the context. */
  async send(request: Req, ns = IM, opts: { session?: boolean; token?: string | null } = {}): Promise<Reply> {
    const withSession = opts.session !== false;
    const token = opts.token === undefined ? this.token : opts.token;
    let res: { status: number; text: string };
    let envelope: Node;
    if (this.dialect === 'xml') {
      const session = withSession ? (this.sessionId ? `<session id="${this.sessionId}" seq="${this.ackSeq}"/>` : '<session/>') : '';
      res = await post(this.url, soap12(toXml(request, ns), `<context xmlns="urn:zimbra">${token ? `<authToken>${token}</authToken>` : ''}${session}</context>`));
      envelope = kid(normalize(xmlParser.parse(res.text)), 'Envelope');
    } else {
      const context: Record<string, unknown> = { _jsns: 'urn:zimbra' };
      if (token) context.authToken = token;
      if (withSession) context.session = this.sessionId ? { id: this.sessionId, seq: this.ackSeq } : {};
      res = await post(this.url, JSON.stringify({ Header: { context }, Body: { [request.name]: { _jsns: ns, ...toJson(request) } } }), 'application/json');
      envelope = normalize(JSON.parse(res.text));
    }
    if (withSession) this.absorb(kid(kid(envelope, 'Header'), 'context'));
    const body = kid(envelope, 'Body');
    const fault = kid(body, 'Fault');
    if (fault) return { status: res.status, fault: val(kid(kid(fault, 'Detail'), 'Error'), 'Code'), raw: res.text };
    return { status: res.status, body: kid(body, request.name.replace(/Request$/, 'Response')), raw: res.text };
  }

  /** Sends a request that must succeed; returns the response element. */
  async ok(request: Req, ns = IM): Promise<Node> {
    const reply = await this.send(request, ns);
    assert.equal(reply.fault, undefined, `${this.name} ${request.name}: ${reply.raw}`);
    assert.equal(reply.status, 200, reply.raw);
    return reply.body!;
  }

  /** Sends a request that must fail with this fault code. */
  async fails(request: Req, code: string, opts: { session?: boolean; token?: string | null } = {}) {
    const reply = await this.send(request, IM, opts);
    assert.equal(reply.fault, code, `${this.name} ${request.name}: expected ${code}: ${reply.raw}`);
  }

  private absorb(context: Node | undefined) {
    const session = kid(context, 'session');
    if (session) {
      const id = val(session, 'id') ?? textOf(session);
      if (id && id !== this.sessionId) {
        this.sessionId = id;
        this.ackSeq = 0;
      }
    }
    for (const notify of kids(context, 'notify')) {
      const seq = Number(val(notify, 'seq'));
      if (seq <= this.ackSeq) continue;
      this.ackSeq = seq;
      for (const im of kids(notify, 'im')) for (const n of kids(im, 'n')) this.inbox.push({ seq, n });
    }
  }

  /** A NoOp: the response carries whatever notifications are waiting. */
  poll() {
    return this.send(E('NoOpRequest'), MAIL);
  }

  /** The first notification (from inbox position `since` on) that matches, polling until it arrives. */
  async waitFor(what: string, match: (n: Node) => boolean, since = 0, timeoutMs = NOTIFY_WAIT_MS): Promise<Node> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.inbox.slice(since).find((x) => match(x.n));
      if (found) return found.n;
      if (Date.now() > deadline) {
        assert.fail(`${this.name} got no ${what} notification within ${timeoutMs} ms; IM notifications seen: ${JSON.stringify(this.inbox.map((x) => x.n))}`);
      }
      await this.poll();
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Polls for a while and returns the notifications (from `since`) that match: for "gets nothing". */
  async settle(match: (n: Node) => boolean, since = 0, ms = 2_000): Promise<Node[]> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      await this.poll();
      await new Promise((r) => setTimeout(r, 200));
    }
    return this.inbox.slice(since).filter((x) => match(x.n)).map((x) => x.n);
  }

  /** Position in the inbox, to wait for what comes after. */
  mark() {
    return this.inbox.length;
  }
}

/** Notification predicates. */
const isN = (type: string, attrs: Record<string, string> = {}) => (n: Node) =>
  val(n, 'type') === type && Object.entries(attrs).every(([k, v]) => (val(n, k) ?? '').toLowerCase() === v.toLowerCase());
const bodyText = (n: Node | undefined) => textOf(kid(n, 'body'))?.trim();
/** soap-im.txt presence: unavailable is show="offline" (Zimbra's OFFLINE) or an explicit unavailable flag. */
const unavailable = (n: Node) => /^(offline|unavailable)$/i.test(val(n, 'show') ?? '') || val(n, 'unavailable') === '1' || val(n, 'type') === 'unavailable';

describe('instant messaging over SOAP (urn:zimbraIM)', { timeout: 600_000 }, () => {
  let system: RunningSystem;
  let adminToken: string;
  const users: Record<string, ImUser> = {};
  let conference = `conference.${DOMAIN}`;

  async function createUser(name: string, dialect: 'xml' | 'json') {
    const created = await post(
      system.adminUrl,
      soap12(`<CreateAccountRequest xmlns="${ADMIN}"><name>${name}@${DOMAIN}</name><password>${name}-password</password></CreateAccountRequest>`, `<context xmlns="urn:zimbra"><authToken>${adminToken}</authToken></context>`),
    );
    assert.equal(created.status, 200, created.text);
    const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}@${DOMAIN}</account><password>${name}-password</password></AuthRequest>`));
    users[name] = new ImUser(name, dialect, system.userUrl, /<authToken>([^<]+)</.exec(auth.text)![1]);
  }

  /** Opens each user's session and sets their presence. */
  async function online(...names: string[]) {
    for (const name of names) {
      const u = users[name];
      await u.poll();
      assert.ok(u.sessionId, `${name} has no session`);
      await u.ok(E('IMSetPresenceRequest', {}, E('presence', { show: 'online', status: `${name} here` })));
    }
  }

  /** a asks b for their presence and b allows it and asks back, which a allows: mutual subscription. */
  async function subscribeEachOther(a: ImUser, b: ImUser) {
    const asked = await a.ok(E('IMSubscribeRequest', { addr: b.addr.toUpperCase(), name: b.name.toUpperCase(), groups: 'Work,Friends' }));
    assert.equal(val(asked, 'addr'), b.addr, 'IMSubscribe answers the canonical address');
    await b.ok(E('IMAuthorizeSubscribeRequest', { addr: a.addr, authorized: 'true', add: 'true', name: a.name, groups: 'Friends' }));
    await a.ok(E('IMAuthorizeSubscribeRequest', { addr: b.addr, authorized: '1' }));
  }

  /** The notifications of a mutual subscription, on both sides. */
  async function seeEachOther(a: ImUser, b: ImUser) {
    await b.waitFor(`subscribe from ${a.name}`, isN('subscribe', { from: a.addr }));
    await a.waitFor(`subscribe from ${b.name}`, isN('subscribe', { from: b.addr }));
    const aSide = await a.waitFor(`subscribed to ${b.name}`, isN('subscribed', { to: b.addr }));
    assert.equal(val(aSide, 'name'), b.name.toUpperCase());
    assert.deepEqual((val(aSide, 'groups') ?? '').split(',').sort(), ['Friends', 'Work']);
    await b.waitFor(`subscribed to ${a.name}`, isN('subscribed', { to: a.addr }));
    await a.waitFor(`presence of ${b.name}`, (n) => isN('presence', { from: b.addr })(n) && !unavailable(n));
    await b.waitFor(`presence of ${a.name}`, (n) => isN('presence', { from: a.addr })(n) && !unavailable(n));
  }

  before(async () => {
    // One interop gateway, so registering with it can be seen in IMGatewayList.
    system = await startSystem({ env: { IM_GATEWAYS: `aim:aim:aim.${DOMAIN}` } });
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    // ann, carl, dave and fay speak XML; bob and eve JSON.
    for (const [name, dialect] of [
      ['ann', 'xml'],
      ['bob', 'json'],
      ['carl', 'xml'],
      ['dave', 'xml'],
      ['eve', 'json'],
      ['fay', 'xml'],
    ] as const)
      await createUser(name, dialect);
  });
  after(async () => system?.stop());

  describe('roster, subscriptions and presence', () => {
    it('two users subscribe to each other and authorize each other (XML and JSON)', async () => {
      await online('ann', 'bob');
      await subscribeEachOther(users.ann, users.bob);
    });

    it("each sees the other's request, the subscription and the other's presence in their notify blocks", async () => {
      await seeEachOther(users.ann, users.bob);
      const since = users.ann.mark();
      await users.bob.ok(E('IMSetPresenceRequest', {}, E('presence', { show: 'away', status: 'at lunch', priority: '3' })));
      const away = await users.ann.waitFor('presence away of bob', (n) => isN('presence', { from: users.bob.addr, show: 'away' })(n), since);
      assert.equal(val(away, 'status'), 'at lunch');
    });

    it('IMGetRoster answers my presence and chats, and the roster follows in the next notify block', async () => {
      const since = users.ann.mark();
      const roster = await users.ann.ok(E('IMGetRosterRequest'));
      const me = kid(roster, 'presence');
      assert.ok(me, JSON.stringify(roster));
      assert.equal(val(me, 'show')?.toLowerCase(), 'online');
      assert.equal(val(me, 'status'), 'ann here');
      assert.ok(kid(roster, 'chats'), 'a <chats> element, empty or not');
      const notified = await users.ann.waitFor('roster', isN('roster'), since);
      const buddy = kids(notified, 'n').find(isN('subscribed', { to: users.bob.addr }));
      assert.ok(buddy, `bob is a subscribed buddy: ${JSON.stringify(notified)}`);
      // JSON too.
      const bobs = await users.bob.ok(E('IMGetRosterRequest'));
      assert.equal(val(kid(bobs, 'presence'), 'show')?.toLowerCase(), 'away');
    });

    it('IMSubscribe of an unknown buddy is im.INVALID_ADDRESS; bad input is service.INVALID_REQUEST', async () => {
      await users.ann.fails(E('IMSubscribeRequest', { addr: `nobody@${DOMAIN}` }), 'im.INVALID_ADDRESS');
      await users.bob.fails(E('IMSubscribeRequest', { addr: 'nobody-here' }), 'im.INVALID_ADDRESS');
      await users.ann.fails(E('IMSubscribeRequest', {}), 'service.INVALID_REQUEST');
      await users.ann.fails(E('IMSubscribeRequest', { addr: users.bob.addr, op: 'maybe' }), 'service.INVALID_REQUEST');
      await users.ann.fails(E('IMAuthorizeSubscribeRequest', { addr: users.bob.addr, authorized: 'perhaps' }), 'service.INVALID_REQUEST');
      await users.ann.fails(E('IMSetPresenceRequest', {}, E('presence', { lang: 'en' }), E('presence', { lang: 'en', show: 'dnd' })), 'service.INVALID_REQUEST');
      await users.bob.fails(E('IMSetPresenceRequest', {}, E('presence', { show: 'sleepy' })), 'service.INVALID_REQUEST');
    });

    it('IMSetIdle needs a session: service.SESSION_REQUIRED without one', async () => {
      await users.ann.fails(E('IMSetIdleRequest', { isIdle: '1', idleTime: '60' }), 'service.SESSION_REQUIRED', { session: false });
      await users.bob.fails(E('IMSetIdleRequest', { isIdle: '1', idleTime: '60' }), 'service.SESSION_REQUIRED', { session: false });
      await users.ann.ok(E('IMSetIdleRequest', { isIdle: '1', idleTime: '60' }));
      await users.ann.ok(E('IMSetIdleRequest', { isIdle: '0', idleTime: '0' }));
    });

    it('without an auth token: service.AUTH_REQUIRED', async () => {
      await users.ann.fails(E('IMGetRosterRequest'), 'service.AUTH_REQUIRED', { session: false, token: null });
      await users.bob.fails(E('IMSendMessageRequest', {}, E('message', { addr: users.ann.addr }, E('body', {}, 'hi'))), 'service.AUTH_REQUIRED', {
        session: false,
        token: null,
      });
    });
  });

  describe('1:1 chat', () => {
    let thread = '';

    it('send to an address, reply on the thread, read the history with seq (XML and JSON)', async () => {
      const sent = await users.ann.ok(E('IMSendMessageRequest', {}, E('message', { addr: users.bob.addr }, E('subject', {}, 'Plans'), E('body', {}, 'Lunch at noon?'))));
      thread = val(sent, 'thread') ?? '';
      assert.ok(thread, JSON.stringify(sent));
      // bob (JSON) types, then answers new style on the thread.
      await users.bob.ok(E('IMSendMessageRequest', {}, E('message', { thread }, E('typing'))));
      const reply = await users.bob.ok(E('IMSendMessageRequest', {}, E('message', { thread }, E('body', {}, E('text', {}, 'Sure'), E('html', {}, '<b>Sure</b>')))));
      assert.equal(val(reply, 'thread'), thread);

      const history = await users.ann.ok(E('IMGetChatRequest', { thread }));
      const chat = kid(history, 'chat');
      assert.equal(val(chat, 'thread'), thread, JSON.stringify(history));
      const pcps = kids(kid(chat, 'pcps'), 'p');
      assert.deepEqual(pcps.map((p) => val(p, 'addr')).sort(), [users.ann.addr, users.bob.addr]);
      assert.equal(val(pcps.find((p) => val(p, 'addr') === users.ann.addr), 'me'), '1');
      const messages = kids(kid(chat, 'messages'), 'message');
      assert.deepEqual(
        messages.map((m) => [val(m, 'seq'), val(m, 'from'), bodyText(m)]),
        [
          ['1', users.ann.addr, 'Lunch at noon?'],
          ['2', users.bob.addr, 'Sure'],
        ],
      );
      assert.equal(textOf(kid(messages[0], 'subject')), 'Plans');
      assert.equal(textOf(kid(messages[1], 'html')), '<b>Sure</b>');
      assert.ok(Number(val(messages[0], 'ts')) > 0);

      const fromTwo = await users.bob.ok(E('IMGetChatRequest', { thread, seq: '2' }));
      assert.deepEqual(kids(kid(kid(fromTwo, 'chat'), 'messages'), 'message').map((m) => bodyText(m)), ['Sure']);

      const roster = await users.ann.ok(E('IMGetRosterRequest'));
      assert.ok(kids(kid(roster, 'chats'), 'chat').some((c) => val(c, 'thread') === thread), `the chat is listed: ${JSON.stringify(roster)}`);
    });

    it('the messages arrive as message notifications with the thread, typing included', async () => {
      assert.ok(thread, 'needs the chat of the test before');
      const toBob = await users.bob.waitFor('message from ann', isN('message', { from: users.ann.addr, thread }));
      assert.equal(bodyText(toBob), 'Lunch at noon?');
      assert.equal(textOf(kid(toBob, 'subject')), 'Plans');
      assert.ok(Number(val(toBob, 'ts')) > 0);
      await users.ann.waitFor('typing from bob', (n) => isN('message', { from: users.bob.addr, thread })(n) && kid(n, 'typing') !== undefined);
      // soap-im.txt `<body html="1|0">`: a message with an XHTML part notifies that part.
      const toAnn = await users.ann.waitFor('reply from bob', (n) => isN('message', { from: users.bob.addr, thread })(n) && kid(n, 'body') !== undefined);
      const body = kid(toAnn, 'body');
      assert.equal(textOf(body), val(body, 'html') === '1' ? '<b>Sure</b>' : 'Sure', JSON.stringify(toAnn));
      assert.equal(val(toAnn, 'error'), undefined);
    });

    it("someone else's chat is not_found: carl can neither read, nor change, nor write to it", async () => {
      assert.ok(thread, 'needs the chat of the test before');
      const read = await users.carl.ok(E('IMGetChatRequest', { thread }));
      assert.equal(val(read, 'error'), 'not_found', JSON.stringify(read));
      assert.equal(kid(read, 'chat'), undefined);
      for (const op of [E('IMModifyChatRequest', { thread, op: 'close' }), E('IMModifyChatRequest', { thread, op: 'adduser', addr: users.carl.addr }, 'let me in')]) {
        const modified = await users.carl.ok(op);
        assert.equal(val(modified, 'error'), 'not_found', JSON.stringify(modified));
      }
      const config = await users.carl.ok(E('IMGetChatConfigurationRequest', { thread }));
      assert.equal(val(config, 'error'), 'not_found', JSON.stringify(config));
      await users.carl.fails(E('IMSendMessageRequest', {}, E('message', { thread }, E('body', {}, 'psst'))), 'mail.NO_SUCH_CHAT');
      // The chat is untouched.
      const still = await users.ann.ok(E('IMGetChatRequest', { thread }));
      assert.equal(kids(kid(kid(still, 'chat'), 'messages'), 'message').length, 2);
      assert.equal(val(await users.carl.ok(E('IMGetChatRequest', { thread: 'no-such-thread' })), 'error'), 'not_found');
    });

    it('IMSendMessage with <html> but no <text> is service.INVALID_REQUEST', async () => {
      await users.ann.fails(E('IMSendMessageRequest', {}, E('message', { thread }, E('body', {}, E('html', {}, '<i>x</i>')))), 'service.INVALID_REQUEST');
      await users.bob.fails(E('IMSendMessageRequest', {}, E('message', {}, E('body', {}, 'no one'))), 'service.INVALID_REQUEST');
    });
  });

  describe('conference room', () => {
    let room = '';
    let thread = '';
    const join = (u: ImUser, addr: string, attrs: Record<string, string> = {}) => u.ok(E('IMJoinConferenceRoomRequest', { addr, ...attrs }));
    const configure = (u: ImUser, roomThread: string, vars: Record<string, string | string[]>) =>
      u.ok(
        E(
          'IMModifyChatRequest',
          { thread: roomThread, op: 'configure' },
          ...Object.entries(vars).map(([name, v]) => (Array.isArray(v) ? E('var', { name, multi: '1' }, ...v.map((x) => E('value', {}, x))) : E('var', { name }, v))),
        ),
      );
    /** A new room of ann's, configured. */
    async function annsRoom(name: string, vars: Record<string, string | string[]>) {
      const created = await join(users.ann, `${name}@${conference}`);
      assert.match(val(created, 'status') ?? '', /NewRoomCreated/, JSON.stringify(created));
      const t = val(created, 'thread')!;
      assert.equal(val(await configure(users.ann, t, vars), 'error'), undefined);
      return t;
    }

    it('lists the conference services', async () => {
      await online('carl', 'dave');
      const services = kids(await users.ann.ok(E('IMListConferenceServicesRequest')), 'svc');
      assert.ok(services.length > 0, 'at least one conference service');
      assert.ok(services.every((s) => val(s, 'name') && val(s, 'addr')));
      conference = val(services[0], 'addr')!;
      assert.deepEqual(kids(await users.bob.ok(E('IMListConferenceServicesRequest')), 'svc').map((s) => val(s, 'addr')), services.map((s) => val(s, 'addr')));
    });

    it('the first to join creates a locked room: others are refused until its owner configures it', async () => {
      room = `plans@${conference}`;
      const created = await join(users.ann, room, { nickname: 'annie' });
      assert.match(val(created, 'status') ?? '', /(^|,)NewRoomCreated(,|$)/, JSON.stringify(created));
      assert.equal(val(created, 'error'), undefined);
      thread = val(created, 'thread')!;
      assert.ok(thread);

      const locked = await join(users.bob, room);
      assert.ok(val(locked, 'error'), `a locked room refuses bob: ${JSON.stringify(locked)}`);

      const configured = await configure(users.ann, thread, { longname: 'Plans room', description: 'Where plans are made', maxusers: '10', publicroom: '1' });
      assert.equal(val(configured, 'thread'), thread);
      assert.equal(val(configured, 'error'), undefined);

      const config = await users.ann.ok(E('IMGetChatConfigurationRequest', { thread, requestOwnerConfig: '1' }));
      assert.equal(val(config, 'isMUC'), '1', JSON.stringify(config));
      assert.equal(val(config, 'error'), undefined);
      const vars = Object.fromEntries(kids(config, 'var').map((v) => [val(v, 'name'), val(v, 'multi') === '1' ? kids(v, 'value').map(textOf) : textOf(v)]));
      assert.equal(vars.longname, 'Plans room');
      assert.equal(vars.description, 'Where plans are made');
      assert.equal(vars.maxusers, '10');
    });

    it('three users in the room: joins, configuration by address, messages reach all three', async () => {
      assert.ok(thread, 'needs the room created in the tests before');
      const bobJoined = await join(users.bob, room);
      assert.equal(val(bobJoined, 'error'), undefined, JSON.stringify(bobJoined));
      assert.equal(val(bobJoined, 'thread'), thread);
      const carlJoined = await join(users.carl, room);
      assert.equal(val(carlJoined, 'error'), undefined, JSON.stringify(carlJoined));

      const byAddr = await users.bob.ok(E('IMGetChatConfigurationRequest', { addr: room }));
      assert.equal(val(byAddr, 'isMUC'), '1', JSON.stringify(byAddr));
      // Only an owner gets the owner configuration.
      const notOwner = await users.bob.ok(E('IMGetChatConfigurationRequest', { thread, requestOwnerConfig: '1' }));
      assert.equal(val(notOwner, 'error'), 'not_allowed', JSON.stringify(notOwner));

      const rooms = kids(await users.carl.ok(E('IMListConferenceRoomsRequest', { svc: conference })), 'room');
      assert.ok(rooms.some((r) => val(r, 'addr') === room && val(r, 'name')), `the public room is listed: ${JSON.stringify(rooms)}`);

      const marks = { ann: users.ann.mark(), bob: users.bob.mark(), carl: users.carl.mark() };
      await users.ann.ok(E('IMSendMessageRequest', {}, E('message', { thread }, E('body', {}, 'Welcome both'))));
      await users.bob.ok(E('IMSendMessageRequest', {}, E('message', { thread }, E('body', {}, 'Thanks'))));
      for (const u of [users.bob, users.carl]) assert.ok(await u.waitFor('Welcome in the room', (n) => isN('message', { thread })(n) && bodyText(n) === 'Welcome both', marks[u.name as keyof typeof marks]));
      for (const u of [users.ann, users.carl]) assert.ok(await u.waitFor('Thanks in the room', (n) => isN('message', { thread })(n) && bodyText(n) === 'Thanks', marks[u.name as keyof typeof marks]));

      const history = await users.carl.ok(E('IMGetChatRequest', { thread }));
      const bodies = kids(kid(kid(history, 'chat'), 'messages'), 'message').map((m) => bodyText(m));
      assert.ok(bodies.includes('Welcome both') && bodies.includes('Thanks'), JSON.stringify(bodies));
      assert.ok(kids(kid(kid(history, 'chat'), 'pcps'), 'p').length >= 3);
    });

    it('the owner sees the others enter', async () => {
      assert.ok(thread, 'needs the room created in the tests before');
      await users.ann.waitFor('bob entering', (n) => isN('enteredchat', { thread })(n));
      const entered = users.ann.inbox.filter((x) => isN('enteredchat', { thread })(x.n));
      assert.ok(entered.length >= 2, `bob and carl entered: ${JSON.stringify(entered)}`);
    });

    it('only the owner may configure; a taken nickname is NicknameConflict', async () => {
      assert.ok(thread, 'needs the room created in the tests before');
      const refusedConfig = await configure(users.bob, thread, { longname: 'Mine now' });
      assert.equal(val(refusedConfig, 'error'), 'not_allowed', JSON.stringify(refusedConfig));
      const conflict = await join(users.dave, room, { nickname: 'annie' });
      assert.equal(val(conflict, 'error'), 'NicknameConflict', JSON.stringify(conflict));
    });

    it('kick: bob leaves the room and may come back; ban: carl leaves and is Banned from then on', async () => {
      assert.ok(thread, 'needs the room created in the tests before');
      const bobMark = users.bob.mark();
      const kicked = await users.ann.ok(E('IMModifyChatRequest', { thread, op: 'kick', addr: users.bob.addr }, 'too chatty'));
      assert.equal(val(kicked, 'error'), undefined, JSON.stringify(kicked));
      await users.bob.waitFor('leftchat (kicked)', isN('leftchat', { thread }), bobMark);
      const back = await join(users.bob, room);
      assert.equal(val(back, 'error'), undefined, JSON.stringify(back));

      const carlMark = users.carl.mark();
      const banned = await users.ann.ok(E('IMModifyChatRequest', { thread, op: 'ban', addr: users.carl.addr }));
      assert.equal(val(banned, 'error'), undefined, JSON.stringify(banned));
      await users.carl.waitFor('leftchat (banned)', isN('leftchat', { thread }), carlMark);
      const again = await join(users.carl, room);
      assert.equal(val(again, 'error'), 'Banned', JSON.stringify(again));
      // Not the owner: no kicking.
      const mutiny = await users.bob.ok(E('IMModifyChatRequest', { thread, op: 'kick', addr: users.ann.addr }));
      assert.equal(val(mutiny, 'error'), 'not_allowed', JSON.stringify(mutiny));
    });

    it('join errors: PasswordRequired, NotAMember, MaxUsers', async () => {
      await annsRoom('vault', { passwordprotect: '1', password: 'sesame' });
      assert.equal(val(await join(users.dave, `vault@${conference}`), 'error'), 'PasswordRequired');
      assert.equal(val(await join(users.dave, `vault@${conference}`, { password: 'wrong' }), 'error'), 'PasswordRequired');
      assert.equal(val(await join(users.dave, `vault@${conference}`, { password: 'sesame' }), 'error'), undefined);

      await annsRoom('club', { membersonly: '1' });
      assert.equal(val(await join(users.dave, `club@${conference}`), 'error'), 'NotAMember');

      await annsRoom('booth', { maxusers: '1' });
      assert.equal(val(await join(users.dave, `booth@${conference}`), 'error'), 'MaxUsers');
    });

    it('closing the chat: bob is out of it', async () => {
      assert.ok(thread, 'needs the room created in the tests before');
      const closed = await users.bob.ok(E('IMModifyChatRequest', { thread, op: 'close' }));
      assert.equal(val(closed, 'error'), undefined, JSON.stringify(closed));
      const after = await users.bob.ok(E('IMGetChatRequest', { thread }));
      assert.equal(val(after, 'error'), 'not_found', JSON.stringify(after));
    });
  });

  describe('privacy lists', () => {
    it('a deny item hides my presence and drops their messages: they get an error, I get nothing', async () => {
      const [dave, eve] = [users.dave, users.eve];
      await online('eve');
      await subscribeEachOther(dave, eve);
      await eve.waitFor('presence of dave', (n) => isN('presence', { from: dave.addr })(n) && !unavailable(n));

      const eveMark = eve.mark();
      const daveMark = dave.mark();
      await dave.ok(E('IMSetPrivacyListRequest', {}, E('list', { name: 'quiet' }, E('item', { action: 'deny', order: '1', addr: eve.addr }))));
      await dave.ok(E('IMGetPrivacyListRequest', { name: 'quiet' }));
      const privacy = await dave.waitFor('privacy list', isN('privacy'), daveMark);
      const list = kid(privacy, 'list');
      assert.equal(val(list, 'name'), 'quiet');
      assert.deepEqual(kids(list, 'item').map((i) => [val(i, 'action'), val(i, 'order'), val(i, 'addr')]), [['deny', '1', eve.addr]]);

      // eve sees dave go unavailable, and none of his later presence.
      await eve.waitFor('dave unavailable', (n) => isN('presence', { from: dave.addr })(n) && unavailable(n), eveMark);
      const afterDeny = eve.mark();
      await dave.ok(E('IMSetPresenceRequest', {}, E('presence', { show: 'dnd', status: 'secret status' })));

      // eve's message to dave comes back to her as an error; dave gets nothing.
      const sent = await eve.ok(E('IMSendMessageRequest', {}, E('message', { addr: dave.addr }, E('body', {}, 'hello?'))));
      assert.ok(val(sent, 'thread'));
      const bounced = await eve.waitFor('message error', (n) => isN('message')(n) && val(n, 'error') !== undefined, afterDeny);
      assert.ok(val(bounced, 'error'), JSON.stringify(bounced));
      assert.deepEqual(await dave.settle(isN('message', { from: eve.addr }), daveMark), []);
      assert.deepEqual(
        await eve.settle((n) => isN('presence', { from: dave.addr })(n) && !unavailable(n), afterDeny),
        [],
        'no presence of dave reaches eve',
      );

      // An empty list lifts it again.
      const again = eve.mark();
      await dave.ok(E('IMSetPrivacyListRequest', {}, E('list', { name: 'quiet' })));
      await dave.ok(E('IMSetPresenceRequest', {}, E('presence', { show: 'chat', status: 'open again' })));
      await eve.waitFor('dave available again', (n) => isN('presence', { from: dave.addr })(n) && !unavailable(n), again);
    });

    it('privacy input errors are service.INVALID_REQUEST', async () => {
      await users.eve.fails(E('IMSetPrivacyListRequest'), 'service.INVALID_REQUEST');
      await users.eve.fails(
        E('IMSetPrivacyListRequest', {}, E('list', {}, E('item', { action: 'deny', order: '1', addr: 'x.test' }), E('item', { action: 'allow', order: '1', addr: 'y.test' }))),
        'service.INVALID_REQUEST',
      );
      await users.dave.fails(E('IMSetPrivacyListRequest', {}, E('list', {}, E('item', { action: 'block', order: '1', addr: 'x.test' }))), 'service.INVALID_REQUEST');
    });
  });

  describe('gateways', () => {
    it('IMGatewayList lists the interop services with my registration; IMGatewayRegister reg, unreg, unknown service', async () => {
      const services = async (u: ImUser) => kids(await u.ok(E('IMGatewayListRequest')), 'service');
      const [aim] = await services(users.fay);
      assert.deepEqual([val(aim, 'name'), val(aim, 'type'), val(aim, 'domain')], ['aim', 'aim', `aim.${DOMAIN}`]);
      assert.equal(kid(aim, 'registration'), undefined);

      const reg = await users.fay.ok(E('IMGatewayRegisterRequest', { op: 'reg', service: 'aim', name: 'fay-on-aim', password: 'pw' }));
      assert.equal(val(reg, 'result'), '1', JSON.stringify(reg));
      const registration = kid((await services(users.fay))[0], 'registration');
      assert.equal(val(registration, 'name'), 'fay-on-aim', JSON.stringify(registration));
      assert.ok(val(registration, 'state'));
      // Someone else's list (JSON) does not show fay's registration.
      const eves = await services(users.eve);
      assert.equal(eves.length, 1);
      assert.equal(kid(eves[0], 'registration'), undefined);

      assert.equal(val(await users.fay.ok(E('IMGatewayRegisterRequest', { op: 'unreg', service: 'aim' })), 'result'), '1');
      assert.equal(kid((await services(users.fay))[0], 'registration'), undefined);

      const unknown = await users.fay.ok(E('IMGatewayRegisterRequest', { op: 'reg', service: 'no-such-service', name: 'me', password: 'pw' }));
      assert.equal(val(unknown, 'result'), '0', JSON.stringify(unknown));
      await users.fay.fails(E('IMGatewayRegisterRequest', { op: 'fly', service: 'aim' }), 'service.INVALID_REQUEST');
      await users.fay.fails(E('IMGatewayRegisterRequest', { op: 'reg', service: 'aim', name: 'no-password' }), 'service.INVALID_REQUEST');
    });
  });
});
