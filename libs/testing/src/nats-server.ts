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

/** Several JetStream servers routed into one cluster, for replicated streams. */
export interface TestNatsCluster {
  /** Client URLs of all nodes, for `connect({ servers })`. */
  urls: string[];
  nodes: TestNatsServer[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/**
 * Starts `nats-server -js` on 127.0.0.1 for tests. It never uses the default port 4222, which a
 * system server may hold. "Ready" means the monitoring endpoint reports healthy, which after a
 * restart includes JetStream having recovered its streams, not merely an open client port.
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<TestNatsServer> {
  const binary = await findNatsServerBinary();
  const storeDir = options.storeDir ?? (await temporaryStoreDir());
  for (let attempt = 1; ; attempt++) {
    const node: NodeSpec = { port: options.port ?? (await freePort()), monitorPort: await freePort(), storeDir, extraArgs: [] };
    const server = new TestNode(binary, node);
    try {
      await server.start();
      return server.handle();
    } catch (error) {
      // Another process may have taken a port between freePort() and the bind: try other ports.
      const portTaken = /address already in use/i.test(server.output());
      if (!portTaken || options.port !== undefined || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

/**
 * Starts a cluster of `size` JetStream servers (default 3, enough for replicas: 3). Readiness
 * waits for every node to report healthy, which includes the JetStream meta group having a leader.
 */
export async function startNatsCluster(options: { size?: number } = {}): Promise<TestNatsCluster> {
  const binary = await findNatsServerBinary();
  const size = options.size ?? 3;
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
  const nodes = await Promise.all(
    clusterPorts.map(async (clusterPort, i) => {
      const spec: NodeSpec = {
        port: await freePort(),
        monitorPort: await freePort(),
        storeDir: await temporaryStoreDir(),
        extraArgs: ['--server_name', `n${i + 1}`, '--cluster_name', 'test', '--cluster', `nats://127.0.0.1:${clusterPort}`, '--routes', routes],
      };
      return new TestNode(binary, spec);
    }),
  );
  const stopAll = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    // All at once: none becomes healthy before a meta leader is elected among them.
    await Promise.all(nodes.map((node) => node.start()));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const handles = nodes.map((node) => node.handle());
  return { urls: handles.map((handle) => handle.url), nodes: handles, stop: stopAll };
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

async function temporaryStoreDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-nats-'));
  temporaryDirs.add(dir);
  return dir;
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

interface NodeSpec {
  port: number;
  monitorPort: number;
  storeDir: string;
  extraArgs: string[];
}

/** One server identity (ports, store) across restarts. */
class TestNode {
  private server: NatsServerProcess | null = null;

  constructor(
    private readonly binary: string,
    private readonly spec: NodeSpec,
  ) {}

  async start(): Promise<void> {
    const { port, monitorPort, storeDir, extraArgs } = this.spec;
    const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), '-sd', storeDir, ...extraArgs];
    const server = new NatsServerProcess(spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    this.server = server;
    if (!(await server.waitUntilHealthy(monitorPort))) {
      await server.stop();
      throw new Error(`nats-server did not become healthy on port ${port}:\n${server.output()}`);
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  output(): string {
    return this.server?.output() ?? '';
  }

  handle(): TestNatsServer {
    return {
      url: `nats://127.0.0.1:${this.spec.port}`,
      port: this.spec.port,
      storeDir: this.spec.storeDir,
      stop: () => this.stop(),
      restart: async () => {
        await this.stop();
        await this.start();
      },
    };
  }
}

/** One run of the nats-server binary: its log, readiness and shutdown. */
class NatsServerProcess {
  private log = '';
  private hasExited = false;
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
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

  output(): string {
    return this.log;
  }

  async waitUntilHealthy(monitorPort: number): Promise<boolean> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!this.hasExited && Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${monitorPort}/healthz`, { signal: AbortSignal.timeout(1_000) });
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
