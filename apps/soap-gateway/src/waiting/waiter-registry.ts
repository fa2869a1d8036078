import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { CHANGE_SIGNAL_PREFIX, ChangeSignal, WAIT_CANCEL_PREFIX, WaitCancel, waitCancelSubject } from '@gw/contracts';
import { LOGGER, Logger, natsServers } from '@gw/nats-bus';
import { ChangedAccount, ChangeIndex, WatchSpec } from './change-index';

export type WaitOutcome =
  | { kind: 'changed'; accounts: ChangedAccount[] }
  | { kind: 'timeout' }
  /** Superseded by a newer request under the same key (WaitSet `canceled="1"`, NoOp). */
  | { kind: 'canceled'; key: string }
  | { kind: 'shutdown' };

interface Waiter {
  id: string;
  watch: WatchSpec;
  accountIds: string[];
  cancelKeys: string[];
  timer: NodeJS.Timeout;
  resolve(outcome: WaitOutcome): void;
}



const signalCodec = JSONCodec<ChangeSignal>();
const cancelCodec = JSONCodec<WaitCancel>();

/**
 * Holds blocked requests (WaitSet block="1", NoOp wait="1") as plain promises: one NATS
 * subscription for all change signals and one for cancellations serve every waiter, so a wait
 * costs no thread and no NATS request, only a timer and a few map entries.
 */
@Injectable()
export class WaiterRegistry implements OnModuleInit, OnApplicationShutdown {
  private nc!: NatsConnection;
  private readonly index = new ChangeIndex();
  private readonly byAccount = new Map<string, Set<Waiter>>();
  private readonly watchingAll = new Set<Waiter>();
  private readonly byCancelKey = new Map<string, Set<Waiter>>();
  private readonly waiters = new Set<Waiter>();
  /** Tells this instance's cancels from other gateways' when they come back over NATS. */
  private readonly origin = randomUUID();

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connect({ servers: natsServers(), name: 'soap-gateway-waiters', maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    this.nc.subscribe(`${CHANGE_SIGNAL_PREFIX}.>`, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.onSignal(signalCodec.decode(msg.data));
        } catch (error) {
          this.logger.warn({ err: error }, 'ignoring a malformed change signal');
        }
      },
    });
    this.nc.subscribe(`${WAIT_CANCEL_PREFIX}.>`, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const cancel = cancelCodec.decode(msg.data);
          // Our own cancel was applied when it was issued; its late echo must not end a
          // request that arrived after it.
          if (cancel.origin !== this.origin) this.onCancel(msg.subject.slice(WAIT_CANCEL_PREFIX.length + 1), cancel);
        } catch (error) {
          this.logger.warn({ err: error }, 'ignoring a malformed cancel');
        }
      },
    });
    // Subscriptions are live once the server has seen them: no signal after start is missed.
    await this.nc.flush();
  }

  /** Ends every wait with an empty answer: the client asks again, of another instance. */
  releaseAll(): void {
    for (const w of [...this.waiters]) this.finish(w, { kind: 'shutdown' });
  }

  async onApplicationShutdown(): Promise<void> {
    this.releaseAll();
    await this.nc?.drain().catch(() => undefined);
  }

  /** Requests blocked right now (for the benchmark and health). */
  count(): number {
    return this.waiters.size;
  }

  /**
   * Tells every gateway that a newer request took these keys: their waits under them end as
   * canceled. Returns the id that marks this request's own wait.
   */
  supersede(keys: readonly string[]): string {
    const waiterId = randomUUID();
    for (const key of keys) {
      const cancel = { waiterId, origin: this.origin };
      this.onCancel(key, cancel); // this gateway at once, others through NATS
      this.nc.publish(waitCancelSubject(key), cancelCodec.encode(cancel));
    }
    return waiterId;
  }

  /** Waits until something in `watch` changes, a newer request cancels it, or the timeout passes. */
  wait(watch: WatchSpec, timeoutMs: number, opts: { waiterId?: string; cancelKeys?: string[] } = {}): Promise<WaitOutcome> {
    const already = this.index.changed(watch);
    if (already.length) return Promise.resolve({ kind: 'changed', accounts: already });
    return new Promise<WaitOutcome>((resolve) => {
      const waiter: Waiter = {
        id: opts.waiterId ?? randomUUID(),
        watch,
        accountIds: (watch.accounts ?? []).map((a) => a.id),
        cancelKeys: opts.cancelKeys ?? [],
        timer: setTimeout(() => this.finish(waiter, { kind: 'timeout' }), Math.max(0, timeoutMs)),
        resolve,
      };
      this.waiters.add(waiter);
      for (const id of waiter.accountIds) add(this.byAccount, id, waiter);
      if (watch.all) this.watchingAll.add(waiter);
      for (const key of waiter.cancelKeys) add(this.byCancelKey, key, waiter);
    });
  }

  private onSignal(signal: ChangeSignal): void {
    this.index.record(signal);
    const candidates = [...(this.byAccount.get(signal.accountId) ?? []), ...this.watchingAll];
    for (const waiter of candidates) {
      const changed = this.index.changed(waiter.watch);
      if (changed.length) this.finish(waiter, { kind: 'changed', accounts: changed });
    }
  }

  private onCancel(key: string, cancel: WaitCancel): void {
    for (const waiter of [...(this.byCancelKey.get(key) ?? [])]) {
      if (waiter.id !== cancel.waiterId) this.finish(waiter, { kind: 'canceled', key });
    }
  }

  private finish(waiter: Waiter, outcome: WaitOutcome): void {
    if (!this.waiters.delete(waiter)) return; // already finished
    clearTimeout(waiter.timer);
    for (const id of waiter.accountIds) remove(this.byAccount, id, waiter);
    this.watchingAll.delete(waiter);
    for (const key of waiter.cancelKeys) remove(this.byCancelKey, key, waiter);
    waiter.resolve(outcome);
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set && !set.size) map.delete(key);
}
