import { DynamicModule, Global, Inject, InjectionToken, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { mkdirSync } from 'node:fs';
import { ServiceName } from '@gw/contracts';
import { EventStore, JetStreamEventStore } from '@gw/event-store';
import { Database, openDatabase } from '@gw/read-model';
import { EVENT_STORE, NATS_CONNECTION, READ_MODEL_DB, STORE_CONFIG } from './tokens';
import { loadStoreConfig, schemaOf, StoreConfig } from './config';

export interface StoreInfrastructureOptions<C extends StoreConfig> {
  /** Loads the service's whole configuration (its `StoreConfig` part from `loadStoreConfig`). */
  loadConfig?: () => C;
  /** The service's own token for its configuration; it is also available as STORE_CONFIG. */
  configToken?: InjectionToken;
  /** The read-model schema; by default the service name with `_` for `-`. */
  schema?: string;
  /** The name of the NATS connection; by default `<service>-store`. */
  connectionName?: string;
}

/**
 * A service's connections: NATS (the event store, and whatever else the service keeps there), the
 * JetStream event store and its read-model database (PostgreSQL with DATABASE_URL, else PGlite
 * under DATA_DIR/<service>/read-model). Global: every module of the service can inject them.
 * On shutdown, after every other module stopped using them: the store closes, NATS drains, the
 * database closes.
 */
@Global()
@Module({})
export class StoreInfrastructureModule implements OnApplicationShutdown {
  static forService<C extends StoreConfig>(service: ServiceName, options: StoreInfrastructureOptions<C> = {}): DynamicModule {
    const loadConfig = options.loadConfig ?? (() => loadStoreConfig(service));
    const schema = options.schema ?? schemaOf(service);
    const connectionName = options.connectionName ?? `${service}-store`;
    const configProviders: Provider[] = options.configToken
      ? [
          { provide: options.configToken, useFactory: loadConfig },
          { provide: STORE_CONFIG, useExisting: options.configToken },
        ]
      : [{ provide: STORE_CONFIG, useFactory: loadConfig }];
    const providers: Provider[] = [
      ...configProviders,
      {
        provide: NATS_CONNECTION,
        useFactory: (config: StoreConfig) => connect({ servers: config.natsServers, name: connectionName, maxReconnectAttempts: -1, reconnectTimeWait: 500 }),
        inject: [STORE_CONFIG],
      },
      {
        provide: EVENT_STORE,
        useFactory: (nc: NatsConnection, config: StoreConfig) => JetStreamEventStore.fromConnection(nc, { replicas: config.eventStoreReplicas }),
        inject: [NATS_CONNECTION, STORE_CONFIG],
      },
      {
        provide: READ_MODEL_DB,
        useFactory: (config: StoreConfig) => {
          if (!config.databaseUrl) mkdirSync(config.pgliteDir, { recursive: true });
          return openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.pgliteDir, schema });
        },
        inject: [STORE_CONFIG],
      },
    ];
    return {
      module: StoreInfrastructureModule,
      global: true,
      providers,
      exports: [...(options.configToken ? [options.configToken] : []), STORE_CONFIG, NATS_CONNECTION, EVENT_STORE, READ_MODEL_DB],
    };
  }

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
