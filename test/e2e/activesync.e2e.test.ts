// The ActiveSync URL on the user port, as phones and the Z-Push webservice client reach it:
// OPTIONS, HTTP Basic authentication against our accounts, and the commands served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';

describe('ActiveSync URL', { timeout: 300_000 }, () => {
  let system: RunningSystem;
  let url: string;
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  before(async () => {
    system = await startSystem();
    url = system.userUrl.replace('/service/soap', '/Microsoft-Server-ActiveSync');
    const auth = await post(system.adminUrl, soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`));
    const adminToken = /<authToken>([^<]+)</.exec(auth.text)![1];
    await post(system.adminUrl, soap12('<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>phone@e2e.test</name><password>phone-password</password></CreateAccountRequest>', contextHeader(adminToken)));
  });
  after(async () => system?.stop());

  it('OPTIONS announces the protocol versions and commands', async () => {
    const res = await fetch(url, { method: 'OPTIONS' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('ms-asprotocolversions') ?? '', /14\.1/);
    assert.match(res.headers.get('ms-asprotocolcommands') ?? '', /Provision/);
  });

  it('without credentials, or with a wrong password, the answer is 401 with a Basic challenge', async () => {
    const query = '?Cmd=FolderSync&User=phone@e2e.test&DeviceId=abc123&DeviceType=iPhone';
    const none = await fetch(url + query, { method: 'POST' });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic/);
    const wrong = await fetch(url + query, { method: 'POST', headers: { Authorization: basic('phone@e2e.test', 'nope') } });
    assert.equal(wrong.status, 401);
    const unknown = await fetch(url + query, { method: 'POST', headers: { Authorization: basic('ghost@e2e.test', 'nope') } });
    assert.equal(unknown.status, 401);
  });

  it('a request without Cmd is 400; a command not served is 501', async () => {
    const auth = { Authorization: basic('phone@e2e.test', 'phone-password') };
    assert.equal((await fetch(url + '?User=phone@e2e.test', { method: 'POST', headers: auth })).status, 400);
    assert.equal((await fetch(url + '?Cmd=NoSuchCommand&User=phone@e2e.test&DeviceId=a&DeviceType=b', { method: 'POST', headers: auth })).status, 501);
  });
});
