import { canonicalJson } from './canonical-json';
import type { SqlExecutor } from './database';
import { quoteIdentifier } from './identifiers';

export interface TableDifference {
  table: string;
  /** Rows (counting duplicates) present live but not in the rebuilt read model. */
  onlyLive: number;
  /** Rows present in the rebuilt read model but not live. */
  onlyRebuilt: number;
  /** One example row from each side, to start the investigation. */
  sample?: { live?: unknown; rebuilt?: unknown };
}

export interface Comparison {
  equal: boolean;
  /** One entry per table that differs; empty when equal. */
  differences: TableDifference[];
}

/**
 * Compares full table contents regardless of row order (as multisets of canonical JSON rows).
 * Both sides are read into memory, which suits verification runs, not huge tables. The caller
 * makes sure both are at the same position (ProjectionRunner.waitFor) and quiet.
 */
export async function compareDatabases(live: SqlExecutor, scratch: SqlExecutor, tables: readonly string[]): Promise<Comparison> {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const sql = `SELECT * FROM ${quoteIdentifier(table, 'table')}`;
    const [liveRows, rebuiltRows] = await Promise.all([live.query(sql), scratch.query(sql)]);
    const difference = diffRows(table, liveRows.rows, rebuiltRows.rows);
    if (difference) differences.push(difference);
  }
  return { equal: differences.length === 0, differences };
}

function diffRows(table: string, liveRows: unknown[], rebuiltRows: unknown[]): TableDifference | undefined {
  // Count each distinct row live, then take the rebuilt rows off; what remains on either side differs.
  const balance = new Map<string, { count: number; row: unknown }>();
  for (const row of liveRows) {
    const key = canonicalJson(row);
    const entry = balance.get(key) ?? { count: 0, row };
    entry.count++;
    balance.set(key, entry);
  }
  for (const row of rebuiltRows) {
    const key = canonicalJson(row);
    const entry = balance.get(key) ?? { count: 0, row };
    entry.count--;
    balance.set(key, entry);
  }
  let onlyLive = 0;
  let onlyRebuilt = 0;
  const sample: { live?: unknown; rebuilt?: unknown } = {};
  for (const { count, row } of balance.values()) {
    if (count > 0) {
      onlyLive += count;
      sample.live ??= row;
    } else if (count < 0) {
      onlyRebuilt -= count;
      sample.rebuilt ??= row;
    }
  }
  return onlyLive === 0 && onlyRebuilt === 0 ? undefined : { table, onlyLive, onlyRebuilt, sample };
}
