import { loadStoreConfig, StoreConfig } from '@gw/service-infra';

/** The shared store settings (NATS, DATABASE_URL, DATA_DIR/im-presence/read-model, …). */
export type ImPresenceConfig = StoreConfig;

export function loadImPresenceConfig(env: NodeJS.ProcessEnv = process.env): ImPresenceConfig {
  return loadStoreConfig('im-presence', env);
}
