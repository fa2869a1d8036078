import type { SqlExecutor } from '@gw/read-model';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `promise`'s outcome, or `'timed out'` after `ms`; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until `condition` holds; fails the test after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

/** Positions logged by the test projection, in order; a double apply shows as a repeat. */
export async function appliedPositions(db: SqlExecutor): Promise<bigint[]> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM applied_commits ORDER BY position');
  return rows.map((row) => BigInt(row.position));
}

/** 1n..n: what `appliedPositions` holds when every commit was applied exactly once. */
export function positionsUpTo(n: bigint, skip: bigint[] = []): bigint[] {
  const all: bigint[] = [];
  for (let position = 1n; position <= n; position++) if (!skip.includes(position)) all.push(position);
  return all;
}

export async function countRows(db: SqlExecutor, table: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}
