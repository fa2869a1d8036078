import { KV } from 'nats';

/**
 * JSON records in a JetStream key-value bucket, changed with compare-and-set so that notifier
 * instances handling the same session or WaitSet at once never lose each other's writes.
 */

const MAX_ATTEMPTS = 10;

/** Ids that reach a key come from clients: only our own alphabet, one key token. */
export const isKeyToken = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

/** The record under `key` (null when absent or deleted) and the revision to compare against. */
export async function readRecord<T>(kv: KV, key: string): Promise<{ value: T | null; revision: number }> {
  const entry = await kv.get(key);
  if (!entry || entry.operation !== 'PUT' || !entry.length) return { value: null, revision: entry?.revision ?? 0 };
  return { value: entry.json() as T, revision: entry.revision };
}

/**
 * Runs read-change-write until its write wins: a write that lost to another instance's (the
 * bucket's "wrong last sequence") is read and decided again. Other failures are not retried.
 */
export async function compareAndSet<R>(attempt: () => Promise<R>): Promise<R> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const lost = String((error as Error)?.message ?? error).includes('wrong last sequence');
      if (!lost || n >= MAX_ATTEMPTS) throw error;
    }
  }
}
