// The whole system for an end-to-end test: its own nats-server on a free port, a temp data
// directory, the six services from their build, and free HTTP ports. Nothing is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper shared with `npm start`
import { freePort, startNats, startServices } from '../../scripts/lib/launcher.mjs';

export interface RunningSystem {
  adminUrl: string;
  userUrl: string;
  expressoUrl: string;
  smtpPort: number;
  lmtpPort: number;
  natsUrl: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  logs: string[];
  /** The environment the services run with. */
  env: Record<string, string>;
  /** Starts more instances of some services with the same configuration (scale-out). */
  startMore(services: string[]): Promise<{ stop(): Promise<void> }>;
  /** Stops one service (its first instance), to see how the others cope. */
  stopService(service: string): Promise<void>;
  /** Stops and starts every service again (NATS and data stay). */
  restartServices(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSystem(opts: { env?: Record<string, string> } = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'groupware-e2e-'));
  const nats = await startNats({ port: await freePort(), storeDir: join(dataDir, 'nats') });
  const [userPort, adminPort, expressoPort, smtpPort, lmtpPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const adminEmail = 'admin@e2e.test';
  const adminPassword = 'admin-secret-1';
  const logs: string[] = [];
  const env = {
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    SOAP_PORT: String(userPort),
    SOAP_ADMIN_PORT: String(adminPort),
    EXPRESSO_PORT: String(expressoPort),
    SMTP_PORT: String(smtpPort),
    LMTP_PORT: String(lmtpPort),
    HTTP_HOST: '127.0.0.1',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const launch = () =>
    startServices({
      env,
      onLine: (service: string, line: string) => {
        logs.push(`[${service}] ${line}`);
        if (process.env.E2E_VERBOSE) console.log(`[${service}] ${line}`);
      },
      waitForPorts: [userPort, adminPort, expressoPort, smtpPort, lmtpPort],
    });
  let services = await launch();
  await waitForHealth(`http://127.0.0.1:${userPort}/health`);
  return {
    adminUrl: `http://127.0.0.1:${adminPort}/service/admin/soap`,
    userUrl: `http://127.0.0.1:${userPort}/service/soap`,
    expressoUrl: `http://127.0.0.1:${expressoPort}/api/rest`,
    smtpPort,
    lmtpPort,
    natsUrl: nats.url,
    dataDir,
    adminEmail,
    adminPassword,
    logs,
    env,
    async startMore(services: string[]) {
      const extra = await startServices({ env, services, onLine: (service: string, line: string) => logs.push(`[${service}+] ${line}`) });
      return { stop: () => extra.stop() };
    },
    stopService: (service: string) => services.stopOne(service),
    async restartServices() {
      await services.stop();
      services = await launch();
      await waitForHealth(`http://127.0.0.1:${userPort}/health`);
    },
    async stop() {
      await services.stop();
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Services announce readiness through /health once every one of them answers over NATS. Four of
 * them open an embedded database at start; with two test files starting systems at once on a
 * 2-core machine that can take over a minute, hence the generous bound.
 */
export async function waitForHealth(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = await res.text();
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`system not healthy after ${timeoutMs} ms: ${last}`);
}

/** Posts a raw SOAP/JSON body and returns status, content type and text. */
export async function post(url: string, body: string, contentType = 'application/soap+xml; charset=utf-8') {
  const res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': contentType } });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

export const soap12 = (body: string, header = '') =>
  `<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">${header ? `<soap:Header>${header}</soap:Header>` : ''}<soap:Body>${body}</soap:Body></soap:Envelope>`;

export const soap11 = (body: string, header = '') =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">${header ? `<soapenv:Header>${header}</soapenv:Header>` : ''}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

export const contextHeader = (authToken: string) => `<context xmlns="urn:zimbra"><authToken>${authToken}</authToken></context>`;
