import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventStore } from '@gw/event-store';
import { Database, Projection, ProjectionRunner } from '@gw/read-model';
import { DomainError, ErrorCode } from '@gw/contracts';
import { EVENT_STORE, MAILBOX_CONFIG, READ_MODEL_DB } from './tokens';
import { MailboxConfig } from './config';
import { directoryProjection } from '../directory/directory.projection';
import { mailProjection } from '../mail/mail.projection';

/** Every read model of the mailbox service. */
export const MAILBOX_PROJECTIONS: Projection[] = [directoryProjection, mailProjection];

/**
 * Keeps the service's read models up to date and lets requests wait for their own writes.
 * Each projection sees every commit (it skips other streams itself), so each one's position
 * tells how far it has seen the whole store, and any position can be waited for.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnModuleDestroy {
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(READ_MODEL_DB) db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {
    this.runners = MAILBOX_PROJECTIONS.map((p) => new ProjectionRunner(db, store, p));
  }

  async onModuleInit(): Promise<void> {
    for (const runner of this.runners) await runner.start();
    await Promise.all(this.runners.map((r) => r.caughtUp));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** The lowest position every read model has applied. */
  position(): bigint {
    return this.runners.reduce((min, r) => (r.position() < min ? r.position() : min), this.runners[0].position());
  }

  /** Read-your-writes: a query carrying a position waits (bounded) until the models have it. */
  async waitFor(position: bigint | string | undefined | null): Promise<void> {
    if (position === undefined || position === null) return;
    const target = BigInt(position);
    const ok = await Promise.all(this.runners.map((r) => r.waitFor(target, this.config.readYourWritesTimeoutMs)));
    if (!ok.every(Boolean)) throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'service temporarily unavailable: read model is catching up');
  }
}
