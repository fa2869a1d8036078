import type { EventStore } from '@gw/event-store';
import { readCheckpoint } from './checkpoints';
import type { Database } from './database';
import { silentLogger, type Logger } from './logger';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

export interface RebuildOptions {
  store: EventStore;
  projection: Projection;
  /** An empty database (see scratchDatabaseFor); the rebuilt read model is left in it. */
  scratch: Database;
  batchSize?: number;
  logger?: Logger;
}

/**
 * Replays the whole store into `scratch` with the same code path as the live runner
 * (migrations, batches, checkpoint), stopping once it has caught up with the store as it was
 * when the replay started. Returns the position reached: before comparing, let the live runner
 * reach it (`waitFor`) and keep writes quiet, or the live side will be ahead.
 * Rejects on the first failure instead of retrying like a live runner.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<{ position: bigint }> {
  const { store, projection, scratch } = options;
  if ((await readCheckpoint(scratch, projection.name)) > 0n) {
    throw new Error(`scratch database already holds projection ${projection.name}; rebuild into an empty one`);
  }
  let failed!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const runner = new ProjectionRunner(scratch, store, projection, {
    batchSize: options.batchSize,
    logger: options.logger ?? silentLogger,
    onFailure: (error) => failed(error),
  });
  try {
    await Promise.race([runner.start().then(() => runner.caughtUp), failure]);
  } finally {
    await runner.stop();
  }
  return { position: runner.position() };
}
