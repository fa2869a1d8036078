// What clients get when things go wrong, in their own dialect: malformed XML and JSON, unknown
// requests, missing, expired and voided tokens, user tokens on the admin port, oversized and
// hostile bodies. After all of it the services still serve.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextHeader, post, RunningSystem, soap11, soap12, startSystem } from '../support/system';

const faultCode = (text: string) => /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? JSON.parse(text).Body?.Fault?.Detail?.Error?.Code;
const token = (text: string) => /<authToken>([^<]+)<\/authToken>/.exec(text)?.[1] ?? '';

describe('SOAP faults and authentication at the edges', { timeout: 180_000 }, () => {
  let system: RunningSystem;
  let adminToken = '';
  let userToken = '';

  const adminAuth = () =>
    post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
  const userAuth = (name: string, password: string) =>
    post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}</account><password>${password}</password></AuthRequest>`));
  const getInfo = (authToken: string) => post(system.userUrl, soap12('<GetInfoRequest xmlns="urn:zimbraAccount"/>', contextHeader(authToken)));
  const admin = (body: string, authToken = adminToken) => post(system.adminUrl, soap12(body, contextHeader(authToken)));

  before(async () => {
    system = await startSystem();
    adminToken = token((await adminAuth()).text);
    const created = await admin('<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>user@e2e.test</name><password>user-password</password></CreateAccountRequest>');
    assert.equal(created.status, 200, created.text);
    userToken = token((await userAuth('user@e2e.test', 'user-password')).text);
    assert.ok(adminToken && userToken);
  });
  after(async () => system?.stop());

  it('malformed XML is service.PARSE_ERROR in a SOAP fault', async () => {
    const res = await post(system.userUrl, '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><AuthRequest>');
    assert.equal(res.status, 500);
    assert.equal(faultCode(res.text), 'service.PARSE_ERROR');
    assert.match(res.text, /<soap:Value>soap:Sender<\/soap:Value>/);
  });

  it('malformed JSON is service.PARSE_ERROR in a JSON fault', async () => {
    const res = await post(system.userUrl, '{"Body": {"AuthRequest": ', 'application/json');
    assert.equal(res.status, 500);
    const body = JSON.parse(res.text);
    assert.equal(body.Body.Fault.Detail.Error.Code, 'service.PARSE_ERROR');
    assert.equal(body.Body.Fault.Code.Value, 'soap:Sender');
  });

  it('a DTD with entities is refused before any expansion', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${soap12('<AuthRequest xmlns="urn:zimbraAccount"><account>&lol2;</account></AuthRequest>')}`;
    const res = await post(system.userUrl, bomb);
    assert.equal(faultCode(res.text), 'service.PARSE_ERROR');
  });

  it('deeply nested XML is refused', async () => {
    const deep = '<x>'.repeat(5000) + '</x>'.repeat(5000);
    const res = await post(system.userUrl, soap12(`<GetInfoRequest xmlns="urn:zimbraAccount">${deep}</GetInfoRequest>`));
    assert.equal(faultCode(res.text), 'service.PARSE_ERROR');
  });

  it('an oversized body gets HTTP 413 with a fault', async () => {
    const res = await fetch(system.userUrl, { method: 'POST', body: Buffer.alloc(16 * 1024 * 1024, 0x20) });
    assert.equal(res.status, 413);
    assert.equal(faultCode(await res.text()), 'service.INVALID_REQUEST');
  });

  it('an unknown request is service.UNKNOWN_DOCUMENT, in SOAP 1.1 with faultcode soap:Client', async () => {
    const res = await post(system.userUrl, soap11('<FrobnicateRequest xmlns="urn:zimbraAccount"/>'), 'text/xml');
    assert.equal(res.status, 500);
    assert.match(res.contentType, /text\/xml/);
    assert.match(res.text, /<faultcode>soap:Client<\/faultcode>/);
    assert.equal(faultCode(res.text), 'service.UNKNOWN_DOCUMENT');
  });

  it('admin requests are unknown on the user port', async () => {
    const res = await post(system.userUrl, soap12('<GetAllDomainsRequest xmlns="urn:zimbraAdmin"/>', contextHeader(adminToken)));
    assert.equal(faultCode(res.text), 'service.UNKNOWN_DOCUMENT');
  });

  it('a missing token is service.AUTH_REQUIRED; a forged one too', async () => {
    assert.equal(faultCode((await post(system.userUrl, soap12('<GetInfoRequest xmlns="urn:zimbraAccount"/>'))).text), 'service.AUTH_REQUIRED');
    assert.equal(faultCode((await getInfo(`${userToken.slice(0, -4)}AAAA`)).text), 'service.AUTH_REQUIRED');
    assert.equal(faultCode((await post(system.adminUrl, soap12('<GetAllDomainsRequest xmlns="urn:zimbraAdmin"/>'))).text), 'service.AUTH_REQUIRED');
  });

  it('a user token never opens the admin port', async () => {
    const res = await admin('<GetAllAccountsRequest xmlns="urn:zimbraAdmin"/>', userToken);
    assert.equal(faultCode(res.text), 'service.PERM_DENIED');
    const noop = await admin('<NoOpRequest xmlns="urn:zimbraAdmin"/>', userToken);
    assert.equal(faultCode(noop.text), 'service.PERM_DENIED');
    // Nor can a user sign in on the admin port.
    const auth = await post(system.adminUrl, soap12('<AuthRequest xmlns="urn:zimbraAdmin"><name>user@e2e.test</name><password>user-password</password></AuthRequest>'));
    assert.equal(faultCode(auth.text), 'service.PERM_DENIED');
  });

  it('an expired token is service.AUTH_EXPIRED', async () => {
    const delegated = await admin('<DelegateAuthRequest xmlns="urn:zimbraAdmin" duration="1"><account by="name">user@e2e.test</account></DelegateAuthRequest>');
    const short = token(delegated.text);
    assert.equal((await getInfo(short)).status, 200);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(faultCode((await getInfo(short)).text), 'service.AUTH_EXPIRED');
  });

  it('EndSession voids the token it was sent with, and only that one', async () => {
    const first = token((await userAuth('user@e2e.test', 'user-password')).text);
    const second = token((await userAuth('user@e2e.test', 'user-password')).text);
    const end = await post(system.userUrl, soap12('<EndSessionRequest xmlns="urn:zimbraAccount"/>', contextHeader(first)));
    assert.equal(end.status, 200, end.text);
    assert.equal(faultCode((await getInfo(first)).text), 'service.AUTH_EXPIRED');
    assert.equal((await getInfo(second)).status, 200);
  });

  it('ChangePassword returns a new token and voids the old ones', async () => {
    const old = token((await userAuth('user@e2e.test', 'user-password')).text);
    const wrong = await post(
      system.userUrl,
      soap12('<ChangePasswordRequest xmlns="urn:zimbraAccount"><account by="name">user@e2e.test</account><oldPassword>nope</oldPassword><password>changed-password</password></ChangePasswordRequest>'),
    );
    assert.equal(faultCode(wrong.text), 'account.AUTH_FAILED');
    const changed = await post(
      system.userUrl,
      soap12('<ChangePasswordRequest xmlns="urn:zimbraAccount"><account by="name">user@e2e.test</account><oldPassword>user-password</oldPassword><password>changed-password</password></ChangePasswordRequest>'),
    );
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await getInfo(token(changed.text))).status, 200);
    assert.equal(faultCode((await getInfo(old)).text), 'service.AUTH_EXPIRED');
    assert.equal(faultCode((await userAuth('user@e2e.test', 'user-password')).text), 'account.AUTH_FAILED');
    userToken = token(changed.text);
  });

  it('SetPassword by an admin voids the user\'s tokens', async () => {
    const info = await getInfo(userToken);
    const id = /<id>([^<]+)<\/id>/.exec(info.text)?.[1];
    const set = await admin(`<SetPasswordRequest xmlns="urn:zimbraAdmin"><id>${id}</id><newPassword>admin-chosen</newPassword></SetPasswordRequest>`);
    assert.equal(set.status, 200, set.text);
    assert.equal(faultCode((await getInfo(userToken)).text), 'service.AUTH_EXPIRED');
    userToken = token((await userAuth('user@e2e.test', 'admin-chosen')).text);
    assert.equal((await getInfo(userToken)).status, 200);
  });

  it('an alias signs in like the account name; an unknown account looks like a wrong password', async () => {
    const info = await getInfo(userToken);
    const id = /<id>([^<]+)<\/id>/.exec(info.text)?.[1];
    await admin(`<AddAccountAliasRequest xmlns="urn:zimbraAdmin"><id>${id}</id><alias>nick@e2e.test</alias></AddAccountAliasRequest>`);
    assert.equal((await userAuth('nick@e2e.test', 'admin-chosen')).status, 200);
    assert.equal(faultCode((await userAuth('ghost@e2e.test', 'admin-chosen')).text), 'account.AUTH_FAILED');
  });

  it('prefs: ModifyPrefs then GetPrefs and GetInfo see them; non-pref names are refused', async () => {
    const mod = await post(
      system.userUrl,
      JSON.stringify({
        Header: { context: { _jsns: 'urn:zimbra', authToken: { _content: userToken } } },
        Body: { ModifyPrefsRequest: { _jsns: 'urn:zimbraAccount', _attrs: { zimbraPrefTimeZoneId: 'Europe/Berlin' } } },
      }),
      'application/json',
    );
    assert.equal(mod.status, 200, mod.text);
    const prefs = await post(system.userUrl, soap12('<GetPrefsRequest xmlns="urn:zimbraAccount"><pref name="zimbraPrefTimeZoneId"/></GetPrefsRequest>', contextHeader(userToken)));
    assert.match(prefs.text, /<pref name="zimbraPrefTimeZoneId">Europe\/Berlin<\/pref>/);
    assert.doesNotMatch(prefs.text, /zimbraPrefLocale/);
    const bad = await post(
      system.userUrl,
      soap12('<ModifyPrefsRequest xmlns="urn:zimbraAccount"><pref name="zimbraIsAdminAccount">TRUE</pref></ModifyPrefsRequest>', contextHeader(userToken)),
    );
    assert.equal(faultCode(bad.text), 'service.INVALID_REQUEST');
  });

  it('BatchRequest runs each part, echoes requestIds and puts faults in line; onerror=stop stops', async () => {
    const parts = '<NoOpRequest requestId="1"/><FooRequest xmlns="urn:zimbraAdmin" requestId="2"/><GetAllCosRequest requestId="3"/>';
    const res = await admin(`<BatchRequest xmlns="urn:zimbra">${parts.replace('<NoOpRequest', '<NoOpRequest xmlns="urn:zimbraAdmin"').replace('<GetAllCosRequest', '<GetAllCosRequest xmlns="urn:zimbraAdmin"')}</BatchRequest>`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<NoOpResponse[^>]*requestId="1"/);
    assert.match(res.text, /<soap:Fault requestId="2">/);
    assert.match(res.text, /<GetAllCosResponse[^>]*requestId="3"/);
    const stopped = await admin(
      '<BatchRequest xmlns="urn:zimbra" onerror="stop"><FooRequest xmlns="urn:zimbraAdmin" requestId="a"/><NoOpRequest xmlns="urn:zimbraAdmin" requestId="b"/></BatchRequest>',
    );
    assert.match(stopped.text, /<soap:Fault requestId="a">/);
    assert.doesNotMatch(stopped.text, /NoOpResponse/);
  });

  it('requestId is echoed and <format type="js"> switches an XML request to a JSON answer', async () => {
    const res = await post(
      system.userUrl,
      soap12('<GetInfoRequest xmlns="urn:zimbraAccount" requestId="r-7"/>', `<context xmlns="urn:zimbra"><authToken>${userToken}</authToken><format type="js"/></context>`),
    );
    const body = JSON.parse(res.text);
    assert.equal(body.Body.GetInfoResponse.requestId, 'r-7');
    assert.equal(body.Body.GetInfoResponse.name, 'user@e2e.test');
  });

  it('<account> in the context: an admin acts on a user, a user may not act on someone else', async () => {
    const onBehalf = (authToken: string, account: string) =>
      post(
        system.userUrl,
        soap12('<GetInfoRequest xmlns="urn:zimbraAccount"/>', `<context xmlns="urn:zimbra"><authToken>${authToken}</authToken><account by="name">${account}</account></context>`),
      );
    const asAdmin = await onBehalf(adminToken, 'user@e2e.test');
    assert.equal(asAdmin.status, 200, asAdmin.text);
    assert.match(asAdmin.text, /<name>user@e2e.test<\/name>/);
    assert.match(asAdmin.text, /<adminDelegated>1<\/adminDelegated>/);
    assert.equal(faultCode((await onBehalf(userToken, system.adminEmail)).text), 'service.PERM_DENIED');
    assert.equal(faultCode((await onBehalf(adminToken, 'ghost@e2e.test')).text), 'account.NO_SUCH_ACCOUNT');
    // Naming yourself is fine.
    assert.equal((await onBehalf(userToken, 'user@e2e.test')).status, 200);
  });

  it('a request missing a required element is service.INVALID_REQUEST', async () => {
    const res = await admin('<CreateAccountRequest xmlns="urn:zimbraAdmin"><password>whatever-long</password></CreateAccountRequest>');
    assert.equal(faultCode(res.text), 'service.INVALID_REQUEST');
  });

  it('after all of that, every service still serves', async () => {
    const health = await fetch(system.userUrl.replace('/service/soap', '/health'));
    assert.equal(health.status, 200);
    const noop = await admin('<NoOpRequest xmlns="urn:zimbraAdmin"/>');
    assert.equal(noop.status, 200, noop.text);
    assert.ok(!system.logs.some((l) => /"level":(50|60)/.test(l)), system.logs.filter((l) => /"level":(50|60)/.test(l)).join('\n'));
  });
});
