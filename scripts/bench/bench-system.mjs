// The whole system for a benchmark: its own nats-server on a free port, a temp data directory,
// every service from its build, and a small SOAP client. Nothing is shared with a running system.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ensureDebianPackage } from '../lib/prerequisites.mjs';
import { freePort, startNats, startServices } from '../lib/launcher.mjs';

export const ADMIN = { name: 'admin@bench.test', password: 'bench-admin-password' };

export async function startBenchSystem(extraEnv = {}) {
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
    ADMIN_EMAIL: ADMIN.name,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...extraEnv,
  };
  // BENCH_LOG=<file> keeps the services' log lines (warnings and errors at the default level).
  const log = process.env.BENCH_LOG;
  const services = await startServices({ env, waitForPorts: Object.values(ports), onLine: log ? (service, line) => appendFileSync(log, `[${service}] ${line}\n`) : () => {} });
  const userUrl = `http://127.0.0.1:${ports.soap}/service/soap`;
  const adminUrl = `http://127.0.0.1:${ports.admin}/service/admin/soap`;
  // The admin account exists once the mailbox service has bootstrapped it.
  for (let i = 0; i < 120; i++) {
    try {
      await soap(adminUrl, `<AuthRequest xmlns="urn:zimbraAdmin"><name>${ADMIN.name}</name><password>${ADMIN.password}</password></AuthRequest>`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    natsUrl: nats.url,
    ports,
    userUrl,
    adminUrl,
    services,
    async adminToken() {
      return tokenOf(await soap(adminUrl, `<AuthRequest xmlns="urn:zimbraAdmin"><name>${ADMIN.name}</name><password>${ADMIN.password}</password></AuthRequest>`));
    },
    async stop() {
      await services.stop();
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function soap(url, body, token) {
  const header = token ? `<soap:Header><context xmlns="urn:zimbra"><authToken>${token}</authToken></context></soap:Header>` : '';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/soap+xml' },
    body: `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">${header}<soap:Body>${body}</soap:Body></soap:Envelope>`,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`SOAP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

export const tokenOf = (text) => /<authToken>([^<]+)</.exec(text)[1];

/** The p-th percentile of ascending samples. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
