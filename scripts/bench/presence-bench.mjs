// Presence benchmark: BENCH_USERS accounts (default 10,000) in a domain that publishes presence,
// every one of them online (a mix of online, away, xa, dnd and chat), then BENCH_CLIENTS concurrent
// keep-alive HTTP clients (default 32) ask GET /xmpp/status/<jid> for BENCH_SECONDS (default 20),
// spread evenly over all users. Prints lookups per second and the p50/p99 latency, then the same
// for JIDs that are not published (the 404 path). Starts its own system on free ports.
//   node scripts/bench/presence-bench.mjs          (npm run bench:presence)
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from '../lib/prerequisites.mjs';
import { percentile, soap, startBenchSystem } from './bench-system.mjs';

const require = createRequire(join(root, 'package.json'));
const { connect, JSONCodec } = require('nats');

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** Concurrent requests while creating accounts and setting presence. */
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY ?? 32);
const DOMAIN = 'bench.test';
const SHOWS = ['online', 'online', 'away', 'xa', 'dnd', 'chat'];

const system = await startBenchSystem();
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
const port = system.ports.soap;

/** Runs `task(i)` for i in [0, count) with `concurrency` at a time; reports progress. */
async function pool(label, count, concurrency, task) {
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
      if (++done % 2000 === 0) console.log(`  ${label}: ${done} (${Math.round(done / ((performance.now() - started) / 1000))}/s)`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${count} in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)}/s`);
}

/** One GET on a keep-alive socket; resolves with status, body and the latency in ms. */
function get(path) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** BENCH_CLIENTS clients asking `pathOf(k)` for the k-th lookup, for BENCH_SECONDS after a 2 s warm-up. */
async function lookups(label, pathOf, check) {
  const latencies = [];
  let k = 0;
  let failed = 0;
  let firstFailure;
  let measuring = false;
  let stop = false;
  const client = async () => {
    while (!stop) {
      const i = k++;
      try {
        const res = await get(pathOf(i));
        const problem = check(res, i);
        if (problem) throw new Error(problem);
        if (measuring) latencies.push(res.ms);
      } catch (err) {
        if (measuring) failed++;
        firstFailure ??= err.message;
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  await new Promise((r) => setTimeout(r, 2000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(clients);
  latencies.sort((a, b) => a - b);
  const fmt = (p) => `${percentile(latencies, p).toFixed(1)} ms`;
  console.log(
    `${label}: ${latencies.length} lookups in ${seconds.toFixed(1)} s = ${Math.round(latencies.length / seconds)} requests/s, ` +
      `p50 ${fmt(50)}, p99 ${fmt(99)}, max ${latencies.at(-1).toFixed(1)} ms, ${failed} failed${firstFailure ? ` (first: ${firstFailure})` : ''}`,
  );
  return k;
}

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Per process, how many CPUs it kept busy while `fn` ran: shows which one limits the throughput. */
async function cpuShare(fn) {
  const pids = [['bench clients', process.pid], ...[...system.services.children.entries()].map(([service, child]) => [service, child.pid])];
  const before = pids.map(([, pid]) => cpuSeconds(pid));
  const started = performance.now();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  const busy = pids.map(([name, pid], i) => [name, (cpuSeconds(pid) - before[i]) / seconds]).filter(([, cpus]) => cpus >= 0.05);
  console.log(`  CPUs busy: ${busy.map(([name, cpus]) => `${name} ${cpus.toFixed(2)}`).join(', ')}`);
  return result;
}

const rssMiB = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? (Number(m[1]) / 1024).toFixed(0) : '?';
};

try {
  const admin = await system.adminToken();
  const domainId = /<domain [^>]*id="([^"]+)"/.exec(await soap(system.adminUrl, `<GetDomainRequest xmlns="urn:zimbraAdmin"><domain by="name">${DOMAIN}</domain></GetDomainRequest>`, admin))[1];
  await soap(system.adminUrl, `<ModifyDomainRequest xmlns="urn:zimbraAdmin"><id>${domainId}</id><a n="zimbraPresencePublished">TRUE</a></ModifyDomainRequest>`, admin);

  // Accounts without a password: nobody signs in, and scrypt would dominate the set-up.
  console.log(`creating ${USERS} accounts in ${DOMAIN} (publishing presence) ...`);
  const ids = new Array(USERS);
  await pool('accounts created', USERS, SETUP_CONCURRENCY, async (i) => {
    const created = await soap(system.adminUrl, `<CreateAccountRequest xmlns="urn:zimbraAdmin"><name>u${i}@${DOMAIN}</name></CreateAccountRequest>`, admin);
    ids[i] = /<account [^>]*id="([^"]+)"/.exec(created)[1];
  });

  // Presence through the im-presence command, enveloped with each user's principal as the SOAP
  // gateway relays IMSetPresence.
  const nc = await connect({ servers: system.natsUrl });
  const codec = JSONCodec();
  const subject = 'cmd.im-presence.IMSetPresence';
  await pool('presences set', USERS, SETUP_CONCURRENCY * 2, async (i) => {
    const principal = { id: ids[i], name: `u${i}@${DOMAIN}`, isAdmin: false, tokenId: `bench-${i}` };
    const request = { id: randomUUID(), principal, payload: { show: SHOWS[i % SHOWS.length], sessionId: 'bench' } };
    const reply = await nc.request(subject, codec.encode({ pattern: subject, data: request, id: randomUUID() }), { timeout: 30_000 });
    const { response } = codec.decode(reply.data);
    if (!response.ok) throw new Error(`IMSetPresence u${i}: ${JSON.stringify(response.error)}`);
  });
  await nc.close();

  // Lookups spread over every user: a shuffled order, cycled.
  const order = Array.from({ length: USERS }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const userAt = (k) => order[k % USERS];
  const shown = (i) => SHOWS[i % SHOWS.length];
  // Other work on the machine shows in the figures: say how busy it was.
  console.log(`${CLIENTS} keep-alive clients, ${SECONDS} s each (after a 2 s warm-up); ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}:`);
  const asked = await cpuShare(() => lookups('published presence (200)', (k) => `/xmpp/status/u${userAt(k)}@${DOMAIN}`, (res, k) => {
    const i = userAt(k);
    if (res.status !== 200) return `u${i}: HTTP ${res.status} ${res.body.slice(0, 100)}`;
    if (!res.body.includes(`from="u${i}@${DOMAIN}"`)) return `u${i}: ${res.body.slice(0, 100)}`;
    const show = /<show>(\w+)<\/show>/.exec(res.body)?.[1] ?? 'online';
    return show === shown(i) ? undefined : `u${i}: show ${show}, expected ${shown(i)}`;
  }));
  console.log(`  (${asked} lookups issued, each of the ${USERS} users asked ${Math.floor(asked / USERS)}-${Math.ceil(asked / USERS)} times)`);
  await cpuShare(() => lookups('not published (404)', (k) => `/xmpp/status/nobody${k % USERS}@${DOMAIN}`, (res) => (res.status === 404 ? undefined : `HTTP ${res.status}`)));
  console.log(`memory (RSS): ${[...system.services.children.entries()].map(([service, child]) => `${service} ${rssMiB(child.pid)} MiB`).join(', ')}`);
  agent.destroy();
} finally {
  await system.stop();
}
