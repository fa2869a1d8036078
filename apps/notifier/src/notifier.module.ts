import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { healthSubject } from '@gw/contracts';
import { BusModule, createLogger, healthReport, LOGGER } from '@gw/nats-bus';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
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
  imports: [InfrastructureModule, BusModule.register('notifier')],
  controllers: [SessionsController, WaitSetsController, HealthController],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('notifier') },
    ChangeTracker,
    SessionStore,
    Sessions,
    WaitSetStore,
    WaitSets,
  ],
})
export class NotifierModule {}
