import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional, Provider } from '@nestjs/common';
import { DomainError, ErrorCode } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { Database, Projection, ProjectionRunner } from '@gw/read-model';
import { LOGGER, Logger } from '@gw/nats-bus';
import { EVENT_STORE, PROJECTIONS, READ_MODEL_DB, READ_MODEL_SET_OPTIONS, READ_MODELS, STORE_CONFIG } from './tokens';
import { StoreConfig } from './config';

/** What the health and rebuild controllers need of a service's read models. */
export interface ReadModelTracker {
  readonly projections: readonly Projection[];
  /** The lowest position every read model has applied. */
  position(): bigint;
  /** Read-your-writes: waits (bounded) until the read models have `position`; throws when they do not get there in time. */
  waitFor(position: bigint | string | undefined | null): Promise<void>;
}

export interface ReadModelSetOptions {
  /** The message of the TEMPORARILY_UNAVAILABLE error when a wait times out. */
  unavailableMessage?: string;
}

const DEFAULT_UNAVAILABLE = 'service temporarily unavailable: read model is catching up';

/**
 * Keeps a service's read models up to date and lets requests wait for their own writes.
 * Each projection sees every commit (it skips other streams itself), so each one's position
 * tells how far it has seen the whole store, and any position can be waited for.
 */
@Injectable()
export class ReadModelSet implements ReadModelTracker, OnModuleInit, OnModuleDestroy {
  readonly runners: ProjectionRunner[];
  readonly projections: readonly Projection[];
  private readonly unavailableMessage: string;

  constructor(
    @Inject(READ_MODEL_DB) db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(STORE_CONFIG) private readonly config: Pick<StoreConfig, 'readYourWritesTimeoutMs'>,
    @Inject(PROJECTIONS) projections: readonly Projection[],
    @Optional() @Inject(LOGGER) logger?: Logger,
    @Optional() @Inject(READ_MODEL_SET_OPTIONS) options?: ReadModelSetOptions,
  ) {
    this.projections = projections;
    this.runners = projections.map((p) => new ProjectionRunner(db, store, p, logger ? { logger } : {}));
    this.unavailableMessage = options?.unavailableMessage ?? DEFAULT_UNAVAILABLE;
  }

  async onModuleInit(): Promise<void> {
    for (const runner of this.runners) await runner.start();
    await Promise.all(this.runners.map((r) => r.caughtUp));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  position(): bigint {
    return this.runners.reduce((min, r) => (r.position() < min ? r.position() : min), this.runners[0].position());
  }

  async waitFor(position: bigint | string | undefined | null): Promise<void> {
    if (position === undefined || position === null) return;
    const target = BigInt(position);
    const ok = await Promise.all(this.runners.map((r) => r.waitFor(target, this.config.readYourWritesTimeoutMs)));
    if (!ok.every(Boolean)) throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, this.unavailableMessage);
  }
}

/**
 * The providers of a service's `ReadModelSet` over `projections` (to list in the service's own
 * module, next to its LOGGER): the set itself, also as READ_MODELS for the health and rebuild controllers.
 */
export function readModelProviders(projections: readonly Projection[], options: ReadModelSetOptions = {}): Provider[] {
  return [
    { provide: PROJECTIONS, useValue: projections },
    { provide: READ_MODEL_SET_OPTIONS, useValue: options },
    ReadModelSet,
    { provide: READ_MODELS, useExisting: ReadModelSet },
  ];
}
