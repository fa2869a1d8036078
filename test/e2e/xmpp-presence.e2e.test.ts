// XMPP presence over HTTP (seeds/003) against the whole system: GET /xmpp/status/<jid> on the user
// port follows the presence users set, publication follows the domain's opt-in and each user's
// own override (admin ModifyDomain, user ModifyPrefs over SOAP), every JID that is not shown gets
// the very same answer, and a failing service is a quick 503.
//
// Users set their presence as Zimbra clients do: IMSetPresenceRequest and IMSetIdleRequest
// (urn:zimbraIM) in their SOAP session.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { post, RunningSystem, soap12, startSystem } from '../support/system';

const ADMIN = 'urn:zimbraAdmin';
const ACCOUNT = 'urn:zimbraAccount';
const IM = 'urn:zimbraIM';
const MAX_AGE = '30';

describe('XMPP presence over HTTP', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let adminToken: string;
  let statusUrl: string;
  const accountIds: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  /** Each user's SOAP session: presence is kept per session, and IMSetIdle needs one (soap-im.txt). */
  const sessions: Record<string, string> = {};
  const domainIds: Record<string, string> = {};

  const xml = (url: string, token: string, body: string) => post(url, soap12(body, `<context xmlns="urn:zimbra"><authToken>${token}</authToken></context>`));
  async function admin(body: string) {
    const res = await xml(system.adminUrl, adminToken, body);
    assert.equal(res.status, 200, res.text);
    return res.text;
  }
  async function user(name: string, body: string, context = '') {
    const res = await post(system.userUrl, soap12(body, `<context xmlns="urn:zimbra"><authToken>${tokens[name]}</authToken>${context}</context>`));
    assert.equal(res.status, 200, res.text);
    return res.text;
  }

  async function createDomain(name: string) {
    domainIds[name] = /<domain [^>]*id="([^"]+)"/.exec(await admin(`<CreateDomainRequest xmlns="${ADMIN}"><name>${name}</name></CreateDomainRequest>`))![1];
  }
  const setDomain = (name: string, value: string) =>
    admin(`<ModifyDomainRequest xmlns="${ADMIN}"><id>${domainIds[name]}</id><a n="zimbraPresencePublished">${value}</a></ModifyDomainRequest>`);
  /** The user's own switch; '' unsets it. */
  const setPref = (name: string, value: string) => user(name, `<ModifyPrefsRequest xmlns="${ACCOUNT}"><pref name="zimbraPresencePublished">${value}</pref></ModifyPrefsRequest>`);

  async function createAccount(address: string) {
    const name = address.split('@')[0];
    const created = await admin(`<CreateAccountRequest xmlns="${ADMIN}"><name>${address}</name><password>${name}-password</password></CreateAccountRequest>`);
    accountIds[name] = /<account [^>]*id="([^"]+)"/.exec(created)![1];
    const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="${ACCOUNT}"><account by="name">${address}</account><password>${name}-password</password></AuthRequest>`));
    tokens[name] = /<authToken>([^<]+)</.exec(auth.text)![1];
    sessions[name] = /<session[^>]* id="([^"]+)"/.exec(await user(name, `<NoOpRequest xmlns="urn:zimbraMail"/>`, '<session/>'))![1];
  }

  /** An urn:zimbraIM request in the user's session. */
  const im = (name: string, body: string) => user(name, body, `<session id="${sessions[name]}"/>`);
  const setPresence = (name: string, show: string) => im(name, `<IMSetPresenceRequest xmlns="${IM}"><presence show="${show}"/></IMSetPresenceRequest>`);
  const setIdle = (name: string, isIdle: boolean, idleTime = 0) => im(name, `<IMSetIdleRequest xmlns="${IM}" isIdle="${isIdle ? 1 : 0}" idleTime="${idleTime}"/>`);

  /** GET (or another method) on /xmpp/status/<jid>: status, body and headers but the date and the connection's. */
  async function presence(jid: string, method = 'GET') {
    const res = await fetch(`${statusUrl}/${jid}`, { method });
    const headers = Object.fromEntries([...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
    return { status: res.status, headers, body: await res.text() };
  }
  async function published(jid: string) {
    const res = await presence(jid);
    assert.equal(res.status, 200, `${jid}: ${res.status} ${res.body}`);
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
    assert.equal(res.headers['cache-control'], `public, max-age=${MAX_AGE}`);
    return res.body;
  }
  const seconds = (body: string) => Number(/<query xmlns="jabber:iq:last" seconds="(\d+)"\/>/.exec(body)?.[1]);

  before(async () => {
    system = await startSystem({ env: { PRESENCE_MAX_AGE: MAX_AGE } });
    statusUrl = system.userUrl.replace('/service/soap', '/xmpp/status');
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="${ADMIN}"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    // pub.test publishes, priv.test says FALSE explicitly, e2e.test never says (default: not published).
    await createDomain('pub.test');
    await setDomain('pub.test', 'TRUE');
    await createDomain('priv.test');
    await setDomain('priv.test', 'FALSE');
    domainIds['e2e.test'] = /<domain [^>]*id="([^"]+)"/.exec(await admin(`<GetDomainRequest xmlns="${ADMIN}"><domain by="name">e2e.test</domain></GetDomainRequest>`))![1];
    for (const address of ['ann@pub.test', 'bob@pub.test', 'carl@priv.test', 'eve@priv.test', 'dora@e2e.test']) await createAccount(address);
  });
  after(async () => system?.stop());

  it('follows IMSetPresence: online, the four shows, idle is away, offline is unavailable with the seconds since', async () => {
    // Never seen: unavailable, and no last activity to tell.
    assert.equal(await published('ann@pub.test'), '<presence xmlns="jabber:client" from="ann@pub.test" type="unavailable"/>\n');

    await setPresence('ann', 'online');
    const online = await published('ann@pub.test');
    assert.match(online, /^<presence xmlns="jabber:client" from="ann@pub.test"><query xmlns="jabber:iq:last" seconds="\d+"\/><\/presence>\n$/);
    assert.ok(seconds(online) <= 2, online);

    for (const show of ['away', 'xa', 'dnd', 'chat']) {
      await setPresence('ann', show);
      assert.match(await published('ann@pub.test'), new RegExp(`^<presence xmlns="jabber:client" from="ann@pub.test"><show>${show}</show><query xmlns="jabber:iq:last" seconds="\\d+"/></presence>\\n$`));
    }

    // Idle for two minutes: away, with the last activity two minutes back (XEP-0256).
    await setPresence('ann', 'online');
    await setIdle('ann', true, 120);
    const idle = await published('ann@pub.test');
    assert.match(idle, /<show>away<\/show>/);
    assert.ok(seconds(idle) >= 120 && seconds(idle) < 130, idle);
    // Back at the keyboard: online again.
    await setIdle('ann', false);
    assert.doesNotMatch(await published('ann@pub.test'), /<show>/);

    // The JID may be asked in any case, percent-encoded, or with a resource.
    assert.equal(await published('ANN%40PUB.TEST'), await published('ann@pub.test/laptop'));

    // Offline: unavailable, and the seconds count from going offline.
    await setPresence('ann', 'offline');
    await new Promise((r) => setTimeout(r, 1100));
    const offline = await published('ann@pub.test');
    assert.match(offline, /^<presence xmlns="jabber:client" from="ann@pub.test" type="unavailable"><query xmlns="jabber:iq:last" seconds="\d+"\/><\/presence>\n$/);
    assert.ok(seconds(offline) >= 1 && seconds(offline) <= 5, offline);
  });

  it('an alias shows the account’s presence under the JID that was asked for', async () => {
    await admin(`<AddAccountAliasRequest xmlns="${ADMIN}"><id>${accountIds.ann}</id><alias>annie@pub.test</alias></AddAccountAliasRequest>`);
    await setPresence('ann', 'dnd');
    assert.match(await published('annie@pub.test'), /^<presence xmlns="jabber:client" from="annie@pub.test"><show>dnd<\/show>/);
  });

  it('published only where the domain opts in, unless the user decides otherwise (ModifyPrefs, both ways)', async () => {
    for (const name of ['bob', 'carl', 'eve', 'dora']) await setPresence(name, 'online');
    // Domain TRUE, user unset: published.
    await published('ann@pub.test');
    // Domain never set (FALSE by default) or FALSE: not published.
    assert.equal((await presence('dora@e2e.test')).status, 404);
    assert.equal((await presence('eve@priv.test')).status, 404);
    assert.equal((await presence('carl@priv.test')).status, 404);
    // Domain FALSE, user TRUE: published.
    await setPref('carl', 'TRUE');
    assert.doesNotMatch(await published('carl@priv.test'), /unavailable/);
    // Domain TRUE, user FALSE: not published.
    await published('bob@pub.test');
    await setPref('bob', 'FALSE');
    assert.equal((await presence('bob@pub.test')).status, 404);
    // GetPrefs shows the user's setting.
    assert.match(await user('bob', `<GetPrefsRequest xmlns="${ACCOUNT}"/>`), /<pref name="zimbraPresencePublished">FALSE<\/pref>/);
    assert.match(await user('carl', `<GetPrefsRequest xmlns="${ACCOUNT}"><pref name="zimbraPresencePublished"/></GetPrefsRequest>`), /<pref name="zimbraPresencePublished">TRUE<\/pref>/);
    // Unset again: the domain's setting applies.
    await setPref('carl', '');
    assert.equal((await presence('carl@priv.test')).status, 404);
    // The domain opts in: its users without a setting of their own are published at once.
    await setDomain('e2e.test', 'TRUE');
    await published('dora@e2e.test');
    await setDomain('e2e.test', 'FALSE');
    assert.equal((await presence('dora@e2e.test')).status, 404);
    // A closed account is not published, whatever its domain says.
    await admin(`<ModifyAccountRequest xmlns="${ADMIN}"><id>${accountIds.ann}</id><a n="zimbraAccountStatus">closed</a></ModifyAccountRequest>`);
    assert.equal((await presence('ann@pub.test')).status, 404);
    await admin(`<ModifyAccountRequest xmlns="${ADMIN}"><id>${accountIds.ann}</id><a n="zimbraAccountStatus">active</a></ModifyAccountRequest>`);
    await published('ann@pub.test');
  });

  it('unknown, unpublished, not hosted and malformed JIDs get byte-identical answers, cacheable like the rest', async () => {
    // bob (pub.test, user FALSE) and eve (priv.test) are online but not published.
    const unpublished = await presence('bob@pub.test');
    const answers = {
      'unknown account': await presence('nobody@pub.test'),
      'unknown account, other domain': await presence('nobody@priv.test'),
      'unpublished, domain TRUE user FALSE': unpublished,
      'unpublished, domain FALSE': await presence('eve@priv.test'),
      'domain not hosted': await presence('ann@elsewhere.test'),
      'malformed JID': await presence('not%20a%20jid'),
      'no JID': await presence(''),
    };
    assert.equal(unpublished.status, 404);
    assert.equal(unpublished.headers['cache-control'], `public, max-age=${MAX_AGE}`);
    assert.ok(unpublished.headers['content-length'] && unpublished.headers['content-type']);
    for (const [what, answer] of Object.entries(answers)) assert.deepEqual(answer, unpublished, what);
    // HEAD answers alike, without the body.
    const head = await presence('bob@pub.test', 'HEAD');
    assert.deepEqual(head, { ...unpublished, body: '' });
    assert.deepEqual(await presence('nobody@pub.test', 'HEAD'), head);
  });

  it('GET and HEAD only; the admin port does not serve it', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await presence('ann@pub.test', method);
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'GET, HEAD');
    }
    const head = await presence('ann@pub.test', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['cache-control'], `public, max-age=${MAX_AGE}`);
    const onAdminPort = await fetch(system.adminUrl.replace('/service/admin/soap', '/xmpp/status/ann@pub.test'));
    assert.equal(onAdminPort.status, 404);
    assert.doesNotMatch(await onAdminPort.text(), /presence/);
  });

  // Last: it stops services.
  it('a service that is down: a quick 503 with a plain message, never cached', async () => {
    await system.stopService('im-presence');
    const started = Date.now();
    const res = await presence('ann@pub.test');
    assert.equal(res.status, 503, res.body);
    assert.equal(res.body, 'presence service temporarily unavailable\n');
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    await system.stopService('mailbox');
    const noDirectory = await presence('bob@pub.test');
    assert.equal(noDirectory.status, 503);
    assert.doesNotMatch(noDirectory.body, /at |Error|\.ts/);
  });
});
