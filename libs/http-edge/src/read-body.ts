import { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * Buffers a request body of at most `limit` bytes. A bigger one is refused, but read to its end
 * and dropped when it stays under twice the limit: a client still uploading would not see an
 * answer sent before its upload ends, only a reset connection. Anything bigger is cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > 2 * limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 2 * limit) {
        req.destroy();
        reject(new BodyTooLargeError(limit));
      } else if (size > limit) {
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** A cookie's value, for clients that keep the auth token in a cookie (ZM_AUTH_TOKEN). */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
