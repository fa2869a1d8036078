// Mailbox benchmark: fills one mailbox with BENCH_MESSAGES messages (default 100,000) through
// the LMTP listener, then times five typical searches and GetFolder over Zimbra SOAP.
// Prints delivery throughput and p50/p99 latencies. Starts its own system on free ports.
//   node scripts/bench/mail-bench.mjs            (npm run bench:mail)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ensureBuilt, ensureDebianPackage, root } from '../lib/prerequisites.mjs';
import { freePort, startNats, startServices } from '../lib/launcher.mjs';

const require = createRequire(join(root, 'package.json'));
const { createTransport } = require('nodemailer');

const COUNT = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

ensureDebianPackage('nats-server', 'nats-server');
ensureBuilt();

const dataDir = mkdtempSync(join(tmpdir(), 'groupware-bench-'));
const nats = await startNats({ port: await freePort(), storeDir: join(dataDir, 'nats') });
const ports = { soap: await freePort(), admin: await freePort(), expresso: await freePort(), smtp: await freePort(), lmtp: await freePort() };
const env = {
  NATS_URL: nats.url,
  DATA_DIR: dataDir,
  SOAP_PORT: String(ports.soap),
  SOAP_ADMIN_PORT: String(ports.admin),
  EXPRESSO_PORT: String(ports.expresso),
  SMTP_PORT: String(ports.smtp),
  LMTP_PORT: String(ports.lmtp),
  HTTP_HOST: '127.0.0.1',
  ADMIN_EMAIL: 'admin@bench.test',
  ADMIN_PASSWORD: 'bench-admin-password',
  LOG_LEVEL: 'warn',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};
const system = await startServices({ env, waitForPorts: Object.values(ports), onLine: () => {} });

const soap = async (url, body, token) => {
  const header = token ? `<soap:Header><context xmlns="urn:zimbra"><authToken>${token}</authToken></context></soap:Header>` : '';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/soap+xml' },
    body: `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">${header}<soap:Body>${body}</soap:Body></soap:Envelope>`,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`SOAP ${res.status}: ${text.slice(0, 300)}`);
  return text;
};
const tokenOf = (text) => /<authToken>([^<]+)</.exec(text)[1];
const userUrl = `http://127.0.0.1:${ports.soap}/service/soap`;
const adminUrl = `http://127.0.0.1:${ports.admin}/service/admin/soap`;

try {
  for (let i = 0; i < 120; i++) {
    try {
      await soap(adminUrl, '<AuthRequest xmlns="urn:zimbraAdmin"><name>admin@bench.test</name><password>bench-admin-password</password></AuthRequest>');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const admin = tokenOf(await soap(adminUrl, '<AuthRequest xmlns="urn:zimbraAdmin"><name>admin@bench.test</name><password>bench-admin-password</password></AuthRequest>'));
  await soap(adminUrl, '<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>load@bench.test</name><password>load-password</password></CreateAccountRequest>', admin);
  const user = tokenOf(await soap(userUrl, '<AuthRequest xmlns="urn:zimbraAccount"><account by="name">load@bench.test</account><password>load-password</password></AuthRequest>'));

  const senders = ['alice@partner.test', 'bob@vendor.test', 'carol@corp.test', 'dave@friends.test', 'eve@news.test'];
  const words = ['budget', 'release', 'invoice', 'lunch', 'meeting', 'report', 'travel', 'contract', 'roadmap', 'holiday'];
  const lmtp = createTransport({ host: '127.0.0.1', port: ports.lmtp, lmtp: true, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  const started = Date.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      const w = words[i % words.length];
      const raw = [
        `From: ${senders[i % senders.length]}`,
        'To: load@bench.test',
        `Subject: ${w} ${i % 97} update`,
        `Date: ${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toUTCString()}`,
        `Message-ID: <bench-${i}@bench.test>`,
        '',
        `Message ${i} about the ${w}. ${words[(i * 7) % words.length]} and ${words[(i * 3) % words.length]} follow.`,
        '',
      ].join('\r\n');
      try {
        await lmtp.sendMail({ envelope: { from: senders[i % senders.length], to: ['load@bench.test'] }, raw });
      } catch {
        failed++;
      }
      if (i > 0 && i % 10_000 === 0) console.log(`  ${i} delivered (${Math.round(i / ((Date.now() - started) / 1000))}/s)`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS * 2 }, worker));
  lmtp.close();
  const seconds = (Date.now() - started) / 1000;
  console.log(`delivery: ${COUNT - failed} messages in ${seconds.toFixed(1)} s = ${((COUNT - failed) / seconds).toFixed(0)} messages/s (${failed} failed, ${CONNECTIONS} LMTP connections)`);

  const time = async (label, body) => {
    const samples = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = process.hrtime.bigint();
      await soap(userUrl, body, user);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const pct = (p) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
    console.log(`${label.padEnd(42)} p50 ${pct(50).toFixed(1).padStart(7)} ms   p99 ${pct(99).toFixed(1).padStart(7)} ms`);
  };
  const search = (q, types = 'message') => `<SearchRequest xmlns="urn:zimbraMail" types="${types}" limit="50"><query>${q}</query></SearchRequest>`;
  await time('GetFolder', '<GetFolderRequest xmlns="urn:zimbraMail"/>');
  await time('search: in:inbox (first page)', search('in:inbox'));
  await time('search: free text "invoice"', search('invoice'));
  await time('search: from:carol is:unread', search('from:carol is:unread'));
  await time('search: subject:roadmap after:-2years', search('subject:roadmap after:01/01/2024'));
  await time('search: conversations, budget OR travel', search('budget OR travel', 'conversation'));
} finally {
  await system.stop();
  await nats.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
