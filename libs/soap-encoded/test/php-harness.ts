// PHP as ground truth: installs php-cli and php-soap when missing (Debian, as root), runs PHP's
// own SoapServer under `php -S`, and runs PHP's SoapClient (test/php/client.php) against a URL.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper shared with the end-to-end tests
import { ensurePhpSoap } from '../../../scripts/lib/php.mjs';

export const PHP_DIR = join(__dirname, 'php');
export const NS = 'http://z-push.org/webservice';
/** Pinned so the ground truth does not depend on the machine's php.ini. */
const PHP_INI = ['-d', 'precision=14', '-d', 'serialize_precision=-1', '-d', 'default_socket_timeout=20', '-d', 'display_errors=stderr'];

export { ensurePhpSoap };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`php -S did not listen on ${port}`);
}

/** PHP's SoapServer (test/php/server.php) under the built-in web server. */
export async function startPhpSoapServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('php', [...PHP_INI, '-S', `127.0.0.1:${port}`, join(PHP_DIR, 'server.php')], { cwd: PHP_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port);
  } catch (err) {
    child.kill();
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export type ClientCall =
  | { method: 'Get' | 'Echo'; fixture: string }
  | { method: string; args?: unknown[] };

export interface ClientResult {
  call: ClientCall;
  /** var_export of the decoded result, absent after a fault. */
  export?: string;
  json?: string;
  fault: { code: string; string: string } | null;
  request: string;
  response: string;
  responseHeaders: string;
}

/** Runs PHP's SoapClient (test/php/client.php) for each call against url. */
export function runPhpClient(url: string, calls: ClientCall[], login = 'user1', password = 'secret'): Promise<ClientResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', [...PHP_INI, join(PHP_DIR, 'client.php'), url, login, password], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`php client.php exited with ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout) as ClientResult[]);
      } catch (err) {
        reject(new Error(`unreadable client.php output: ${(err as Error).message}\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(calls));
  });
}

/** The HTTP status line of a raw header block, e.g. 500. */
export function statusOf(responseHeaders: string): number {
  return Number(/^HTTP\/\S+\s+(\d{3})/.exec(responseHeaders)?.[1]);
}

export function headerOf(responseHeaders: string, name: string): string | undefined {
  const re = new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'im');
  return re.exec(responseHeaders)?.[1];
}
