// XMPP presence over HTTP at the edge: the stanza (seeds/003, RFC 6121, XEP-0256), the JID in the
// path, and the HTTP answers with the bus faked: published presence, one indistinguishable 404 for
// everything else, 503 when a service fails, 405 for other methods, HEAD without a body.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import pino from 'pino';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BusReply, ImPresence } from '@gw/contracts';
import { bareJid, renderPresence } from '../src/presence/presence-stanza';
// The compiled class: its constructor parameters carry Nest decorators.
import { XmppStatusEdge } from '../dist/presence/xmpp-status';
import { loadSoapGatewayConfig } from '../dist/config';

const online: ImPresence = { show: 'online', unavailable: false, idle: false, priority: 0, secondsSinceLastActivity: 0 };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

describe('the presence stanza', () => {
  it('online: no <show>, no type, the seconds since the last activity', () => {
    assert.equal(
      renderPresence('ann@example.org', { ...online, secondsSinceLastActivity: 42 }),
      '<presence xmlns="jabber:client" from="ann@example.org"><query xmlns="jabber:iq:last" seconds="42"/></presence>\n',
    );
  });

  it('away, xa, dnd and chat are shown as <show>', () => {
    for (const show of ['away', 'xa', 'dnd', 'chat'] as const) {
      const xml = renderPresence('ann@example.org', { ...online, show, secondsSinceLastActivity: 8973 });
      assert.equal(xml, `<presence xmlns="jabber:client" from="ann@example.org"><show>${show}</show><query xmlns="jabber:iq:last" seconds="8973"/></presence>\n`);
      assert.equal(XMLValidator.validate(xml), true);
      const parsed = parser.parse(xml).presence;
      assert.equal(parsed.show, show);
      assert.equal(parsed.query['@xmlns'], 'jabber:iq:last');
    }
  });

  it('offline: type="unavailable" with the seconds since going offline, no <show>; never seen: no <query>', () => {
    assert.equal(
      renderPresence('ann@example.org', { show: 'offline', unavailable: true, idle: false, secondsSinceLastActivity: 300 }),
      '<presence xmlns="jabber:client" from="ann@example.org" type="unavailable"><query xmlns="jabber:iq:last" seconds="300"/></presence>\n',
    );
    assert.equal(renderPresence('ann@example.org', { show: 'offline', unavailable: true, idle: false }), '<presence xmlns="jabber:client" from="ann@example.org" type="unavailable"/>\n');
  });

  it('the status text stays private, and fractional or negative seconds never leak into the attribute', () => {
    const xml = renderPresence('ann@example.org', { ...online, show: 'dnd', status: 'in a <meeting> & busy', secondsSinceLastActivity: 1.9 });
    assert.doesNotMatch(xml, /meeting|status/);
    assert.match(xml, /seconds="1"/);
    assert.doesNotMatch(renderPresence('ann@example.org', { ...online, secondsSinceLastActivity: -1 }), /query/);
  });
});

describe('the JID in /xmpp/status/<jid>', () => {
  it('a bare JID, percent-decoded and lower-cased; a resource is dropped', () => {
    assert.equal(bareJid('support@tiggerswelt.net'), 'support@tiggerswelt.net');
    assert.equal(bareJid('Ann.Lee%40Example.ORG'), 'ann.lee@example.org');
    assert.equal(bareJid('ann@example.org/laptop'), 'ann@example.org');
    assert.equal(bareJid('ann@example.org%2Fphone'), 'ann@example.org');
    assert.equal(bareJid('o+tag@sub.example.org'), 'o+tag@sub.example.org');
  });

  it('anything else is not a JID of ours', () => {
    for (const raw of ['', 'ann', '@example.org', 'ann@', 'ann@@example.org', 'a b@example.org', 'ann@exa_mple.org', '%3Cx%3E@example.org', 'a"b@example.org', '%E0%A4%A', 'ann@-example.org', `${'a'.repeat(65)}@example.org`, `ann@${'a'.repeat(250)}.org`]) {
      assert.equal(bareJid(raw), null, raw);
    }
  });
});

describe('GET /xmpp/status/<jid> with the services faked', () => {
  /** What the fake bus answers: ann is published, bob exists but is not, anything else is unknown. */
  let mode: 'normal' | 'mailbox down' | 'im down' | 'throws' | 'refused' = 'normal';
  const calls: string[] = [];
  const bus = {
    async request(subject: string, payload: { address?: string; accountId?: string }): Promise<BusReply<unknown>> {
      calls.push(`${subject} ${JSON.stringify(payload)}`);
      if (mode === 'throws') throw new Error('socket closed at /secret/path.ts:12');
      const down: BusReply<unknown> = { ok: false, error: { code: 'service.TEMPORARILY_UNAVAILABLE', message: `service temporarily unavailable: ${subject} did not answer` } };
      if (subject === 'qry.mailbox.PresencePublication') {
        if (mode === 'mailbox down') return down;
        if (mode === 'refused') return { ok: false, error: { code: 'service.FAILURE', message: 'system failure: internal error' } };
        return { ok: true, result: payload.address === 'ann@example.org' ? { accountId: 'id-ann' } : null };
      }
      if (subject === 'qry.im-presence.GetPresence') {
        if (mode === 'im down') return down;
        return { ok: true, result: { accountId: payload.accountId, ...online, show: 'xa', secondsSinceLastActivity: 8973 } };
      }
      return { ok: false, error: { code: 'service.UNKNOWN', message: 'unexpected subject' } };
    },
  };
  let server: Server;
  let base: string;
  const edge = new XmppStatusEdge(bus as never, { ...loadSoapGatewayConfig({}), presenceMaxAgeSeconds: 7 }, pino({ level: 'silent' }) as never);

  before(async () => {
    server = createServer((req, res) => void edge.handle(req, res, /^\/xmpp\/status(?:\/(.*))?$/.exec(req.url!)?.[1]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xmpp/status`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`${base}${path}`, { method });
    // The date and the connection's own headers aside.
    const headers = Object.fromEntries([...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
    return { status: res.status, headers, body: await res.text() };
  };

  it('a published account: 200, the stanza from the JID as asked, cacheable for max-age', async () => {
    mode = 'normal';
    const res = await get('/Ann@Example.org');
    assert.equal(res.status, 200);
    assert.equal(res.body, '<presence xmlns="jabber:client" from="ann@example.org"><show>xa</show><query xmlns="jabber:iq:last" seconds="8973"/></presence>\n');
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=7');
    assert.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)));
  });

  it('unknown, unpublished and malformed JIDs get one identical 404, with the same cache headers', async () => {
    mode = 'normal';
    const answers = await Promise.all(['/nobody@example.org', '/bob@example.org', '/not-a-jid', '', '/', '/%E0%A4%A'].map((p) => get(p)));
    for (const a of answers) {
      assert.equal(a.status, 404);
      assert.deepEqual(a, answers[0]);
    }
    assert.equal(answers[0].headers['cache-control'], 'public, max-age=7');
    // A malformed JID never reaches the services.
    calls.length = 0;
    await get('/not-a-jid');
    assert.deepEqual(calls, []);
  });

  it('HEAD: the GET’s status and headers without a body', async () => {
    mode = 'normal';
    const head = await get('/ann@example.org', 'HEAD');
    const full = await get('/ann@example.org');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.deepEqual(head.headers, full.headers);
    assert.equal((await get('/nobody@example.org', 'HEAD')).status, 404);
  });

  it('other methods: 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await get('/ann@example.org', method);
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'GET, HEAD');
    }
  });

  it('a failing service: 503 with a plain message, never cached, no detail of the failure', async () => {
    for (const m of ['mailbox down', 'im down', 'throws', 'refused'] as const) {
      mode = m;
      const res = await get('/ann@example.org');
      assert.equal(res.status, 503, m);
      assert.equal(res.body, 'presence service temporarily unavailable\n');
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    mode = 'normal';
  });
});
