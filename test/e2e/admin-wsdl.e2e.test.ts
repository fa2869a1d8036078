// The Zimbra admin WSDL, loaded by a real SOAP toolkit (the `soap` npm package), drives every
// operation against the running system: the happy path and the main error of each. Then an
// account created that way signs in on /service/soap in XML and in JSON, and `npm run rebuild`
// finds the rebuilt read models equal to the live ones.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as soap from 'soap';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';

const WSDL = new URL('../../../shared/specs/zimbra/zimbra.wsdl', import.meta.url).pathname;

type Client = soap.Client & Record<string, (args: unknown) => Promise<[any, string]>>;
const a = (n: string, v: string) => ({ attributes: { n }, $value: v });
const by = (kind: 'name' | 'id', value: string) => ({ attributes: { by: kind }, $value: value });
const attrsOf = (record: any): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const x of [record?.a ?? []].flat()) (out[x.attributes.n] ??= []).push(x.$value);
  return out;
};

describe('admin SOAP through the Zimbra WSDL', { timeout: 240_000 }, () => {
  let system: RunningSystem;
  let client: Client;
  const called = new Set<string>();

  /** Calls an operation and remembers it, so the suite can prove it covered the whole WSDL. */
  const call = async (op: string, args: unknown = {}) => {
    called.add(op);
    const [result] = await client[`${op}Async`](args);
    return result ?? {};
  };
  const fault = async (op: string, args: unknown, code: string) => {
    called.add(op);
    await assert.rejects(client[`${op}Async`](args), (err: any) => {
      const f = err?.root?.Envelope?.Body?.Fault;
      assert.ok(f, `expected a SOAP fault from ${op}, got ${err}`);
      assert.equal(f.detail?.Error?.Code, code, `${op}: ${f.faultstring}`);
      assert.match(f.faultcode, /^soap:(Client|Server)$/);
      return true;
    });
  };

  before(async () => {
    system = await startSystem();
    client = (await soap.createClientAsync(WSDL, { endpoint: system.adminUrl })) as Client;
  });
  after(async () => system?.stop());

  let domainId = '';
  let accountId = '';
  let cosId = '';

  it('AuthRequest: admin signs in; a wrong password is AUTH_FAILED', async () => {
    await fault('AuthRequest', { name: system.adminEmail, password: 'wrong' }, 'account.AUTH_FAILED');
    const auth = await call('AuthRequest', { name: system.adminEmail, password: system.adminPassword });
    assert.match(auth.authToken, /^0_/);
    assert.ok(Number(auth.lifetime) > 0);
    // No token yet in the client: an admin operation is refused.
    await fault('GetAllDomainsRequest', {}, 'service.AUTH_REQUIRED');
    client.addSoapHeader(contextHeader(auth.authToken));
  });

  it('NoOpRequest answers with a valid token', async () => {
    assert.deepEqual(await call('NoOpRequest'), {});
  });

  it('domains: create, get, get all, modify; duplicates and unknown ids fail', async () => {
    const created = await call('CreateDomainRequest', { name: 'example.org', a: [a('description', 'test domain')] });
    domainId = created.domain.attributes.id;
    assert.equal(created.domain.attributes.name, 'example.org');
    await fault('CreateDomainRequest', { name: 'example.org' }, 'account.DOMAIN_EXISTS');
    const got = await call('GetDomainRequest', { domain: by('name', 'example.org') });
    assert.equal(got.domain.attributes.id, domainId);
    assert.deepEqual(attrsOf(got.domain).description, ['test domain']);
    await fault('GetDomainRequest', { domain: by('name', 'nowhere.org') }, 'account.NO_SUCH_DOMAIN');
    const all = await call('GetAllDomainsRequest');
    const names = [all.domain].flat().map((d: any) => d.attributes.name);
    assert.ok(names.includes('example.org') && names.includes('e2e.test'), names.join(','));
    const modified = await call('ModifyDomainRequest', { id: domainId, a: [a('zimbraPresencePublished', 'TRUE')] });
    assert.deepEqual(attrsOf(modified.domain).zimbraPresencePublished, ['TRUE']);
    await fault('ModifyDomainRequest', { id: 'no-such-id', a: [a('description', 'x')] }, 'account.NO_SUCH_DOMAIN');
  });

  it('classes of service: create, get all, modify; duplicates fail', async () => {
    const created = await call('CreateCosRequest', { name: 'gold', a: [a('zimbraMailQuota', '1073741824')] });
    cosId = created.cos.attributes.id;
    await fault('CreateCosRequest', { name: 'gold' }, 'account.COS_EXISTS');
    const all = await call('GetAllCosRequest');
    assert.deepEqual([all.cos].flat().map((c: any) => c.attributes.name).sort(), ['default', 'gold']);
    const modified = await call('ModifyCosRequest', { id: cosId, a: [a('zimbraPasswordMinLength', '8')] });
    assert.deepEqual(attrsOf(modified.cos).zimbraPasswordMinLength, ['8']);
    await fault('ModifyCosRequest', { id: cosId, a: [a('zimbraMailQuota', 'lots')] }, 'account.INVALID_ATTR_VALUE');
  });

  it('accounts: create, get (by name, id, alias), modify, rename; the main errors', async () => {
    const created = await call('CreateAccountRequest', {
      name: 'bob@example.org',
      password: 'bob-password',
      a: [a('displayName', 'Bob'), a('zimbraCOSId', cosId)],
    });
    accountId = created.account.attributes.id;
    assert.equal(created.account.attributes.name, 'bob@example.org');
    assert.deepEqual(attrsOf(created.account).zimbraAccountStatus, ['active']);
    await fault('CreateAccountRequest', { name: 'bob@example.org', password: 'bob-password' }, 'account.ACCOUNT_EXISTS');
    await fault('CreateAccountRequest', { name: 'carol@unknown.org', password: 'carol-password' }, 'account.NO_SUCH_DOMAIN');
    await fault('CreateAccountRequest', { name: 'short@example.org', password: 'abc' }, 'account.INVALID_PASSWORD');

    const byName = await call('GetAccountRequest', { account: by('name', 'bob@example.org') });
    assert.equal(byName.account.attributes.id, accountId);
    // applyCos (the default) brings the class of service's attributes.
    assert.deepEqual(attrsOf(byName.account).zimbraMailQuota, ['1073741824']);
    const byId = await call('GetAccountRequest', { attributes: { applyCos: '0' }, account: by('id', accountId) });
    assert.equal(attrsOf(byId.account).zimbraMailQuota, undefined);
    await fault('GetAccountRequest', { account: by('name', 'nobody@example.org') }, 'account.NO_SUCH_ACCOUNT');

    const modified = await call('ModifyAccountRequest', { id: accountId, a: [a('displayName', 'Robert'), a('zimbraAccountStatus', 'active')] });
    assert.deepEqual(attrsOf(modified.account).displayName, ['Robert']);
    await fault('ModifyAccountRequest', { id: accountId, a: [a('zimbraAccountStatus', 'sleepy')] }, 'account.INVALID_ATTR_VALUE');

    const renamed = await call('RenameAccountRequest', { id: accountId, newName: 'robert@example.org' });
    assert.equal(renamed.account.attributes.name, 'robert@example.org');
    await call('CreateAccountRequest', { name: 'dave@example.org', password: 'dave-password' });
    await fault('RenameAccountRequest', { id: accountId, newName: 'dave@example.org' }, 'account.ACCOUNT_EXISTS');
  });

  it('aliases: add, find the account by it, remove; duplicates and unknown aliases fail', async () => {
    assert.deepEqual(await call('AddAccountAliasRequest', { id: accountId, alias: 'bobby@example.org' }), {});
    await fault('AddAccountAliasRequest', { id: accountId, alias: 'dave@example.org' }, 'account.ACCOUNT_EXISTS');
    const viaAlias = await call('GetAccountRequest', { account: by('name', 'bobby@example.org') });
    assert.equal(viaAlias.account.attributes.id, accountId);
    assert.deepEqual(await call('RemoveAccountAliasRequest', { id: accountId, alias: 'bobby@example.org' }), {});
    await fault('RemoveAccountAliasRequest', { id: accountId, alias: 'bobby@example.org' }, 'account.NO_SUCH_ALIAS');
  });

  it('SetPassword: the new password works, a too short one is refused', async () => {
    assert.deepEqual(await call('SetPasswordRequest', { id: accountId, newPassword: 'new-bob-password' }), {});
    await fault('SetPasswordRequest', { id: accountId, newPassword: 'short' }, 'account.INVALID_PASSWORD');
    await fault('SetPasswordRequest', { id: 'no-such-id', newPassword: 'whatever-long' }, 'account.NO_SUCH_ACCOUNT');
    const res = await post(
      system.userUrl,
      soap12('<AuthRequest xmlns="urn:zimbraAccount"><account by="name">robert@example.org</account><password>new-bob-password</password></AuthRequest>'),
    );
    assert.equal(res.status, 200, res.text);
  });

  it('GetAllAccounts and GetAllAdminAccounts', async () => {
    const inDomain = await call('GetAllAccountsRequest', { domain: by('name', 'example.org') });
    assert.deepEqual([inDomain.account].flat().map((x: any) => x.attributes.name).sort(), ['dave@example.org', 'robert@example.org']);
    const everyone = await call('GetAllAccountsRequest');
    assert.equal([everyone.account].flat().length, 3);
    await fault('GetAllAccountsRequest', { domain: by('name', 'nowhere.org') }, 'account.NO_SUCH_DOMAIN');
    const admins = await call('GetAllAdminAccountsRequest');
    assert.deepEqual([admins.account].flat().map((x: any) => x.attributes.name), [system.adminEmail]);
  });

  it('SearchDirectory: LDAP filters, types, paging; a malformed filter fails', async () => {
    const found = await call('SearchDirectoryRequest', { attributes: { types: 'accounts' }, query: '(|(mail=*robert*)(displayName=Dave*))' });
    assert.deepEqual([found.account ?? []].flat().map((x: any) => x.attributes.name), ['robert@example.org']);
    assert.equal(found.attributes.searchTotal, '1');
    const paged = await call('SearchDirectoryRequest', { attributes: { types: 'accounts', limit: '2', offset: '0' }, query: '' });
    assert.equal([paged.account].flat().length, 2);
    assert.equal(paged.attributes.more, '1');
    assert.equal(paged.attributes.searchTotal, '3');
    const domains = await call('SearchDirectoryRequest', { attributes: { types: 'domains' }, query: '(zimbraDomainName=example.org)' });
    assert.equal([domains.domain].flat()[0].attributes.id, domainId);
    await fault('SearchDirectoryRequest', { query: '(mail=*robert*' }, 'service.INVALID_REQUEST');
  });

  it('distribution lists: get all, get, add members; unknown lists fail', async () => {
    // CreateDistributionList is not in the WSDL; it comes from soap-admin.txt, sent as raw SOAP.
    const auth = await call('AuthRequest', { name: system.adminEmail, password: system.adminPassword });
    const created = await post(
      system.adminUrl,
      soap12('<CreateDistributionListRequest xmlns="urn:zimbraAdmin"><name>team@example.org</name></CreateDistributionListRequest>', contextHeader(auth.authToken)),
    );
    assert.equal(created.status, 200, created.text);
    const dlId = /<dl [^>]*id="([^"]+)"/.exec(created.text)?.[1];
    assert.ok(dlId);

    assert.deepEqual(await call('AddDistributionListMemberRequest', { id: dlId, dlm: 'robert@example.org' }), {});
    await call('AddDistributionListMemberRequest', { id: dlId, dlm: 'dave@example.org' });
    await fault('AddDistributionListMemberRequest', { id: 'no-such-dl', dlm: 'x@example.org' }, 'account.NO_SUCH_DISTRIBUTION_LIST');
    const dl = await call('GetDistributionListRequest', { dl: by('name', 'team@example.org') });
    const list = [dl.dl].flat()[0];
    assert.deepEqual([list.dlm].flat().sort(), ['dave@example.org', 'robert@example.org']);
    assert.equal(dl.attributes.total, '2');
    await fault('GetDistributionListRequest', { dl: by('name', 'nolist@example.org') }, 'account.NO_SUCH_DISTRIBUTION_LIST');
    const all = await call('GetAllDistributionListsRequest', { domain: by('name', 'example.org') });
    assert.deepEqual([all.dl].flat().map((x: any) => x.attributes.name), ['team@example.org']);
    await fault('GetAllDistributionListsRequest', { domain: by('name', 'nowhere.org') }, 'account.NO_SUCH_DOMAIN');
  });

  it('GrantRight: a known right is granted; an unknown right or grantee fails', async () => {
    const grant = (right: string, grantee = 'dave@example.org') => ({
      target: { attributes: { type: 'account', by: 'name' }, $value: 'robert@example.org' },
      grantee: { attributes: { type: 'usr', by: 'name' }, $value: grantee },
      right,
    });
    assert.deepEqual(await call('GrantRightRequest', grant('sendAs')), {});
    await fault('GrantRightRequest', grant('flyToTheMoon'), 'account.NO_SUCH_RIGHT');
    await fault('GrantRightRequest', grant('sendAs', 'ghost@example.org'), 'account.NO_SUCH_ACCOUNT');
  });

  it('DelegateAuth: a token for the user that works on /service/soap', async () => {
    const delegated = await call('DelegateAuthRequest', { attributes: { duration: '600' }, account: by('name', 'robert@example.org') });
    assert.ok(Number(delegated.lifetime) <= 600_000);
    const info = await post(system.userUrl, soap12('<GetInfoRequest xmlns="urn:zimbraAccount"/>', contextHeader(delegated.authToken)));
    assert.equal(info.status, 200, info.text);
    assert.match(info.text, /<name>robert@example.org<\/name>/);
    assert.match(info.text, /<adminDelegated>1<\/adminDelegated>/);
    await fault('DelegateAuthRequest', { account: by('name', 'nobody@example.org') }, 'account.NO_SUCH_ACCOUNT');
  });

  it('deletes: account, cos, domain (not while it has entries)', async () => {
    await fault('DeleteDomainRequest', { id: domainId }, 'account.DOMAIN_NOT_EMPTY');
    assert.deepEqual(await call('DeleteAccountRequest', { id: accountId }), {});
    await fault('DeleteAccountRequest', { id: accountId }, 'account.NO_SUCH_ACCOUNT');
    assert.deepEqual(await call('DeleteCosRequest', { id: cosId }), {});
    await fault('DeleteCosRequest', { id: cosId }, 'account.NO_SUCH_COS');
    await fault('DeleteDomainRequest', { id: 'no-such-domain' }, 'account.NO_SUCH_DOMAIN');
    const scratch = await call('CreateDomainRequest', { name: 'scratch.org' });
    assert.deepEqual(await call('DeleteDomainRequest', { id: scratch.domain.attributes.id }), {});
  });

  it('covered every operation of the WSDL', () => {
    const operations = Object.keys((client.describe() as any).ZimbraService.ZimbraServicePort).sort();
    assert.equal(operations.length, 27);
    assert.deepEqual([...called].sort(), operations);
  });

  it('a user created through the WSDL signs in on /service/soap in XML and in JSON', async () => {
    await call('CreateAccountRequest', { name: 'erin@example.org', password: 'erin-password' });
    const xml = await post(
      system.userUrl,
      soap12('<AuthRequest xmlns="urn:zimbraAccount"><account by="name">erin@example.org</account><password>erin-password</password></AuthRequest>'),
    );
    assert.equal(xml.status, 200, xml.text);
    assert.match(xml.contentType, /application\/soap\+xml/);
    const token = /<authToken>([^<]+)<\/authToken>/.exec(xml.text)?.[1];
    assert.ok(token, xml.text);

    const json = await post(
      system.userUrl,
      JSON.stringify({ Body: { AuthRequest: { _jsns: 'urn:zimbraAccount', account: { by: 'name', _content: 'erin@example.org' }, password: { _content: 'erin-password' } } } }),
      'application/json',
    );
    assert.equal(json.status, 200, json.text);
    const body = JSON.parse(json.text);
    assert.equal(body._jsns, 'urn:zimbraSoap');
    const jsonToken = body.Body.AuthResponse.authToken[0]._content;
    assert.equal(body.Body.AuthResponse._jsns, 'urn:zimbraAccount');
    assert.equal(typeof body.Body.AuthResponse.lifetime, 'number');

    const info = await post(
      system.userUrl,
      JSON.stringify({ Header: { context: { _jsns: 'urn:zimbra', authToken: jsonToken } }, Body: { GetInfoRequest: { _jsns: 'urn:zimbraAccount' } } }),
      'application/json',
    );
    const infoBody = JSON.parse(info.text).Body.GetInfoResponse;
    assert.equal(infoBody.name, 'erin@example.org');
    assert.equal(infoBody.prefs._attrs.zimbraPrefLocale, 'en_US');
  });

  it('the companions from soap-admin.txt: GetCos, RenameCos, and the distribution list family', async () => {
    const auth = await call('AuthRequest', { name: system.adminEmail, password: system.adminPassword });
    const admin = (body: string) => post(system.adminUrl, soap12(body, contextHeader(auth.authToken)));
    const code = (text: string) => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];

    const cos = await admin('<CreateCosRequest xmlns="urn:zimbraAdmin"><name>silver</name></CreateCosRequest>');
    const silverId = /<cos [^>]*id="([^"]+)"/.exec(cos.text)?.[1];
    const renamed = await admin(`<RenameCosRequest xmlns="urn:zimbraAdmin"><id>${silverId}</id><newName>bronze</newName></RenameCosRequest>`);
    assert.match(renamed.text, /<cos name="bronze"/);
    assert.equal(code((await admin(`<RenameCosRequest xmlns="urn:zimbraAdmin"><id>${silverId}</id><newName>default</newName></RenameCosRequest>`)).text), 'account.COS_EXISTS');
    const got = await admin('<GetCosRequest xmlns="urn:zimbraAdmin"><cos by="name">bronze</cos></GetCosRequest>');
    assert.match(got.text, new RegExp(`<cos name="bronze" id="${silverId}"`));
    assert.equal(code((await admin('<GetCosRequest xmlns="urn:zimbraAdmin"><cos by="name">silver</cos></GetCosRequest>')).text), 'account.NO_SUCH_COS');

    const dl = await admin('<CreateDistributionListRequest xmlns="urn:zimbraAdmin"><name>ops@example.org</name><a n="description">ops</a></CreateDistributionListRequest>');
    const dlId = /<dl [^>]*id="([^"]+)"/.exec(dl.text)?.[1];
    assert.equal(code((await admin('<CreateDistributionListRequest xmlns="urn:zimbraAdmin"><name>ops@example.org</name></CreateDistributionListRequest>')).text), 'account.DISTRIBUTION_LIST_EXISTS');
    await admin(`<AddDistributionListMemberRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><dlm>a@example.org</dlm><dlm>b@example.org</dlm></AddDistributionListMemberRequest>`);
    assert.equal(
      code((await admin(`<RemoveDistributionListMemberRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><dlm>a@example.org</dlm><dlm>zz@example.org</dlm></RemoveDistributionListMemberRequest>`)).text),
      'account.NO_SUCH_MEMBER',
    );
    const removed = await admin(`<RemoveDistributionListMemberRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><dlm>a@example.org</dlm></RemoveDistributionListMemberRequest>`);
    assert.equal(removed.status, 200, removed.text);
    const modified = await admin(`<ModifyDistributionListRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><a n="description">operations</a></ModifyDistributionListRequest>`);
    assert.match(modified.text, /<a n="description">operations<\/a>/);
    await admin(`<AddDistributionListAliasRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><alias>oncall@example.org</alias></AddDistributionListAliasRequest>`);
    const viaAlias = await admin('<GetDistributionListRequest xmlns="urn:zimbraAdmin"><dl by="name">oncall@example.org</dl></GetDistributionListRequest>');
    assert.match(viaAlias.text, /<dlm>b@example.org<\/dlm>/);
    assert.doesNotMatch(viaAlias.text, /<dlm>a@example.org<\/dlm>/);
    await admin(`<RemoveDistributionListAliasRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><alias>oncall@example.org</alias></RemoveDistributionListAliasRequest>`);
    const dlRenamed = await admin(`<RenameDistributionListRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id><newName>operations@example.org</newName></RenameDistributionListRequest>`);
    assert.match(dlRenamed.text, /<dl name="operations@example.org"/);
    assert.equal((await admin(`<DeleteDistributionListRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id></DeleteDistributionListRequest>`)).status, 200);
    assert.equal(code((await admin(`<DeleteDistributionListRequest xmlns="urn:zimbraAdmin"><id>${dlId}</id></DeleteDistributionListRequest>`)).text), 'account.NO_SUCH_DISTRIBUTION_LIST');
  });

  it('npm run audit tells an account\'s history, under all its names, by whom, without secrets', () => {
    const run = spawnSync(process.execPath, ['scripts/audit.mjs', 'bob@example.org'], { env: { ...process.env, NATS_URL: system.natsUrl }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const types = run.stdout.split('\n').map((l) => /#\d+\s+(\w+)/.exec(l)?.[1]).filter(Boolean);
    assert.deepEqual(types, [
      'AccountCreated',
      'AccountModified',
      'AccountRenamed',
      'AccountAliasAdded',
      'AccountAliasRemoved',
      'AccountPasswordSet',
      'RightGranted',
      'AccountDeleted',
    ]);
    assert.match(run.stdout, new RegExp(`AccountRenamed\\s+by ${system.adminEmail}`));
    assert.doesNotMatch(run.stdout, /scrypt\$/);
  });

  it('npm run rebuild finds the rebuilt read models equal to the live ones', () => {
    const run = spawnSync(process.execPath, ['scripts/rebuild.mjs'], { env: { ...process.env, NATS_URL: system.natsUrl }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /mailbox\/directory \(pglite\) rebuilt to position \d+: EQUAL/);
    assert.match(run.stdout, /mailbox\/mail \(pglite\) rebuilt to position \d+: EQUAL/);
  });
});
