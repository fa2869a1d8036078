import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. The OS picks it (port 0), we release it
 * and hand it to a server we are about to start; another process could grab it in between, so
 * callers that start a server on it should retry with a new port when the bind fails.
 *
 * Shared by every throwaway server in this package (PostgreSQL, NATS) so there is one copy.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not obtain a free port'))));
    });
  });
}
