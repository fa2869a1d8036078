import type { SqlExecutor } from './database';
import { quoteIdentifier } from './identifiers';

export interface InsertRowsOptions {
  /**
   * What follows `ON CONFLICT`, e.g. `(id) DO NOTHING` or
   * `(id) DO UPDATE SET subject = EXCLUDED.subject`. With DO UPDATE the rows of one call must
   * not repeat a key (PostgreSQL refuses to update a row twice in one statement).
   */
  onConflict?: string;
  /** Rows per INSERT statement; default 100. */
  rowsPerStatement?: number;
}

const DEFAULT_ROWS_PER_STATEMENT = 100;
/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts `rows` (values in `columns` order) with multi-row INSERT statements. A statement costs
 * about 1 ms on PGlite however many rows it carries, so a projection applying a batch of commits
 * should collect its rows and write them here rather than one INSERT per event.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<void> {
  if (columns.length === 0) throw new Error('insertRows needs at least one column');
  const target = `${quoteIdentifier(table, 'table')} (${columns.map((column) => quoteIdentifier(column, 'column')).join(', ')})`;
  const conflict = options.onConflict ? ` ON CONFLICT ${options.onConflict}` : '';
  const perStatement = Math.max(
    1,
    Math.min(options.rowsPerStatement ?? DEFAULT_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)),
  );
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row, index) => {
      if (row.length !== columns.length) {
        throw new Error(`insertRows ${table}: row ${start + index} has ${row.length} values for ${columns.length} columns`);
      }
      const placeholders = row.map((value) => `$${params.push(value)}`);
      return `(${placeholders.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')}${conflict}`, params);
  }
}
