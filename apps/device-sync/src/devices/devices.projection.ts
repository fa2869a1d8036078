import { DeviceEvent, DEVICES_STREAM_PREFIX, DIRECTORY_STREAM, DirectoryEvent } from '@gw/contracts';
import type { Commit } from '@gw/event-store';
import { insertRows, Projection, SqlExecutor } from '@gw/read-model';
import { DeviceState, deviceStatus, evolveDevice } from '../domain/device-state';

export const DEVICE_TABLES = ['devices', 'device_accounts'];

/**
 * The `devices` read model: one row per device, holding the folded device (the domain's own
 * state, as JSON) plus the columns lists filter and sort by. Later events are folded into the
 * stored state with the domain's `evolveDevice`, so the read model and the aggregate cannot
 * drift apart; a change of that state's shape means renaming the projection (a rebuild).
 *
 * It also follows the directory for account names (WebserviceUsers lists devices with their
 * users) and deletions: a deleted account's devices drop out of the server-wide lists and count.
 *
 * No stream prefix: it sees every commit, so its position answers read-your-writes for any
 * position a caller brings, whichever service wrote it.
 */
export const devicesProjection: Projection = {
  name: 'device-sync-devices',
  tables: DEVICE_TABLES,
  migrations: [
    `CREATE TABLE devices (
       account_id text NOT NULL,
       device_id text NOT NULL,
       device_type text NOT NULL,
       status text NOT NULL,
       first_sync_at bigint NOT NULL,
       last_sync_at bigint,
       state jsonb NOT NULL,
       position bigint NOT NULL,
       PRIMARY KEY (account_id, device_id)
     )`,
    `CREATE TABLE device_accounts (
       account_id text PRIMARY KEY,
       name text NOT NULL,
       deleted boolean NOT NULL DEFAULT false
     )`,
  ],
  async apply(tx: SqlExecutor, commits: Commit[]): Promise<void> {
    await applyAccounts(tx, commits.filter((c) => c.stream === DIRECTORY_STREAM));
    await applyDevices(tx, commits.filter((c) => c.stream.startsWith(DEVICES_STREAM_PREFIX)));
  },
};

/** The last name and liveness of each account the batch touches: one upsert. */
async function applyAccounts(tx: SqlExecutor, commits: Commit[]): Promise<void> {
  const accounts = new Map<string, { name: string; deleted: boolean }>();
  for (const commit of commits) {
    for (const e of commit.events) {
      const event = { type: e.type, data: e.data } as DirectoryEvent;
      if (event.type === 'AccountCreated') accounts.set(event.data.accountId, { name: event.data.name, deleted: false });
      if (event.type === 'AccountRenamed') accounts.set(event.data.accountId, { name: event.data.newName, deleted: false });
      if (event.type === 'AccountDeleted') accounts.set(event.data.accountId, { name: event.data.name, deleted: true });
    }
  }
  if (!accounts.size) return;
  await insertRows(tx, 'device_accounts', ['account_id', 'name', 'deleted'], [...accounts].map(([id, a]) => [id, a.name, a.deleted]), {
    onConflict: '(account_id) DO UPDATE SET name = EXCLUDED.name, deleted = EXCLUDED.deleted',
  });
}

interface Folded {
  accountId: string;
  deviceId: string;
  state: DeviceState | undefined;
  position: bigint;
}

const keyOf = (accountId: string, deviceId: string) => `${accountId}/${deviceId}`;

/** Loads the devices the batch touches, folds its events into them, and writes them back (or deletes them). */
async function applyDevices(tx: SqlExecutor, commits: Commit[]): Promise<void> {
  if (!commits.length) return;
  const folded = new Map<string, Folded>();
  for (const commit of commits) {
    const accountId = commit.stream.slice(DEVICES_STREAM_PREFIX.length);
    for (const e of commit.events) {
      const deviceId = (e.data as DeviceEvent['data']).deviceId;
      folded.set(keyOf(accountId, deviceId), { accountId, deviceId, state: undefined, position: commit.position });
    }
  }
  const touched = [...folded.values()];
  const { rows } = await tx.query<{ account_id: string; device_id: string; state: DeviceState }>(
    `SELECT account_id, device_id, state FROM devices WHERE (account_id, device_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [touched.map((t) => t.accountId), touched.map((t) => t.deviceId)],
  );
  for (const r of rows) folded.get(keyOf(r.account_id, r.device_id))!.state = r.state;

  for (const commit of commits) {
    const accountId = commit.stream.slice(DEVICES_STREAM_PREFIX.length);
    for (const e of commit.events) {
      const event = { type: e.type, data: e.data } as DeviceEvent;
      const entry = folded.get(keyOf(accountId, event.data.deviceId))!;
      entry.state = evolveDevice(entry.state, event);
      entry.position = commit.position;
    }
  }

  const live = touched.filter((t) => t.state);
  const gone = touched.filter((t) => !t.state);
  if (gone.length) {
    await tx.query(`DELETE FROM devices WHERE (account_id, device_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
      gone.map((t) => t.accountId),
      gone.map((t) => t.deviceId),
    ]);
  }
  if (!live.length) return;
  await insertRows(
    tx,
    'devices',
    ['account_id', 'device_id', 'device_type', 'status', 'first_sync_at', 'last_sync_at', 'state', 'position'],
    live.map(({ accountId, deviceId, state, position }) => [
      accountId,
      deviceId,
      state!.deviceType,
      deviceStatus(state!),
      state!.firstSyncAt,
      state!.lastSyncAt ?? null,
      JSON.stringify(state),
      position,
    ]),
    {
      onConflict: `(account_id, device_id) DO UPDATE SET device_type = EXCLUDED.device_type, status = EXCLUDED.status,
        first_sync_at = EXCLUDED.first_sync_at, last_sync_at = EXCLUDED.last_sync_at, state = EXCLUDED.state, position = EXCLUDED.position`,
    },
  );
}
