// PHP's SoapClient for end-to-end tests: installs php-cli and php-soap when missing (Debian, as
// root, as libs/soap-encoded's tests do) and runs a PHP script with a JSON document on stdin.
import { spawn } from 'node:child_process';
// @ts-expect-error plain ESM helper shared with libs/soap-encoded's tests
import { ensurePhpSoap } from '../../scripts/lib/php.mjs';

/** Pinned so results do not depend on the machine's php.ini. */
const PHP_INI = ['-d', 'precision=14', '-d', 'serialize_precision=-1', '-d', 'default_socket_timeout=30', '-d', 'display_errors=stderr'];

export { ensurePhpSoap };

/** Runs `php script` with `input` as JSON on stdin and parses the JSON it prints. */
export function runPhpJson<T>(script: string, input: unknown, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', [...PHP_INI, script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`php ${script} exited with ${code ?? signal}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (err) {
        reject(new Error(`unreadable output of ${script}: ${(err as Error).message}\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
