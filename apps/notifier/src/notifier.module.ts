import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { healthSubject } from '@gw/contracts';
import { BusModule, createLogger, healthReport, LOGGER } from '@gw/nats-bus';
import { READ_MODELS, rebuildControllerFor, StoreInfrastructureModule } from '@gw/service-infra';
import { NOTIFIER_CONFIG } from './infrastructure/tokens';
import { loadNotifierConfig } from './infrastructure/config';
import { ChangeTracker } from './changes/change-tracker';
import { SessionStore } from './sessions/session-store';
import { Sessions } from './sessions/sessions.service';
import { SessionsController } from './sessions/sessions.controller';
import { WaitSetStore } from './waitsets/waitset-store';
import { WaitSets } from './waitsets/waitsets.service';
import { WaitSetsController } from './waitsets/waitsets.controller';

@Controller()
class HealthController {
  constructor(private readonly changes: ChangeTracker) {}

  /** Reports how far the notifier has followed the event store. */
  @MessagePattern(healthSubject('notifier'))
  health() {
    return healthReport('notifier', { position: this.changes.position().toString() });
  }
}

/** Sessions and WaitSets: who has seen which change, fed by the event store. */
@Module({
  imports: [
    // NATS (event store, session and WaitSet buckets, signals), the event store and the read model (schema notifier).
    StoreInfrastructureModule.forService('notifier', { loadConfig: () => loadNotifierConfig(), configToken: NOTIFIER_CONFIG }),
    BusModule.register('notifier'),
  ],
  controllers: [SessionsController, WaitSetsController, HealthController, rebuildControllerFor('notifier')],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('notifier') },
    ChangeTracker,
    // The change tracker runs the account-changes projection itself (its signal thread starts
    // from the projection's checkpoint), so it stands in for a ReadModelSet in the rebuild.
    { provide: READ_MODELS, useExisting: ChangeTracker },
    SessionStore,
    Sessions,
    WaitSetStore,
    WaitSets,
  ],
})
export class NotifierModule {}
