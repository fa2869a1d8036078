// WaitSet benchmark: one soap-gateway holds BENCH_WAITERS (default 10,000) blocked
// AdminWaitSetRequests, each on one of BENCH_ACCOUNTS accounts; then mail arrives over LMTP for
// random accounts, one at a time, and every waiter on that account must wake. Prints the wake-up
// latency p50/p99 — from the commit of the mail's event (seen on its NATS subject) to the
// waiter's response, and end to end from sending the mail — and each process's memory.
// Starts its own system on free ports.
//   node scripts/bench/waitset-bench.mjs          (npm run bench:waitsets)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from '../lib/prerequisites.mjs';
import { percentile, soap, startBenchSystem } from './bench-system.mjs';

const require = createRequire(join(root, 'package.json'));
const { createTransport } = require('nodemailer');
const { connect } = require('nats');

const WAITERS = Number(process.env.BENCH_WAITERS ?? 10_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 500);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);

const system = await startBenchSystem();
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const adminUrl = new URL(system.adminUrl);

/** A SOAP POST on its own keep-alive socket: fetch's pool would queue 10,000 long requests. */
function post(body, token) {
  const envelope = `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header><context xmlns="urn:zimbra"><authToken>${token}</authToken></context></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: adminUrl.hostname, port: adminUrl.port, path: adminUrl.pathname, method: 'POST', agent, headers: { 'Content-Type': 'application/soap+xml', 'Content-Length': Buffer.byteLength(envelope) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`))));
      },
    );
    req.on('error', reject);
    req.end(envelope);
  });
}

const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? (Number(m[1]) / 1024).toFixed(0) : '?';
};

try {
  const admin = await system.adminToken();
  console.log(`creating ${ACCOUNTS} accounts and ${WAITERS} WaitSets ...`);
  const accountIds = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const created = await soap(system.adminUrl, `<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>u${i}@bench.test</name><password>bench-password-${i}</password></CreateAccountRequest>`, admin);
    accountIds.push(/<account [^>]*id="([^"]+)"/.exec(created)[1]);
  }
  /** waiter i watches account i % ACCOUNTS. */
  const waiters = [];
  const makeSet = async (i) => {
    const account = i % ACCOUNTS;
    const text = await post(`<AdminCreateWaitSetRequest xmlns="urn:zimbraAdmin" defTypes="m"><add><a id="${accountIds[account]}"/></add></AdminCreateWaitSetRequest>`, admin);
    waiters[i] = { account, waitSet: /waitSet="([^"]+)"/.exec(text)[1], seq: "0" };
  };
  for (let i = 0; i < WAITERS; i += 200) await Promise.all(Array.from({ length: Math.min(200, WAITERS - i) }, (_, k) => makeSet(i + k)));

  // Arm every waiter; a response resolves its wake promise and re-arms it with the new seq.
  const byAccount = new Map();
  for (const w of waiters) (byAccount.get(w.account) ?? byAccount.set(w.account, []).get(w.account)).push(w);
  let blocked = 0;
  let stopping = false;
  let retried = 0;
  const arm = (w) => {
    blocked++;
    post(`<AdminWaitSetRequest xmlns="urn:zimbraAdmin" waitSet="${w.waitSet}" seq="${w.seq}" block="1" timeout="1800"/>`, admin).then(
      (text) => {
        blocked--;
        w.seq = /seq="([^"]+)"/.exec(text)?.[1] ?? w.seq;
        w.onWake?.(text);
        if (!stopping) arm(w);
      },
      (err) => {
        blocked--;
        if (stopping) return;
        // A keep-alive socket the server closed meanwhile, or a busy notifier: a client waits again.
        retried++;
        setTimeout(() => arm(w), 200);
        if (retried <= 3) console.error(`waiter retried: ${err.message.slice(0, 160)}`);
      },
    );
  };
  // A client population arrives over time, not in one burst: ARM_RATE new waits per second.
  const ARM_RATE = Number(process.env.BENCH_ARM_RATE ?? 500);
  for (let i = 0; i < waiters.length; i += ARM_RATE / 10) {
    for (const w of waiters.slice(i, i + ARM_RATE / 10)) arm(w);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 5000));
  console.log(`${blocked} WaitSet requests blocked on one soap-gateway`);
  const memory = () =>
    [...system.services.children.entries()].map(([service, child]) => `${service} ${rssMiB(child.pid)} MiB`).join(', ');
  console.log(`memory (RSS) while holding them: ${memory()}`);

  // Commits are published on es.<stream>: a plain subscription sees each one as it is stored.
  const nc = await connect({ servers: system.natsUrl });
  const commitSeen = new Map();
  const signalSeen = new Map();
  nc.subscribe('es.*', { callback: (_, msg) => msg.subject.startsWith('es.mailbox-') && commitSeen.set(msg.subject.slice('es.mailbox-'.length), performance.now()) });
  // The notifier's change signal, to tell its share of a wake-up from the gateway's.
  nc.subscribe('signal.changes.*', { callback: (_, msg) => signalSeen.has(msg.subject.slice('signal.changes.'.length)) || signalSeen.set(msg.subject.slice('signal.changes.'.length), performance.now()) });
  await nc.flush();
  const lmtp = createTransport({ host: '127.0.0.1', port: system.ports.lmtp, lmtp: true, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
  const latencies = [];
  const endToEnd = [];
  const toSignal = [];
  let missed = 0;
  for (let c = 0; c < CHANGES; c++) {
    const account = Math.floor(Math.random() * ACCOUNTS);
    const group = byAccount.get(account) ?? [];
    let sent = 0;
    const woken = Promise.all(
      group.map(
        (w) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => {
              missed++;
              if (missed <= 3) console.error(`a waiter on u${account} did not wake within 10 s`);
              w.onWake = undefined;
              resolve();
            }, 10_000);
            w.onWake = (text) => {
              clearTimeout(timer);
              w.onWake = undefined;
              if (text.includes(`<n id="${accountIds[account]}"`)) {
                const now = performance.now();
                endToEnd.push(now - sent);
                latencies.push(now - (commitSeen.get(accountIds[account]) ?? sent));
              } else {
                missed++;
                if (missed <= 3) console.error(`a waiter on u${account} answered without it: ${text.slice(text.indexOf('<soap:Body>'), text.indexOf('<soap:Body>') + 200)}`);
              }
              resolve();
            };
          }),
      ),
    );
    sent = performance.now();
    commitSeen.delete(accountIds[account]);
    signalSeen.delete(accountIds[account]);
    const info = await lmtp.sendMail({ envelope: { from: 'load@outside.test', to: [`u${account}@bench.test`] }, raw: `From: load@outside.test\r\nTo: u${account}@bench.test\r\nSubject: change ${c}\r\nMessage-ID: <change-${c}@outside.test>\r\n\r\nchange ${c}\r\n` });
    if (info.rejected?.length) console.error(`delivery ${c} to u${account} refused: ${JSON.stringify(info.rejectedErrors?.map((e) => e.response) ?? info.response)}`);
    await woken;
    if (commitSeen.has(accountIds[account]) && signalSeen.has(accountIds[account])) toSignal.push(signalSeen.get(accountIds[account]) - commitSeen.get(accountIds[account]));
    // Let the woken clients wait again before the next change.
    await new Promise((r) => setTimeout(r, 200));
  }
  lmtp.close();
  await nc.close();
  latencies.sort((a, b) => a - b);
  endToEnd.sort((a, b) => a - b);
  toSignal.sort((a, b) => a - b);
  console.log(`changes: ${CHANGES} deliveries to random accounts, ${latencies.length} wake-ups measured, ${missed} missed, ${retried} waits retried`);
  const line = (label, samples) => `${label.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(samples, 99).toFixed(1).padStart(6)} ms   max ${samples[samples.length - 1].toFixed(1).padStart(6)} ms`;
  console.log(line('wake-up latency (event committed -> answer)', latencies));
  console.log(line('end to end (mail sent over LMTP -> answer)', endToEnd));
  console.log(line('of which commit -> notifier signal', toSignal));
  console.log(`blocked at the end: ${blocked}; memory (RSS): ${memory()}`);
  stopping = true;
  agent.destroy();
} finally {
  await system.stop();
}
