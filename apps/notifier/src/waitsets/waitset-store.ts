import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { KV, NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@gw/service-infra';
import { NOTIFIER_CONFIG } from '../infrastructure/tokens';
import { NotifierConfig } from '../infrastructure/config';
import { WaitSetRecord } from './waitset';
import { compareAndSet, isKeyToken, readRecord } from '../kv/json-records';

const BUCKET = 'waitsets';

/**
 * WaitSets live in a JetStream key-value bucket: shared by every notifier instance and kept
 * across restarts (all-accounts sets must survive one). `ws.<id>` holds the set; `owner.<account>.<id>`
 * lets the per-account limit find a user's sets without scanning everyone's.
 */
@Injectable()
export class WaitSetStore implements OnModuleInit {
  private kv!: KV;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.kv = await this.nc.jetstream().views.kv(BUCKET, { history: 1, replicas: this.config.eventStoreReplicas });
  }

  async get(id: string): Promise<WaitSetRecord | null> {
    if (!isKeyToken(id)) return null;
    return (await readRecord<WaitSetRecord>(this.kv, setKey(id))).value;
  }

  async create(record: WaitSetRecord): Promise<void> {
    await this.kv.create(setKey(record.id), JSON.stringify(record));
    await this.kv.put(ownerKey(record.owner, record.id), '');
  }

  /** Read, change, compare-and-set; `change` returning null leaves the set as it is. */
  async update<R>(id: string, change: (current: WaitSetRecord) => Promise<{ record: WaitSetRecord | null; result: R }>): Promise<R | null> {
    if (!isKeyToken(id)) return null;
    return compareAndSet(async () => {
      const { value: current, revision } = await readRecord<WaitSetRecord>(this.kv, setKey(id));
      if (!current) return null;
      const { record, result } = await change(current);
      if (record) await this.kv.update(setKey(id), JSON.stringify(record), revision);
      return result;
    });
  }

  async destroy(record: Pick<WaitSetRecord, 'id' | 'owner'>): Promise<void> {
    await this.kv.delete(setKey(record.id));
    await this.kv.delete(ownerKey(record.owner, record.id));
  }

  /** The sets one account owns. */
  async ownedBy(owner: string): Promise<WaitSetRecord[]> {
    const ids: string[] = [];
    for await (const k of await this.kv.keys(`owner.${owner}.*`)) ids.push(k.slice(`owner.${owner}.`.length));
    const sets = await Promise.all(ids.map((id) => this.get(id)));
    return sets.filter((s): s is WaitSetRecord => s !== null);
  }

  /** Every set (QueryWaitSet without an id, and the idle sweep). */
  async all(): Promise<WaitSetRecord[]> {
    const ids: string[] = [];
    for await (const k of await this.kv.keys('ws.*')) ids.push(k.slice(3));
    const sets = await Promise.all(ids.map((id) => this.get(id)));
    return sets.filter((s): s is WaitSetRecord => s !== null);
  }
}

const setKey = (id: string) => `ws.${id}`;
const ownerKey = (owner: string, id: string) => `owner.${owner}.${id}`;
