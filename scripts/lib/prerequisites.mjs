// What a fresh Debian machine with Node.js 20 lacks, installed on demand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
};

export function findExecutable(name, extraDirs = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin', ...extraDirs]) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Installs Debian packages when their command is missing (needs root, as on a fresh machine). */
export function ensureDebianPackage(command, pkg) {
  if (findExecutable(command)) return;
  if (process.getuid?.() !== 0) throw new Error(`${command} is missing: install the Debian package ${pkg}`);
  console.log(`installing ${pkg} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  if (install().status !== 0) {
    run('apt-get', ['update'], { env });
    if (install().status !== 0) throw new Error(`apt-get install ${pkg} failed`);
  }
}

/** npm dependencies, then the TypeScript build (incremental: quick when nothing changed). */
export function ensureBuilt() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
    console.log('installing npm dependencies…');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
  // SKIP_BUILD=1: use the build as it is (handy while one app is mid-edit).
  if (process.env.SKIP_BUILD === '1') return;
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json']);
}

export function nodeVersionOk() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) throw new Error(`Node.js 20 or newer is required (found ${process.versions.node})`);
}

export const gitRevision = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
};
