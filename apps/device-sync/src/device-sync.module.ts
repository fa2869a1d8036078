import { Module } from '@nestjs/common';
import { createLogger, LOGGER } from '@gw/nats-bus';
import { readModelProviders, rebuildControllerFor, StoreInfrastructureModule, storeHealthControllerFor } from '@gw/service-infra';
import { DEVICE_SYNC_CONFIG } from './infrastructure/tokens';
import { loadDeviceSyncConfig } from './infrastructure/config';
import { DEVICE_SYNC_PROJECTIONS, DEVICE_SYNC_UNAVAILABLE } from './infrastructure/projections';
import { DevicesRepository } from './devices/devices.repository';
import { DevicesReadModel } from './devices/devices.read-model';
import { DeviceCommands } from './devices/device-commands.service';
import { DeviceRequestsController } from './controllers/device-requests.controller';
import { DeviceAdministrationController } from './controllers/device-administration.controller';
import { DeviceQueriesController } from './controllers/device-queries.controller';

/** The device-sync service: mobile devices of every account (one event stream per account) and the devices read model. */
@Module({
  // NATS (the event store), the event store and the read-model database (schema device_sync).
  imports: [StoreInfrastructureModule.forService('device-sync', { loadConfig: () => loadDeviceSyncConfig(), configToken: DEVICE_SYNC_CONFIG })],
  controllers: [
    DeviceRequestsController,
    DeviceAdministrationController,
    DeviceQueriesController,
    storeHealthControllerFor('device-sync'),
    rebuildControllerFor('device-sync'),
  ],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('device-sync') },
    ...readModelProviders(DEVICE_SYNC_PROJECTIONS, { unavailableMessage: DEVICE_SYNC_UNAVAILABLE }),
    DevicesRepository,
    DevicesReadModel,
    DeviceCommands,
  ],
})
export class DeviceSyncModule {}
