import { spawn, type ChildProcess } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './ports';

export { freePort } from './ports';

/** A nats-server with JetStream that lives as long as a test file needs it. */
export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** JetStream store directory; it survives `stop()` so that `restart()` finds its data again. */
  storeDir: string;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port and store directory. */
  restart(): Promise<void>;
}

export interface StartNatsServerOptions {
  /** Default: a free port. */
  port?: number;
  /** Default: a fresh temporary directory, deleted when the test process exits. */
  storeDir?: string;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/**
 * Starts `nats-server -js` on 127.0.0.1 for tests. It never uses the default port 4222, which a
 * system server may hold. "Ready" means the monitoring endpoint reports healthy, which after a
 * restart includes JetStream having recovered its streams, not merely an open client port.
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<TestNatsServer> {
  const binary = await findNatsServerBinary();
  const ownsStoreDir = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'gw-nats-')));
  if (ownsStoreDir) temporaryDirs.add(storeDir);

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const monitorPort = await freePort();
    const launch = () => NatsServerProcess.start(binary, port, monitorPort, storeDir);
    let server = await launch();
    if (await server.waitUntilHealthy()) {
      return {
        url: `nats://127.0.0.1:${port}`,
        port,
        storeDir,
        stop: () => server.stop(),
        restart: async () => {
          await server.stop();
          server = await launch();
          if (!(await server.waitUntilHealthy())) {
            await server.stop();
            throw new Error(`nats-server did not come back on port ${port}:\n${server.output()}`);
          }
        },
      };
    }
    await server.stop();
    // Another process may have taken a port between freePort() and the bind: try other ports.
    const portTaken = /address already in use/i.test(server.output());
    if (!portTaken || options.port !== undefined || attempt >= START_ATTEMPTS) {
      throw new Error(`nats-server did not start on port ${port}:\n${server.output()}`);
    }
  }
}

async function findNatsServerBinary(): Promise<string> {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  // Debian installs it in /usr/sbin, which is not on every user's PATH.
  for (const dir of [...pathDirs, '/usr/sbin', '/usr/local/bin']) {
    const candidate = join(dir, 'nats-server');
    if (await isExecutable(candidate)) return candidate;
  }
  throw new Error(
    'nats-server not found on PATH or in /usr/sbin; install the Debian package: apt-get install nats-server',
  );
}

function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * A test process that exits without stop() must not leave servers or directories behind. One
 * hook does both, servers first, so nothing writes into a directory being deleted.
 */
const runningServers = new Set<NatsServerProcess>();
const temporaryDirs = new Set<string>();
process.once('exit', () => {
  for (const server of runningServers) server.kill();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** One run of the nats-server binary: its log, readiness and shutdown. */
class NatsServerProcess {
  private log = '';
  private hasExited = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly monitorPort: number,
  ) {
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-16_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (error) => {
        keep(Buffer.from(String(error)));
        resolve();
      });
    }).then(() => {
      this.hasExited = true;
      runningServers.delete(this);
    });
    runningServers.add(this);
    // A forgotten stop() must not keep the test process alive; the exit hook still kills it.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  }

  static async start(binary: string, port: number, monitorPort: number, storeDir: string): Promise<NatsServerProcess> {
    const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), '-sd', storeDir];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    return new NatsServerProcess(child, monitorPort);
  }

  output(): string {
    return this.log;
  }

  async waitUntilHealthy(): Promise<boolean> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!this.hasExited && Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.monitorPort}/healthz`, {
          signal: AbortSignal.timeout(1_000),
        });
        if (response.ok) return true;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  /** SIGTERM lets JetStream flush its store; SIGKILL when that takes too long. */
  async stop(): Promise<void> {
    if (this.hasExited) return;
    this.child.ref(); // keep the test process alive until the server is really gone
    this.signal('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.signal('SIGKILL');
      await this.exited;
    }
  }

  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.hasExited) return; // its pid may already belong to another process
    try {
      this.child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
