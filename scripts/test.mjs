// npm test: installs what a fresh machine lacks (npm packages, nats-server; PostgreSQL is
// installed by the tests that need it), builds, then runs every test with node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureBuilt, ensureDebianPackage, nodeVersionOk, root } from './lib/prerequisites.mjs';

nodeVersionOk();
ensureDebianPackage('nats-server', 'nats-server');
ensureBuilt();

function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (/\.test\.ts$/.test(name)) found.push(path);
  }
  return found;
}

const only = process.argv.slice(2);
const files = ['libs', 'apps', 'test']
  .flatMap((d) => testFiles(join(root, d)))
  .map((f) => relative(root, f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
console.log(`running ${files.length} test files`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
process.exit(result.status ?? 1);
