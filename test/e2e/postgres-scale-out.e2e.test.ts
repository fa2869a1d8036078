// The read models in PostgreSQL (DATABASE_URL) instead of the embedded PGlite, and a second
// mailbox instance sharing the load through its NATS queue group and the same database: both
// answer, concurrent writes from both land exactly once, and a rebuild equals the live model.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startPostgres, TestPostgres } from '@gw/testing';
import { contextHeader, post, RunningSystem, soap12, startSystem } from '../support/system';

describe('PostgreSQL read models and a second mailbox instance', { timeout: 300_000 }, () => {
  let pg: TestPostgres;
  let system: RunningSystem;
  let second: { stop(): Promise<void> } | undefined;
  let adminToken = '';

  const admin = (body: string) => post(system.adminUrl, soap12(body, contextHeader(adminToken)));

  before(async () => {
    pg = await startPostgres();
    // No ADMIN_PASSWORD: the first start generates one and prints it once.
    system = await startSystem({ env: { DATABASE_URL: pg.url, ADMIN_PASSWORD: '' } });
    const printed = system.logs.map((l) => /First admin account: (\S+)\s+password: (\S+)/.exec(l)).filter(Boolean);
    assert.equal(printed.length, 1, 'the generated password is printed exactly once');
    assert.equal(printed[0]![1], system.adminEmail);
    system.adminPassword = printed[0]![2];
    const auth = await post(
      system.adminUrl,
      soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`),
    );
    adminToken = /<authToken>([^<]+)</.exec(auth.text)?.[1] ?? '';
    assert.ok(adminToken, auth.text);
  });
  after(async () => {
    await second?.stop();
    await system?.stop();
    await pg?.stop();
  });

  it('a second mailbox instance joins the queue group and answers requests too', async () => {
    second = await system.startMore(['mailbox']);
    const pids = new Set<number>();
    const health = system.userUrl.replace('/service/soap', '/health');
    for (let i = 0; i < 200 && pids.size < 2; i++) {
      const report = (await (await fetch(health)).json()) as { services: { mailbox: { pid?: number } } };
      if (report.services.mailbox.pid) pids.add(report.services.mailbox.pid);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(pids.size, 2, 'both mailbox instances answered health requests');
  });

  it('concurrent creates spread over both instances all land, once each', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `user${i}@e2e.test`);
    const results = await Promise.all(
      names.map((name) => admin(`<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>${name}</name><password>password-${name}</password></CreateAccountRequest>`)),
    );
    for (const r of results) assert.equal(r.status, 200, r.text);
    const duplicate = await admin('<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>user3@e2e.test</name><password>whatever-long</password></CreateAccountRequest>');
    assert.match(duplicate.text, /account.ACCOUNT_EXISTS/);
    const all = await admin('<GetAllAccountsRequest xmlns="urn:zimbraAdmin"><domain by="name">e2e.test</domain></GetAllAccountsRequest>');
    const listed = [...all.text.matchAll(/<account name="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(listed, [system.adminEmail, ...names].sort());
    // Each of them can sign in, whichever instance answers.
    for (const name of names.slice(0, 4)) {
      const auth = await post(system.userUrl, soap12(`<AuthRequest xmlns="urn:zimbraAccount"><account by="name">${name}</account><password>password-${name}</password></AuthRequest>`));
      assert.equal(auth.status, 200, auth.text);
    }
  });

  it('npm run rebuild on PostgreSQL reports the rebuilt model equal to the live one', () => {
    const run = spawnSync(process.execPath, ['scripts/rebuild.mjs'], { env: { ...process.env, NATS_URL: system.natsUrl }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /mailbox\/directory \(postgres\) rebuilt to position \d+: EQUAL/);
  });

  it('stopping one of two instances under load loses no request: the other takes over', async () => {
    const get = (i: number) => admin(`<GetAccountRequest xmlns="urn:zimbraAdmin"><account by="name">user${i % 24}@e2e.test</account></GetAccountRequest>`);
    const load = (async () => {
      const statuses: number[] = [];
      for (let round = 0; round < 15; round++) statuses.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => get(round * 8 + i)))).map((r) => r.status));
      return statuses;
    })();
    await new Promise((r) => setTimeout(r, 150));
    await second!.stop();
    second = undefined;
    const statuses = await load;
    assert.equal(statuses.length, 120);
    assert.deepEqual([...new Set(statuses)], [200]);
  });

  it('a full restart of every service finds all data again', async () => {
    await system.restartServices();
    const auth = await post(
      system.adminUrl,
      soap12(`<AuthRequest xmlns="urn:zimbraAdmin"><name>${system.adminEmail}</name><password>${system.adminPassword}</password></AuthRequest>`),
    );
    adminToken = /<authToken>([^<]+)</.exec(auth.text)?.[1] ?? '';
    assert.ok(adminToken, auth.text);
    assert.equal(system.logs.filter((l) => /First admin account/.test(l)).length, 1, 'not printed again on the second start');
    const got = await admin('<GetAccountRequest xmlns="urn:zimbraAdmin"><account by="name">user7@e2e.test</account></GetAccountRequest>');
    assert.equal(got.status, 200, got.text);
  });
});
