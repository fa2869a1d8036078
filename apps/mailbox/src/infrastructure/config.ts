import { join, resolve } from 'node:path';
import { natsServers } from '@gw/nats-bus';

export interface MailboxConfig {
  natsServers: string[];
  /** PostgreSQL for read models; without it an embedded PGlite database under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  pgliteDir: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Overrides the token-signing secret that is otherwise generated once and kept in NATS. */
  authTokenSecret?: string;
  /** How long a command waits for its read model before replying (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** JetStream replicas of the event stream when it is first created (3 on a 3-node cluster). */
  eventStoreReplicas: number;
  /** Where mail for other domains goes (smtp://host:port); without it such mail is refused. */
  smtpRelay?: string;
}

export function loadMailboxConfig(env: NodeJS.ProcessEnv = process.env): MailboxConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  return {
    natsServers: natsServers(env),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    pgliteDir: join(dataDir, 'mailbox', 'read-model'),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    authTokenSecret: env.AUTH_TOKEN_SECRET || undefined,
    readYourWritesTimeoutMs: Number(env.READ_YOUR_WRITES_TIMEOUT_MS ?? 5000),
    eventStoreReplicas: Number(env.EVENT_STORE_REPLICAS ?? 1),
    smtpRelay: env.SMTP_RELAY || undefined,
  };
}
