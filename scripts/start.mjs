// npm start: installs what is missing, starts nats-server (unless NATS_URL is set) and the six
// services, prints the endpoints, and stops everything cleanly on Ctrl-C.
import { writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuilt, ensureDebianPackage, nodeVersionOk } from './lib/prerequisites.mjs';
import { dataDirFor, freePort, portInUse, startNats, startServices } from './lib/launcher.mjs';

nodeVersionOk();
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const dirs = dataDirFor(dataDir);
if (!process.env.NATS_URL) ensureDebianPackage('nats-server', 'nats-server');
ensureBuilt();

let nats;
if (!process.env.NATS_URL) {
  let port = Number(process.env.NATS_PORT ?? 4222);
  if (await portInUse(port)) {
    const other = await freePort();
    console.log(`port ${port} is taken; the local nats-server uses ${other} (set NATS_PORT or NATS_URL to choose)`);
    port = other;
  }
  nats = await startNats({ port, storeDir: dirs.nats });
}
const natsUrl = process.env.NATS_URL ?? nats.url;
const soapPort = Number(process.env.SOAP_PORT ?? 7070);
const adminPort = Number(process.env.SOAP_ADMIN_PORT ?? 7071);
const expressoPort = Number(process.env.EXPRESSO_PORT ?? 8080);
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const lmtpPort = Number(process.env.LMTP_PORT ?? 7025);

const quiet = process.env.LOG_LEVEL === 'silent';
let system;
try {
  system = await startServices({
    env: { NATS_URL: natsUrl, DATA_DIR: dirs.services },
    onLine: (service, line) => {
      if (!quiet) process.stdout.write(line.startsWith('{') ? `${line}\n` : `[${service}] ${line}\n`);
    },
    waitForPorts: [soapPort, adminPort, expressoPort, smtpPort, lmtpPort],
  });
} catch (error) {
  console.error(String(error));
  await nats?.stop();
  process.exit(1);
}

// The ops scripts (npm run rebuild / audit) find the running system through this file.
const runtimeFile = join(dataDir, 'runtime.json');
writeFileSync(runtimeFile, JSON.stringify({ natsUrl, pid: process.pid, startedAt: new Date().toISOString() }, null, 2));

console.log(`
Groupware is up.
  Zimbra SOAP (user)   http://localhost:${soapPort}/service/soap
  Zimbra SOAP (admin)  http://localhost:${adminPort}/service/admin/soap
  Expresso API         http://localhost:${expressoPort}/api/rest/
  SMTP / LMTP          localhost:${smtpPort} / localhost:${lmtpPort}
  Health               http://localhost:${soapPort}/health
  NATS                 ${natsUrl}${nats ? ` (JetStream data in ${dirs.nats})` : ''}
  Data                 ${dataDir}
Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await system.stop();
  await nats?.stop();
  rmSync(runtimeFile, { force: true });
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
for (const [service, child] of system.children) {
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`${service} stopped unexpectedly (exit ${code}); stopping everything`);
      void shutdown();
    }
  });
}
