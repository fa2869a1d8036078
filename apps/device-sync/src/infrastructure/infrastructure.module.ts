import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { mkdirSync } from 'node:fs';
import { EventStore, JetStreamEventStore } from '@gw/event-store';
import { Database, openDatabase } from '@gw/read-model';
import { DEVICE_SYNC_CONFIG, EVENT_STORE, NATS_CONNECTION, READ_MODEL_DB } from './tokens';
import { DeviceSyncConfig, loadDeviceSyncConfig } from './config';

/** The device-sync service's connections: NATS (the event store) and its read-model database. */
@Global()
@Module({
  providers: [
    { provide: DEVICE_SYNC_CONFIG, useFactory: () => loadDeviceSyncConfig() },
    {
      provide: NATS_CONNECTION,
      useFactory: (config: DeviceSyncConfig) =>
        connect({ servers: config.natsServers, name: 'device-sync-store', maxReconnectAttempts: -1, reconnectTimeWait: 500 }),
      inject: [DEVICE_SYNC_CONFIG],
    },
    {
      provide: EVENT_STORE,
      useFactory: (nc: NatsConnection, config: DeviceSyncConfig) => JetStreamEventStore.fromConnection(nc, { replicas: config.eventStoreReplicas }),
      inject: [NATS_CONNECTION, DEVICE_SYNC_CONFIG],
    },
    {
      provide: READ_MODEL_DB,
      useFactory: (config: DeviceSyncConfig) => {
        if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
        return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.pgliteDir, schema: 'device_sync' });
      },
      inject: [DEVICE_SYNC_CONFIG],
    },
  ],
  exports: [DEVICE_SYNC_CONFIG, NATS_CONNECTION, EVENT_STORE, READ_MODEL_DB],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database,
  ) {}

  /** Runs after every other module stopped using them. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
    await this.db.close().catch(() => undefined);
  }
}
