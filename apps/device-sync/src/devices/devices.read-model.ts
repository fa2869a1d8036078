import { Inject, Injectable } from '@nestjs/common';
import { AllDevicesPage, DeviceInfo } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { DEVICE_SYNC_CONFIG } from '../infrastructure/tokens';
import { DeviceSyncConfig } from '../infrastructure/config';
import { DeviceState } from '../domain/device-state';
import { deviceInfo } from '../domain/device-view';

interface DeviceRow {
  account_id: string;
  account_name: string | null;
  state: DeviceState;
}

const SELECT_DEVICES = `SELECT d.account_id, a.name AS account_name, d.state
  FROM devices d LEFT JOIN device_accounts a ON a.account_id = d.account_id`;
/** Devices of deleted accounts stay in the store (the audit log) but leave the server-wide views. */
const OF_LIVE_ACCOUNTS = `a.deleted IS NOT TRUE`;

/** Queries over the `devices` read model. */
@Injectable()
export class DevicesReadModel {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: Database,
    @Inject(DEVICE_SYNC_CONFIG) private readonly config: DeviceSyncConfig,
  ) {}

  private toInfo(row: DeviceRow): DeviceInfo {
    return deviceInfo(row.account_id, row.state, this.config.staticFolders, row.account_name ?? undefined);
  }

  async ofAccount(accountId: string): Promise<DeviceInfo[]> {
    const { rows } = await this.db.query<DeviceRow>(`${SELECT_DEVICES} WHERE d.account_id = $1 ORDER BY d.device_id`, [accountId]);
    return rows.map((r) => this.toInfo(r));
  }

  async get(accountId: string, deviceId: string): Promise<DeviceInfo | undefined> {
    const { rows } = await this.db.query<DeviceRow>(`${SELECT_DEVICES} WHERE d.account_id = $1 AND d.device_id = $2`, [accountId, deviceId]);
    return rows[0] && this.toInfo(rows[0]);
  }

  /** Every account's devices, by account name (id when the name is unknown), then device id. */
  async all(offset: number, limit: number): Promise<AllDevicesPage> {
    const { rows } = await this.db.query<DeviceRow>(
      `${SELECT_DEVICES} WHERE ${OF_LIVE_ACCOUNTS} ORDER BY coalesce(a.name, d.account_id), d.account_id, d.device_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = await this.count();
    return { devices: rows.map((r) => this.toInfo(r)), total, more: offset + rows.length < total };
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ count: string }>(
      `SELECT count(*) AS count FROM devices d LEFT JOIN device_accounts a ON a.account_id = d.account_id WHERE ${OF_LIVE_ACCOUNTS}`,
    );
    return Number(rows[0]?.count ?? 0);
  }
}
