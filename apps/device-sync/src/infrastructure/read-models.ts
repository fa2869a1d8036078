import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { Database, Projection, ProjectionRunner } from '@gw/read-model';
import { LOGGER, Logger } from '@gw/nats-bus';
import { devicesProjection } from '../devices/devices.projection';
import { DEVICE_SYNC_CONFIG, EVENT_STORE, READ_MODEL_DB } from './tokens';
import { DeviceSyncConfig } from './config';

/** Every read model of the device-sync service. */
export const DEVICE_SYNC_PROJECTIONS: Projection[] = [devicesProjection];

/** Keeps the read model up to date and lets requests wait for their own writes. */
@Injectable()
export class ReadModels implements OnModuleInit, OnModuleDestroy {
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(READ_MODEL_DB) db: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(DEVICE_SYNC_CONFIG) private readonly config: DeviceSyncConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.runners = DEVICE_SYNC_PROJECTIONS.map((p) => new ProjectionRunner(db, store, p, { logger }));
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

  /** Read-your-writes: waits (bounded) until the read models have `position`. */
  async waitFor(position: bigint | string | undefined | null): Promise<void> {
    if (position === undefined || position === null) return;
    const target = BigInt(position);
    const ok = await Promise.all(this.runners.map((r) => r.waitFor(target, this.config.readYourWritesTimeoutMs)));
    if (!ok.every(Boolean)) throw new DomainError(ErrorCode.TEMPORARILY_UNAVAILABLE, 'service temporarily unavailable: device read model is catching up');
  }
}
