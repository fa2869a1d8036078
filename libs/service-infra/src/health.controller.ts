import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { healthSubject, ServiceName } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { healthReport, HealthReport } from '@gw/nats-bus';
import { EVENT_STORE, READ_MODELS } from './tokens';
import type { ReadModelTracker } from './read-model-set';

export interface StoreHealthController {
  health(): Promise<HealthReport>;
}

export type StoreHealthControllerType = Type<StoreHealthController> & {
  new (store: EventStore, readModels: Pick<ReadModelTracker, 'position'>): StoreHealthController;
};

/** Answers health.<service>: healthy when the event store answers; reports how far the read model lags behind it. */
export function storeHealthControllerFor(service: ServiceName): StoreHealthControllerType {
  @Controller()
  class HealthController implements StoreHealthController {
    constructor(
      @Inject(EVENT_STORE) readonly store: EventStore,
      @Inject(READ_MODELS) readonly readModels: Pick<ReadModelTracker, 'position'>,
    ) {}

    @MessagePattern(healthSubject(service))
    async health(): Promise<HealthReport> {
      try {
        const head = await this.store.headPosition();
        return healthReport(service, { eventStoreHead: head.toString(), readModelPosition: this.readModels.position().toString() });
      } catch (err) {
        return healthReport(service, { error: String(err) }, true);
      }
    }
  }
  return HealthController;
}
