import { loadStoreConfig, StoreConfig } from '@gw/service-infra';

/** The shared store settings (NATS, DATABASE_URL, DATA_DIR/mailbox/read-model, …) and the mailbox's own. */
export interface MailboxConfig extends StoreConfig {
  adminEmail?: string;
  adminPassword?: string;
  /** Overrides the token-signing secret that is otherwise generated once and kept in NATS. */
  authTokenSecret?: string;
  /** Where mail for other domains goes (smtp://host:port); without it such mail is refused. */
  smtpRelay?: string;
}

export function loadMailboxConfig(env: NodeJS.ProcessEnv = process.env): MailboxConfig {
  return {
    ...loadStoreConfig('mailbox', env),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    authTokenSecret: env.AUTH_TOKEN_SECRET || undefined,
    smtpRelay: env.SMTP_RELAY || undefined,
  };
}
