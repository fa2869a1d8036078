import type { Commit } from '@gw/event-store';
import type { SqlExecutor } from './database';

/** Turns commits into rows of a read model. */
export interface Projection {
  /** Identity of its checkpoint and of its migrations: renaming it rebuilds from scratch. */
  name: string;
  /** Append-only DDL, applied by `migrate` under `name` before the first commit. */
  migrations: string[];
  /** Only commits of streams whose name starts with this (e.g. `mailbox-`). */
  streamPrefix?: string;
  /**
   * Applies commits (ascending positions, each exactly once) inside the runner's transaction.
   * It must use only `tx` and be deterministic in the commits alone (no clock, no random ids),
   * so a rebuild produces the same rows as the live read model.
   */
  apply(tx: SqlExecutor, commits: Commit[]): Promise<void>;
  /** The tables it writes, compared row by row after a rebuild. */
  tables: string[];
}
