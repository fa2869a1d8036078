import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { mkdirSync } from 'node:fs';
import { EventStore, JetStreamEventStore } from '@gw/event-store';
import { Database, openDatabase } from '@gw/read-model';
import { EVENT_STORE, NATS_CONNECTION, NOTIFIER_CONFIG, READ_MODEL_DB } from './tokens';
import { loadNotifierConfig, NotifierConfig } from './config';

/** The notifier's connections: NATS (event store, session and WaitSet buckets, signals) and its read model. */
@Global()
@Module({
  providers: [
    { provide: NOTIFIER_CONFIG, useFactory: () => loadNotifierConfig() },
    {
      provide: NATS_CONNECTION,
      useFactory: (config: NotifierConfig) =>
        connect({ servers: config.natsServers, name: 'notifier-store', maxReconnectAttempts: -1, reconnectTimeWait: 500 }),
      inject: [NOTIFIER_CONFIG],
    },
    {
      provide: EVENT_STORE,
      useFactory: (nc: NatsConnection, config: NotifierConfig) => JetStreamEventStore.fromConnection(nc, { replicas: config.eventStoreReplicas }),
      inject: [NATS_CONNECTION, NOTIFIER_CONFIG],
    },
    {
      provide: READ_MODEL_DB,
      useFactory: (config: NotifierConfig) => {
        if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
        return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.pgliteDir, schema: 'notifier' });
      },
      inject: [NOTIFIER_CONFIG],
    },
  ],
  exports: [NOTIFIER_CONFIG, NATS_CONNECTION, EVENT_STORE, READ_MODEL_DB],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
    await this.db.close().catch(() => undefined);
  }
}
