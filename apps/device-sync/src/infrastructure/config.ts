import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ActiveSyncFolderType, ADDITIONAL_FOLDER_TYPES, AdditionalFolder, DevicePolicy, reduceFolderId, ROOT_FOLDER_ID } from '@gw/contracts';
import { natsServers } from '@gw/nats-bus';

export interface DeviceSyncConfig {
  natsServers: string[];
  /** PostgreSQL for the read model; without it an embedded PGlite database under DATA_DIR. */
  databaseUrl?: string;
  pgliteDir: string;
  /** JetStream replicas of the event stream when it is first created (3 on a 3-node cluster). */
  eventStoreReplicas: number;
  /** How long a command waits for the read model before replying, and a query for the caller's last write. */
  readYourWritesTimeoutMs: number;
  /** A device's last sync time is recorded at most this often. */
  syncRecordIntervalMs: number;
  /** Z-Push's "additional folders" section: folders every device gets, read-only through the API. */
  staticFolders: AdditionalFolder[];
  /** The EASProvisionDoc settings handed out in Provision phase 1. */
  policy: DevicePolicy;
}

/** No requirements on the device: what a server without a policy of its own hands out. */
export const DEFAULT_DEVICE_POLICY: DevicePolicy = {
  DevicePasswordEnabled: '0',
  AlphanumericDevicePasswordRequired: '0',
  AllowSimpleDevicePassword: '1',
  RequireDeviceEncryption: '0',
  AttachmentsEnabled: '1',
};

const staticFoldersSchema = z.array(
  z.object({
    store: z.string().min(1),
    folderId: z.string().transform(reduceFolderId).pipe(z.string().min(1)),
    parentId: z.string().transform(reduceFolderId).default(ROOT_FOLDER_ID),
    name: z.string().min(1),
    type: z.number().int().refine((t) => ADDITIONAL_FOLDER_TYPES.includes(t), 'not a user folder type').default(ActiveSyncFolderType.USER_MAIL),
    flags: z.number().int().min(0).default(0),
  }),
);
const policySchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v))));

/** Parses a JSON setting; a broken one stops the service at start rather than being ignored. */
function jsonSetting<S extends z.ZodTypeAny>(env: NodeJS.ProcessEnv, name: string, schema: S, fallback: z.infer<S>): z.infer<S> {
  const raw = env[name];
  if (!raw) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${String(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${name} is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function loadDeviceSyncConfig(env: NodeJS.ProcessEnv = process.env): DeviceSyncConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  return {
    natsServers: natsServers(env),
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: join(dataDir, 'device-sync', 'read-model'),
    eventStoreReplicas: Number(env.EVENT_STORE_REPLICAS ?? 1),
    readYourWritesTimeoutMs: Number(env.READ_YOUR_WRITES_TIMEOUT_MS ?? 5000),
    syncRecordIntervalMs: Number(env.DEVICE_SYNC_RECORD_INTERVAL_SECONDS ?? 60) * 1000,
    staticFolders: jsonSetting(env, 'DEVICE_ADDITIONAL_FOLDERS', staticFoldersSchema, []),
    policy: { ...DEFAULT_DEVICE_POLICY, ...jsonSetting(env, 'DEVICE_POLICY', policySchema, {}) },
  };
}
