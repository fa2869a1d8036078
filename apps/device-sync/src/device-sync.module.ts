import { Module } from '@nestjs/common';
import { createLogger, LOGGER } from '@gw/nats-bus';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ReadModels } from './infrastructure/read-models';
import { DevicesRepository } from './devices/devices.repository';
import { DevicesReadModel } from './devices/devices.read-model';
import { DeviceCommands } from './devices/device-commands.service';
import { DeviceRequestsController } from './controllers/device-requests.controller';
import { DeviceAdministrationController } from './controllers/device-administration.controller';
import { DeviceQueriesController } from './controllers/device-queries.controller';
import { HealthController } from './controllers/health.controller';
import { RebuildController } from './ops/rebuild.controller';

/** The device-sync service: mobile devices of every account (one event stream per account) and the devices read model. */
@Module({
  imports: [InfrastructureModule],
  controllers: [DeviceRequestsController, DeviceAdministrationController, DeviceQueriesController, HealthController, RebuildController],
  providers: [{ provide: LOGGER, useFactory: () => createLogger('device-sync') }, ReadModels, DevicesRepository, DevicesReadModel, DeviceCommands],
})
export class DeviceSyncModule {}
