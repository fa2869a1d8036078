// Brings the whole system up on one host: a JetStream nats-server (unless NATS_URL is given) and
// the six services as child processes. Used by `npm start` and by the end-to-end tests.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { findExecutable, root } from './prerequisites.mjs';

export const SERVICES = ['mailbox', 'notifier', 'im-presence', 'device-sync', 'soap-gateway', 'jsonrpc-gateway', 'mta-gateway'];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(port, timeoutMs = 20_000, host = '127.0.0.1') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portInUse(port, host)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

function stopChild(child, timeoutMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts a JetStream nats-server keeping its data in storeDir. */
export async function startNats({ port, storeDir, log = 'ignore' }) {
  const binary = findExecutable('nats-server');
  if (!binary) throw new Error('nats-server is missing: install the Debian package nats-server');
  mkdirSync(storeDir, { recursive: true });
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: ['ignore', log, log] });
  let stopping = false;
  child.once('exit', (code) => {
    if (code && !stopping) console.error(`nats-server exited with code ${code}`);
  });
  await waitForPort(port);
  const stop = () => {
    stopping = true;
    return stopChild(child);
  };
  return { url: `nats://127.0.0.1:${port}`, port, stop };
}

/**
 * Starts the services. `env` is added to each service's environment; `onLine` receives every
 * line they print (JSON logs) with the service name; `waitForPorts` are polled until they listen.
 */
export async function startServices({ env, onLine, waitForPorts = [], services = SERVICES }) {
  const children = new Map();
  for (const service of services) {
    const child = spawn(process.execPath, [join(root, 'apps', service, 'dist', 'main.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onLine?.(service, line);
      });
    }
    children.set(service, child);
  }
  const exited = new Promise((_, reject) => {
    for (const [service, child] of children) {
      child.once('exit', (code) => reject(new Error(`${service} exited during start-up (code ${code})`)));
    }
  });
  exited.catch(() => undefined);
  await Promise.race([Promise.all(waitForPorts.map((p) => waitForPort(p, 60_000))), exited]);
  return {
    children,
    /** Stops every service (SIGTERM, then SIGKILL after 10 s). */
    stop: () => Promise.all([...children.values()].map((c) => stopChild(c))),
    stopOne: (service) => stopChild(children.get(service)),
  };
}

export const dataDirFor = (base) => ({ nats: join(base, 'nats'), services: base });
