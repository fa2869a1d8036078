import { loadStoreConfig, StoreConfig } from '@gw/service-infra';

/** A timeout range in milliseconds: what a request may ask for, and what it gets by default. */
export interface TimeoutRange {
  defaultMs: number;
  minMs: number;
  maxMs: number;
}

/** The shared store settings (NATS, DATABASE_URL, DATA_DIR/notifier/read-model, …) and the notifier's own. */
export interface NotifierConfig extends StoreConfig {
  /** A SOAP session unused this long is gone; its id then gets a new session and a refresh. */
  sessionIdleMs: number;
  /** Zimbra's zimbra_waitset_*_request_timeout (user) and zimbra_admin_waitset_* (admin). */
  waitSetTimeout: TimeoutRange;
  adminWaitSetTimeout: TimeoutRange;
  /** zimbra_waitset_max_per_account: a user's sixth WaitSet evicts the least recently used. */
  maxWaitSetsPerAccount: number;
  /** WaitSets nobody used for this long are destroyed (Zimbra: 20 minutes). */
  waitSetIdleMs: number;
  /**
   * How long a session turn waits for im-presence's notifications before it answers without
   * them (they stay unacknowledged): well within the gateway's own wait for the turn.
   */
  imNotificationsTimeoutMs: number;
}

const seconds = (env: NodeJS.ProcessEnv, name: string, fallback: number) => Number(env[name] ?? fallback) * 1000;

export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return {
    ...loadStoreConfig('notifier', env),
    sessionIdleMs: seconds(env, 'SOAP_SESSION_TIMEOUT', 600),
    waitSetTimeout: {
      defaultMs: seconds(env, 'WAITSET_DEFAULT_TIMEOUT', 300),
      minMs: seconds(env, 'WAITSET_MIN_TIMEOUT', 30),
      maxMs: seconds(env, 'WAITSET_MAX_TIMEOUT', 1200),
    },
    adminWaitSetTimeout: {
      defaultMs: seconds(env, 'ADMIN_WAITSET_DEFAULT_TIMEOUT', 300),
      minMs: seconds(env, 'ADMIN_WAITSET_MIN_TIMEOUT', 0),
      maxMs: seconds(env, 'ADMIN_WAITSET_MAX_TIMEOUT', 3600),
    },
    maxWaitSetsPerAccount: Number(env.WAITSET_MAX_PER_ACCOUNT ?? 5),
    waitSetIdleMs: seconds(env, 'WAITSET_IDLE_TIMEOUT', 1200),
    imNotificationsTimeoutMs: Number(env.IM_NOTIFICATIONS_TIMEOUT_MS ?? 3000),
  };
}
