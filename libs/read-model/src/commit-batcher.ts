import type { Commit } from '@gw/event-store';

export interface CommitBatcherOptions {
  /** Most commits per written batch; also how many may wait while a batch is being written. */
  batchSize: number;
  /** Writes one batch (one transaction). A rejection fails the batcher. */
  write(batch: Commit[]): Promise<void>;
  /** Called once, when a write failed; everything still buffered has been dropped. */
  onFailure(error: unknown): void;
}

/**
 * Groups delivered commits into batches. The first commit is written at once; the commits
 * delivered while that batch is being written accumulate and become the next batch, so a quiet
 * store gets low latency and a busy one (or a catch-up) gets large, cheap transactions.
 *
 * The buffer is bounded: `push` resolves only once there is room, and the subscription waits for
 * its handler, so a store delivering faster than the database writes is slowed down (backpressure).
 */
export class CommitBatcher {
  private buffer: Commit[] = [];
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private roomWaiters: (() => void)[] = [];

  constructor(private readonly options: CommitBatcherOptions) {}

  /** Accepts one delivered commit; resolves when the buffer has room for the next one. */
  async push(commit: Commit): Promise<void> {
    this.throwIfFailed();
    this.buffer.push(commit);
    this.startWriting();
    while (this.buffer.length >= this.options.batchSize && !this.failure) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    this.throwIfFailed();
  }

  /** Resolves once no write is running or pending, whatever the outcome. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private startWriting(): void {
    if (this.writing || this.failure) return;
    this.writing = this.writeAll().finally(() => (this.writing = undefined));
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0 && !this.failure) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      this.wakeProducers();
      try {
        await this.options.write(batch);
      } catch (error) {
        // The batch's transaction rolled back. Buffered commits are dropped too: they come
        // again when the subscription resumes from the checkpoint.
        this.failure = { error };
        this.buffer = [];
        this.wakeProducers();
        this.options.onFailure(error);
      }
    }
  }

  private wakeProducers(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
