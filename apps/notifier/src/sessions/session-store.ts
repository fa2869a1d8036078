import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { KV, NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@gw/service-infra';
import { NOTIFIER_CONFIG } from '../infrastructure/tokens';
import { NotifierConfig } from '../infrastructure/config';
import { SessionRecord } from './session';
import { compareAndSet, isKeyToken, readRecord } from '../kv/json-records';

const BUCKET = 'soap-sessions';

/**
 * Sessions live in a JetStream key-value bucket, so every notifier instance serves every
 * session and a restart loses none. The bucket's max age is the idle timeout: each turn writes
 * the session again, and a session nobody touches ages out by itself.
 */
@Injectable()
export class SessionStore implements OnModuleInit {
  private kv!: KV;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.kv = await this.nc.jetstream().views.kv(BUCKET, { history: 1, ttl: this.config.sessionIdleMs, replicas: this.config.eventStoreReplicas });
  }

  /**
   * Reads, changes and writes one session with compare-and-set, so two requests on one session
   * at once do not lose an acknowledgement. `change` returns the new record (or null: delete).
   */
  async update<R>(id: string, change: (current: SessionRecord | null) => Promise<{ record: SessionRecord; result: R }>): Promise<R> {
    return compareAndSet(async () => {
      const { value: current, revision } = await readRecord<SessionRecord>(this.kv, key(id));
      const { record, result } = await change(current);
      if (current && record.id === id) await this.kv.update(key(id), JSON.stringify(record), revision);
      else await this.kv.create(key(record.id), JSON.stringify(record));
      return result;
    });
  }
}

export const validSessionId = isKeyToken;
const key = (id: string) => `s.${id}`;
