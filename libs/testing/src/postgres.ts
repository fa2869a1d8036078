import { spawn, type ChildProcess } from 'node:child_process';
import { constants, readFileSync } from 'node:fs';
import { access, chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';

/** A PostgreSQL server that lives as long as a test file needs it. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, no password). */
  url: string;
  /** Shuts the server down and deletes its data directory (a no-op for `TEST_DATABASE_URL`). */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/**
 * Starts a throwaway PostgreSQL cluster for tests.
 *
 * `TEST_DATABASE_URL` wins when set (CI with a service container, or a developer's own server).
 * Otherwise the PostgreSQL binaries are taken from PATH or /usr/lib/postgresql/<version>/bin; a
 * fresh Debian machine has none, so as root we install the `postgresql` package. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };

  const binaries = await findOrInstallBinaries();
  const runAs = isRoot() ? await postgresOsUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'gw-pg-'));
  try {
    if (runAs) await chown(dir, runAs.uid, runAs.gid);
    const dataDir = join(dir, 'data');
    await runToCompletion(
      binaries.initdb,
      // C locale and no fsync: nothing here outlives the test run.
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, runAs },
    );
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = new ServerProcess(
        binaries.postgres,
        ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-F'],
        { cwd: dir, runAs },
      );
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      if (await server.waitUntilAccepting(url)) {
        return { url, stop: () => server.stop().finally(() => rm(dir, { recursive: true, force: true })) };
      }
      // Another process may have taken the port between freePort() and the bind: try another.
      const portTaken = /could not bind|address already in use/i.test(server.output());
      if (!portTaken || attempt >= START_ATTEMPTS) {
        await server.stop();
        throw new Error(`PostgreSQL did not start:\n${server.output()}`);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface OsUser {
  name: string;
  uid: number;
  gid: number;
  /** runuser, which lives in /usr/sbin: often not on a non-login PATH. */
  runuser: string;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function findOrInstallBinaries(): Promise<Binaries> {
  const found = await findBinaries();
  if (found) return found;
  if (!isRoot()) {
    throw new Error('PostgreSQL binaries (initdb, postgres) not found; install PostgreSQL or set TEST_DATABASE_URL');
  }
  await installPostgresPackage();
  const installed = await findBinaries();
  if (!installed) throw new Error('installed the postgresql package but still found no initdb/postgres');
  return installed;
}

/** initdb and postgres from the same directory, so the cluster and the server match versions. */
async function findBinaries(): Promise<Binaries | undefined> {
  for (const dir of [...pathDirs(), ...(await debianPostgresBinDirs())]) {
    const initdb = join(dir, 'initdb');
    const postgres = join(dir, 'postgres');
    if ((await isExecutable(initdb)) && (await isExecutable(postgres))) return { initdb, postgres };
  }
  return undefined;
}

/** Debian keeps the server binaries off PATH, one directory per major version; newest first. */
async function debianPostgresBinDirs(): Promise<string[]> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  return versions
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((version) => join(root, version, 'bin'));
}

async function findExecutable(name: string, extraDirs: string[]): Promise<string | undefined> {
  for (const dir of [...pathDirs(), ...extraDirs]) {
    if (await isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function pathDirs(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean);
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** A fresh machine may have stale package lists, so `apt-get update` only when the install fails. */
async function installPostgresPackage(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', 'postgresql'];
  try {
    await runToCompletion('apt-get', install, { env });
  } catch {
    await runToCompletion('apt-get', ['update'], { env });
    await runToCompletion('apt-get', install, { env });
  }
}

async function postgresOsUser(): Promise<OsUser> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no `postgres` OS user to run PostgreSQL as');
  const [name, , uid, gid] = line.split(':');
  const runuser = await findExecutable('runuser', ['/usr/sbin', '/sbin']);
  if (!runuser) throw new Error('running as root but `runuser` (util-linux) is missing');
  return { name: name!, uid: Number(uid), gid: Number(gid), runuser };
}

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  runAs?: OsUser;
}

function spawnProcess(command: string, args: string[], options: RunOptions): ChildProcess {
  const [file, argv] = options.runAs
    ? [options.runAs.runuser, ['-u', options.runAs.name, '--', command, ...args]]
    : [command, args];
  return spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function runToCompletion(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnProcess(command, args, options);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${output.slice(-8000)}`));
    });
  });
}

/** A running `postgres` process: its log, readiness and shutdown. */
class ServerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private log = '';
  private hasExited = false;
  private readonly dataDir: string;
  // Kill the server when the test process exits without calling stop(), so no cluster is orphaned.
  private readonly killOnExit = () => this.signal('SIGQUIT');

  constructor(command: string, args: string[], options: RunOptions) {
    this.dataDir = args[args.indexOf('-D') + 1]!;
    this.child = spawnProcess(command, args, options);
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-16_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', (error) => {
        keep(Buffer.from(String(error)));
        resolve();
      });
    }).then(() => {
      this.hasExited = true;
    });
    process.once('exit', this.killOnExit);
    // A forgotten stop() must not keep the test process alive forever; the exit hook cleans up.
    this.child.unref();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  }

  output(): string {
    return this.log;
  }

  async waitUntilAccepting(url: string): Promise<boolean> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!this.hasExited && Date.now() < deadline) {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
    return false;
  }

  /** Fast shutdown (SIGINT) first, SIGKILL when it does not finish in time. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    if (this.hasExited) return;
    this.child.ref(); // keep the process alive until the server is really gone
    this.signal('SIGINT');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.signal('SIGKILL');
      await this.exited;
    }
  }

  /**
   * As root the child is `runuser`, so signal the postmaster itself (its pid is the first line of
   * postmaster.pid); fall back to the child before the pid file exists.
   */
  private signal(signal: NodeJS.Signals): void {
    if (this.hasExited) return; // its pid may already belong to someone else
    for (const pid of [this.postmasterPid(), this.child.pid]) {
      if (!pid) continue;
      try {
        process.kill(pid, signal);
        return;
      } catch {
        // Already gone: try the next candidate.
      }
    }
  }

  private postmasterPid(): number | undefined {
    try {
      // Synchronous on purpose: this also runs from the process 'exit' hook.
      const text = readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8');
      const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
      return Number.isFinite(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }
}
