import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { healthSubject } from '@gw/contracts';
import { healthReport } from '@gw/nats-bus';
import { EventStore } from '@gw/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ReadModels } from '../infrastructure/read-models';

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  /** Healthy when the event store answers; reports how far the read model lags behind it. */
  @MessagePattern(healthSubject('device-sync'))
  async health() {
    try {
      const head = await this.store.headPosition();
      return healthReport('device-sync', { eventStoreHead: head.toString(), readModelPosition: this.readModels.position().toString() });
    } catch (err) {
      return healthReport('device-sync', { error: String(err) }, true);
    }
  }
}
