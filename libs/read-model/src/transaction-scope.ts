import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlExecutor } from './database';

/**
 * Knows whether the current async call chain is inside one of this database's transactions, so
 * a stray `db.query()` in a transaction callback fails loudly instead of deadlocking on PGlite
 * (single connection) or silently running outside the transaction on PostgreSQL.
 */
export class TransactionScope {
  private readonly current = new AsyncLocalStorage<{ open: boolean }>();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A flag rather than mere presence: work spawned inside a transaction keeps this async
    // context after the transaction ended and must then be allowed to use the database.
    const marker = { open: true };
    try {
      return await this.current.run(marker, fn);
    } finally {
      marker.open = false;
    }
  }

  assertOutside(operation: string): void {
    if (this.current.getStore()?.open) {
      throw new Error(`${operation} called inside a transaction on the same database; use the tx passed to the callback`);
    }
  }
}

/** Wraps a transaction's executor so it cannot be used after the transaction ended. */
export function closableExecutor(inner: SqlExecutor): { executor: SqlExecutor; close(): void } {
  let closed = false;
  const executor: SqlExecutor = {
    query: (sql, params) =>
      closed ? Promise.reject(new Error('transaction already ended; its executor cannot be used')) : inner.query(sql, params),
  };
  return { executor, close: () => void (closed = true) };
}
