import type { ObjectResult } from 'nats';
import { BlobIntegrityError } from './blob-store';

/**
 * Reads an object's chunks into one Buffer.
 *
 * nats.js streams chunks from an ordered consumer and would wait forever if they never come
 * (chunks purged under a reader, a stalled consumer), so each chunk gets `idleTimeoutMs`.
 * nats.js checks the chunks against the recorded digest; a mismatch fails the stream and is
 * reported as BlobIntegrityError.
 */
export async function readObject(hash: string, object: ObjectResult, idleTimeoutMs: number): Promise<Buffer> {
  // Observed at once: a consumer failure after we gave up must not become an unhandled rejection.
  const failure = object.error.then(
    (error) => error,
    (error: unknown) => error,
  );
  const reader = object.data.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await withinIdleTimeout(reader.read(), idleTimeoutMs, hash);
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw asIntegrityError(hash, error);
  }
  const error = await failure;
  if (error) throw asIntegrityError(hash, error);
  return Buffer.concat(chunks);
}

function asIntegrityError(hash: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return /digests do not match/.test(message) ? new BlobIntegrityError(hash, message) : error;
}

async function withinIdleTimeout<T>(read: Promise<T>, timeoutMs: number, hash: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading blob ${hash}: no data for ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
