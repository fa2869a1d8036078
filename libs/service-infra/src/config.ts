import { join, resolve } from 'node:path';
import { natsServers } from '@gw/nats-bus';

/** The configuration every service with an event store and a read model shares. */
export interface StoreConfig {
  natsServers: string[];
  /** PostgreSQL for read models; without it an embedded PGlite database under dataDir. */
  databaseUrl?: string;
  /** DATA_DIR, resolved (default ./data). */
  dataDir: string;
  /** The embedded read-model database: DATA_DIR/<service>/read-model. */
  pgliteDir: string;
  /** JetStream replicas of the event stream when it is first created (3 on a 3-node cluster). */
  eventStoreReplicas: number;
  /** How long a command waits for its read model before replying, and a query for the caller's last write (read-your-writes). */
  readYourWritesTimeoutMs: number;
}

/** NATS_URL, DATABASE_URL, DATA_DIR, EVENT_STORE_REPLICAS and READ_YOUR_WRITES_TIMEOUT_MS. */
export function loadStoreConfig(service: string, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  return {
    natsServers: natsServers(env),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    pgliteDir: join(dataDir, service, 'read-model'),
    eventStoreReplicas: Number(env.EVENT_STORE_REPLICAS ?? 1),
    readYourWritesTimeoutMs: Number(env.READ_YOUR_WRITES_TIMEOUT_MS ?? 5000),
  };
}

/** The read-model schema of a service: its name with `_` for `-` (device-sync → device_sync). */
export const schemaOf = (service: string): string => service.replace(/-/g, '_');
