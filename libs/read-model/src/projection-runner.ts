import type { Commit, EventStore, Subscription } from '@gw/event-store';
import { applyBatch, prepareProjection, readCheckpoint } from './checkpoints';
import { CommitBatcher } from './commit-batcher';
import type { Database } from './database';
import { stderrLogger, type Logger } from './logger';
import { PositionWaiters } from './position-waiters';
import type { Projection } from './projection';

export interface ProjectionRunnerOptions {
  /** Most commits per transaction; default 500. */
  batchSize?: number;
  logger?: Logger;
  /** First pause before resubscribing after a failure; doubles per failure up to 30 s. Default 1000. */
  retryDelayMs?: number;
  /** Told about every failure (a failed batch or subscription), before the runner retries. */
  onFailure?: (error: unknown) => void;
  /**
   * Told, after each transaction commits, which commits it applied: the place for side effects
   * such as change signals, which must not run inside a transaction that may roll back. With
   * several instances sharing one database, each commit is reported by the instance that applied it.
   */
  afterCommit?: (applied: Commit[]) => void;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 30_000;

/** One subscription and the batcher writing what it delivers; replaced after a failure. */
interface Session {
  subscription: Subscription;
  batcher: CommitBatcher;
  /** Highest position handed to the batcher, to drop redeliveries early. */
  accepted: bigint;
}

/**
 * Keeps one projection's read model up to date: subscribes to the store after the stored
 * checkpoint and applies commits in batches, each batch and its checkpoint in one transaction.
 *
 * Exactly-once effect: a batch either commits with its checkpoint or not at all, and each batch
 * first locks the checkpoint row and skips commits at or below it. So restarts, redeliveries
 * and several instances sharing one PostgreSQL never apply a commit twice or skip one.
 *
 * After a failure (apply threw, database or store unavailable) the runner reports it, waits
 * and resubscribes from the stored checkpoint. A runner is used once: start(), then stop().
 */
export class ProjectionRunner {
  /** Resolves when everything in the store at subscription time is applied; rejects if start() fails or stop() comes first. */
  readonly caughtUp: Promise<void>;

  private readonly batchSize: number;
  private readonly logger: Logger;
  private readonly retryDelayMs: number;
  private readonly waiters = new PositionWaiters();
  private applied = 0n;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private session: Session | undefined;
  private failuresInARow = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private isCaughtUp = false;
  private settleCaughtUp!: { resolve(): void; reject(error: Error): void };

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.logger = options.logger ?? stderrLogger;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.caughtUp = new Promise<void>((resolve, reject) => (this.settleCaughtUp = { resolve, reject }));
    // Nobody has to await caughtUp; its rejection on an early stop() must not crash the process.
    this.caughtUp.catch(() => {});
  }

  /** Runs migrations, reads the checkpoint and subscribes after it. If it rejects, the runner is finished. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`projection ${this.projection.name}: a runner starts only once`);
    this.state = 'running';
    let checkpoint: bigint;
    try {
      checkpoint = await prepareProjection(this.db, this.projection);
    } catch (error) {
      // A runner that could not start is finished: make caughtUp say so instead of hanging.
      this.state = 'stopped';
      this.settleCaughtUp.reject(error as Error);
      throw error;
    }
    if (this.state !== 'running') return; // stopped while preparing
    this.advance(checkpoint);
    this.subscribe();
  }

  /** Position of the last commit applied to the database (by this runner or an instance sharing it). */
  position(): bigint {
    return this.applied;
  }

  /**
   * Resolves true as soon as the read model contains everything up to `position` (a command's
   * reply carries its commit's position; a query waits for it), false after `timeoutMs`.
   * With a `streamPrefix`, wait only for positions of matching streams: others never arrive.
   */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.applied >= position) return Promise.resolve(true);
    if (this.state === 'stopped') return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Stops delivery, lets buffered commits finish writing, and ends pending waits with false. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearTimeout(this.retryTimer);
    const session = this.session;
    this.session = undefined;
    if (session) {
      await session.subscription.close().catch(() => {});
      await session.batcher.settled();
    }
    this.waiters.cancelAll();
    if (!this.isCaughtUp) this.settleCaughtUp.reject(new Error(`projection ${this.projection.name} stopped before catching up`));
  }

  private subscribe(): void {
    // Assigned right after subscribeToAll returns; the store calls back only asynchronously.
    let session!: Session;
    const batcher = new CommitBatcher({
      batchSize: this.batchSize,
      write: (batch) => this.write(batch),
      onFailure: (error) => this.fail(session, error),
    });
    const subscription = this.store.subscribeToAll({
      after: this.applied,
      streamPrefix: this.projection.streamPrefix,
      handler: (commit) => this.accept(session, commit),
      onError: (error) => this.fail(session, error),
    });
    session = { subscription, batcher, accepted: this.applied };
    this.session = session;
    subscription.caughtUp.then(
      () => this.awaitApplied(session),
      () => {}, // a failure is handled by fail(); the next session reports catching up
    );
  }

  /**
   * Caught up once everything delivered up to the store's catch-up point is applied. Waits for
   * that position rather than for an idle batcher: under steady load the batcher is never idle.
   */
  private async awaitApplied(session: Session): Promise<void> {
    const target = session.accepted;
    while (this.session === session && this.applied < target) await this.waiters.wait(target, 1_000);
    if (this.session === session) this.markCaughtUp();
  }

  private accept(session: Session, commit: Commit): Promise<void> {
    // Already applied (here or by another instance) or already buffered: a redelivery.
    if (commit.position <= session.accepted || commit.position <= this.applied) return Promise.resolve();
    session.accepted = commit.position;
    return session.batcher.push(commit);
  }

  private async write(batch: Commit[]): Promise<void> {
    const { position, applied } = await applyBatch(this.db, this.projection, batch);
    this.advance(position);
    if (applied.length) {
      try {
        this.options.afterCommit?.(applied);
      } catch (error) {
        // The batch is durable; a failing side effect must not make the runner redo it.
        this.logger.error({ err: error, projection: this.projection.name }, 'afterCommit failed');
      }
    }
    this.failuresInARow = 0;
  }

  private advance(position: bigint): void {
    if (position <= this.applied) return;
    this.applied = position;
    this.waiters.advance(position);
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    this.logger.info({ projection: this.projection.name, position: String(this.applied) }, 'projection caught up');
    this.settleCaughtUp.resolve();
  }

  /** Drops the failed session and schedules a new one from the stored checkpoint. */
  private fail(session: Session, error: unknown): void {
    if (this.session !== session) return; // already handled, or stopping
    this.session = undefined;
    this.retryLater(error, session);
  }

  private retryLater(error: unknown, failed?: Session): void {
    this.failuresInARow++;
    const delay = Math.min(this.retryDelayMs * 2 ** (this.failuresInARow - 1), MAX_RETRY_DELAY_MS);
    this.logger.error(
      { err: error, projection: this.projection.name, position: String(this.applied), retryInMs: delay },
      'projection failed; resubscribing from its checkpoint',
    );
    this.options.onFailure?.(error);
    this.retryTimer = setTimeout(() => void this.resume(failed), delay);
  }

  private async resume(failed?: Session): Promise<void> {
    if (failed) {
      // The old session must be quiet before a new one starts, so only one writer runs at a time.
      await failed.subscription.close().catch(() => {});
      await failed.batcher.settled();
    }
    if (this.state !== 'running') return;
    try {
      // Another instance may have moved on; a batch may also have committed although its
      // COMMIT reply was lost. Either way the stored checkpoint is the truth.
      this.advance(await readCheckpoint(this.db, this.projection.name));
    } catch (error) {
      if (this.state === 'running') this.retryLater(error);
      return;
    }
    if (this.state === 'running') this.subscribe();
  }
}
