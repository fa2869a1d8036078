import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { mkdirSync } from 'node:fs';
import { EventStore, JetStreamEventStore } from '@gw/event-store';
import { Database, openDatabase } from '@gw/read-model';
import { NatsObjectBlobStore } from '@gw/blob-store';
import { BLOB_STORE, EVENT_STORE, MAILBOX_CONFIG, NATS_CONNECTION, READ_MODEL_DB } from './tokens';
import { loadMailboxConfig, MailboxConfig } from './config';

/** The mailbox service's connections: NATS (event store, blobs, secrets) and its read-model database. */
@Global()
@Module({
  providers: [
    { provide: MAILBOX_CONFIG, useFactory: () => loadMailboxConfig() },
    {
      provide: NATS_CONNECTION,
      useFactory: (config: MailboxConfig) =>
        connect({ servers: config.natsServers, name: 'mailbox-store', maxReconnectAttempts: -1, reconnectTimeWait: 500 }),
      inject: [MAILBOX_CONFIG],
    },
    {
      provide: EVENT_STORE,
      useFactory: (nc: NatsConnection, config: MailboxConfig) => JetStreamEventStore.fromConnection(nc, { replicas: config.eventStoreReplicas }),
      inject: [NATS_CONNECTION, MAILBOX_CONFIG],
    },
    {
      provide: BLOB_STORE,
      useFactory: (nc: NatsConnection, config: MailboxConfig) => NatsObjectBlobStore.create(nc, { replicas: config.eventStoreReplicas }),
      inject: [NATS_CONNECTION, MAILBOX_CONFIG],
    },
    {
      provide: READ_MODEL_DB,
      useFactory: (config: MailboxConfig) => {
        if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
        return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.pgliteDir, schema: 'mailbox' });
      },
      inject: [MAILBOX_CONFIG],
    },
  ],
  exports: [MAILBOX_CONFIG, NATS_CONNECTION, EVENT_STORE, READ_MODEL_DB, BLOB_STORE],
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
