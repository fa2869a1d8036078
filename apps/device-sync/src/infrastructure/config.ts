import { z } from 'zod';
import { ActiveSyncFolderType, ADDITIONAL_FOLDER_TYPES, AdditionalFolder, DevicePolicy, reduceFolderId, ROOT_FOLDER_ID } from '@gw/contracts';
import { loadStoreConfig, StoreConfig } from '@gw/service-infra';

/** The shared store settings (NATS, DATABASE_URL, DATA_DIR/device-sync/read-model, …) and device-sync's own. */
export interface DeviceSyncConfig extends StoreConfig {
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
  return {
    ...loadStoreConfig('device-sync', env),
    syncRecordIntervalMs: Number(env.DEVICE_SYNC_RECORD_INTERVAL_SECONDS ?? 60) * 1000,
    staticFolders: jsonSetting(env, 'DEVICE_ADDITIONAL_FOLDERS', staticFoldersSchema, []),
    policy: { ...DEFAULT_DEVICE_POLICY, ...jsonSetting(env, 'DEVICE_POLICY', policySchema, {}) },
  };
}
