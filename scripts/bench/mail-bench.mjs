// Mailbox benchmark: fills one mailbox with BENCH_MESSAGES messages (default 100,000) through
// the LMTP listener, then times five typical searches and GetFolder over Zimbra SOAP.
// Prints delivery throughput and p50/p99 latencies. Starts its own system on free ports.
//   node scripts/bench/mail-bench.mjs            (npm run bench:mail)
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from '../lib/prerequisites.mjs';
import { percentile, soap, startBenchSystem, tokenOf } from './bench-system.mjs';

const require = createRequire(join(root, 'package.json'));
const { createTransport } = require('nodemailer');

const COUNT = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

const system = await startBenchSystem();
const { ports, userUrl, adminUrl } = system;

try {
  const admin = await system.adminToken();
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
    const pct = (p) => percentile(samples, p);
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
}
