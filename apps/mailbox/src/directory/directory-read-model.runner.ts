import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventStore } from '@gw/event-store';
import { Database, ProjectionRunner } from '@gw/read-model';
import { DomainError, ErrorCode } from '@gw/contracts';
import { EVENT_STORE, MAILBOX_CONFIG, READ_MODEL_DB } from '../infrastructure/tokens';
import { MailboxConfig } from '../infrastructure/config';
import { directoryProjection } from './directory.projection';

/** Keeps the directory read model up to date and lets requests wait for their own writes. */
@Injectable()
export class DirectoryReadModelRunner implements OnModuleInit, OnModuleDestroy {
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(READ_MODEL_DB) db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {
    this.runner = new ProjectionRunner(db, store, directoryProjection);
  }

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    await this.runner.caughtUp;
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  /** Read-your-writes: a query carrying a position waits (bounded) until the model has it. */
  async waitFor(position: bigint | string | undefined | null): Promise<void> {
    if (position === undefined || position === null) return;
    const ok = await this.runner.waitFor(BigInt(position), this.config.readYourWritesTimeoutMs);
    if (!ok) throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'service temporarily unavailable: read model is catching up');
  }
}
