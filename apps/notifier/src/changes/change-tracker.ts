import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { ChangeKind, DomainError, ErrorCode } from '@gw/contracts';
import type { EventStore } from '@gw/event-store';
import { Database, Projection, ProjectionRunner } from '@gw/read-model';
import { LOGGER, Logger } from '@gw/nats-bus';
import { EVENT_STORE, READ_MODEL_DB, ReadModelTracker } from '@gw/service-infra';
import { NOTIFIER_CONFIG } from '../infrastructure/tokens';
import { NotifierConfig } from '../infrastructure/config';
import type { SignalForwarderInput, SignalForwarderReport } from './signal-forwarder.worker';
import { accountChangesProjection } from './account-changes.projection';
import { MAILBOX_REVISION } from './account-changes';

export type AccountStatus = 'live' | 'deleted';

/** Where an account's mailbox and its IM stream stand (event-store positions). */
export interface AccountRevisions {
  mailbox: bigint;
  im: bigint;
}

/**
 * Follows the event store twice: a projection keeps the account-changes read model, which
 * answers "what changed after N"; a forwarder in its own thread tells the gateways which accounts
 * changed (core NATS, one message per account and commit) the moment a commit is stored, without
 * waiting for the database. A gateway remembers signals, so one that runs ahead of the read
 * model is not lost; the signals start at the projection's checkpoint, so commits made while the
 * notifier was down are signalled when it comes back.
 */
@Injectable()
export class ChangeTracker implements ReadModelTracker, OnModuleInit, OnModuleDestroy {
  /** The notifier's one read model (what `npm run rebuild` replays and compares). */
  readonly projections: readonly Projection[] = [accountChangesProjection];
  private readonly runner: ProjectionRunner;
  private forwarder: Worker | undefined;
  private signalled = 0n;
  private stopped = false;
  private restart: NodeJS.Timeout | undefined;

  constructor(
    @Inject(READ_MODEL_DB) private readonly db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.runner = new ProjectionRunner(db, store, accountChangesProjection, { logger });
  }

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    this.signalled = this.runner.position();
    this.startForwarder();
    await this.runner.caughtUp;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    const forwarder = this.forwarder;
    if (forwarder) {
      const exited = new Promise((resolve) => forwarder.once('exit', resolve));
      forwarder.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await forwarder.terminate();
    }
    await this.runner.stop();
  }

  /** Starts the signal thread from the last position it reported; restarts it if it dies. */
  private startForwarder(): void {
    const input: SignalForwarderInput = { natsServers: this.config.natsServers, replicas: this.config.eventStoreReplicas, after: this.signalled.toString() };
    const worker = new Worker(join(__dirname, 'signal-forwarder.worker.js'), { workerData: input });
    worker.on('message', (report: SignalForwarderReport) => {
      if ('signalled' in report) this.signalled = BigInt(report.signalled);
      else this.logger.error({ err: report.error }, 'change signals');
    });
    worker.on('error', (err) => this.logger.error({ err }, 'change signal thread failed'));
    worker.on('exit', () => {
      if (this.stopped) return;
      // Commits since its last report are signalled again: duplicates are harmless.
      this.restart = setTimeout(() => this.startForwarder(), 1000);
    });
    this.forwarder = worker;
  }

  /** The position up to which changes are known. */
  position(): bigint {
    return this.runner.position();
  }

  /** Read-your-writes: a session turn after a write waits until that write is known here. */
  async waitFor(position: bigint | string | undefined | null): Promise<void> {
    if (position === undefined || position === null || position === '') return;
    if (!(await this.runner.waitFor(BigInt(position), this.config.readYourWritesTimeoutMs))) {
      throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'service temporarily unavailable: notifier is catching up');
    }
  }

  /**
   * An account's two revisions (0 where it has none): the mailbox's (its last mailbox change of
   * any kind, the change token) and its IM stream's (the last IM commit).
   */
  async revisionsOf(accountId: string): Promise<AccountRevisions> {
    const { rows } = await this.db.query<{ kind: string; position: string }>(
      `SELECT kind, position FROM account_changes WHERE account_id = $1 AND kind = ANY($2::text[])`,
      [accountId, [MAILBOX_REVISION, 'i']],
    );
    const of = (kind: string) => BigInt(rows.find((r) => r.kind === kind)?.position ?? 0);
    return { mailbox: of(MAILBOX_REVISION), im: of('i') };
  }

  /** Last change position per account and kind. */
  async lastChanges(accountIds: readonly string[]): Promise<Map<string, Map<string, bigint>>> {
    const result = new Map<string, Map<string, bigint>>();
    if (!accountIds.length) return result;
    const { rows } = await this.db.query<{ account_id: string; kind: string; position: string }>(
      `SELECT account_id, kind, position FROM account_changes WHERE account_id = ANY($1::text[])`,
      [accountIds],
    );
    for (const r of rows) {
      let kinds = result.get(r.account_id);
      if (!kinds) result.set(r.account_id, (kinds = new Map()));
      kinds.set(r.kind, BigInt(r.position));
    }
    return result;
  }

  /** Accounts with a change of one of `kinds` after `after`, with their latest such position. */
  async changedAfter(after: bigint, kinds: readonly ChangeKind[]): Promise<{ accountId: string; position: bigint }[]> {
    const { rows } = await this.db.query<{ account_id: string; position: string }>(
      `SELECT account_id, max(position) AS position FROM account_changes
        WHERE position > $1 AND kind = ANY($2::text[]) GROUP BY account_id ORDER BY 2, 1`,
      [after.toString(), kinds],
    );
    return rows.map((r) => ({ accountId: r.account_id, position: BigInt(r.position) }));
  }

  /** Whether accounts exist: missing from the map means never created. */
  async statusOf(accountIds: readonly string[]): Promise<Map<string, AccountStatus>> {
    const result = new Map<string, AccountStatus>();
    if (!accountIds.length) return result;
    const { rows } = await this.db.query<{ account_id: string; deleted_at: string | null }>(
      `SELECT account_id, deleted_at FROM known_accounts WHERE account_id = ANY($1::text[])`,
      [accountIds],
    );
    for (const r of rows) result.set(r.account_id, r.deleted_at === null ? 'live' : 'deleted');
    return result;
  }
}
