// PHP's SOAP extension for the tests that drive us with PHP's SoapClient (the Z-Push webservice's
// reference client): php-cli and php-soap from Debian, installed once even when test files run
// in parallel processes (dpkg has one lock).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage } from './prerequisites.mjs';

const LOCK = join(tmpdir(), 'gw-php-soap-install.lock');
const STALE_MS = 15 * 60_000;

export function ensurePhpSoap() {
  if (hasSoapExtension()) return;
  withInstallLock(() => {
    ensureDebianPackage('php', 'php-cli');
    if (!hasSoapExtension()) installPhpSoap();
  });
}

function hasSoapExtension() {
  const r = spawnSync('php', ['-m'], { encoding: 'utf8' });
  return r.status === 0 && /^soap$/m.test(r.stdout);
}

function installPhpSoap() {
  if (process.getuid?.() !== 0) throw new Error('the PHP soap extension is missing: install the Debian package php-soap');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'php-soap'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) throw new Error('apt-get install php-soap failed');
  }
  if (!hasSoapExtension()) throw new Error('php-soap is installed but `php -m` does not list soap');
}

function withInstallLock(fn) {
  const deadline = Date.now() + STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock left by a crashed run is stale after 15 minutes.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
