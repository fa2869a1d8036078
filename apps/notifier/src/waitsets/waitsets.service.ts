import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  DomainError,
  ErrorCode,
  InterestType,
  NotifierCommand,
  Principal,
  WaitSetCheck,
  WaitSetCreated,
  WaitSetError,
  WaitSetInfo,
} from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { NOTIFIER_CONFIG } from '../infrastructure/tokens';
import { NotifierConfig } from '../infrastructure/config';
import { ChangeTracker } from '../changes/change-tracker';
import { formatInterestTypes, parseInterestTypes } from '../changes/account-changes';
import { WaitSetStore } from './waitset-store';
import {
  AccountRef,
  changedMembers,
  changeMembership,
  dropDeleted,
  evictionsFor,
  grantedTimeoutMs,
  isIdle,
  parseSeq,
  thresholdOf,
  typesOf,
  WaitSetRecord,
} from './waitset';

type RawRef = { id: string; token?: string; types?: string };

const SWEEP_INTERVAL_MS = 60_000;

/**
 * CreateWaitSet, WaitSet, DestroyWaitSet and QueryWaitSet. A WaitSet request never blocks here:
 * it answers at once with the changed accounts, or with what the gateway should watch while it
 * holds the client's request itself.
 */
@Injectable()
export class WaitSets implements OnModuleInit, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: WaitSetStore,
    private readonly changes: ChangeTracker,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep().catch((err) => this.logger.warn({ err }, 'WaitSet sweep failed')), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async create(principal: Principal, p: NotifierCommand<'CreateWaitSet'>): Promise<WaitSetCreated> {
    const admin = p.admin && principal.isAdmin;
    if (p.allAccounts && !admin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: allAccounts needs an admin token');
    const defTypes = requireTypes(p.defTypes);
    const add = this.refs(principal, admin, p.add);
    if (!admin) await this.makeRoomFor(principal.id);
    const position = this.changes.position();
    const empty: WaitSetRecord = {
      id: newId(),
      owner: principal.id,
      admin,
      defTypes,
      allAccounts: p.allAccounts,
      createdAt: position.toString(),
      lastAccess: Date.now(),
      busyUntil: 0,
      accounts: {},
    };
    const status = await this.changes.statusOf(add.map((a) => a.id));
    const { record, errors } = changeMembership(empty, { add, update: [], remove: [] }, status, position);
    await this.store.create(record);
    return { waitSet: record.id, defTypes: formatInterestTypes(defTypes), seq: '0', errors };
  }

  async wait(principal: Principal, p: NotifierCommand<'WaitSet'>): Promise<WaitSetCheck> {
    const admin = p.admin && principal.isAdmin;
    const add = this.refs(principal, admin, p.add);
    const update = this.refs(principal, admin, p.update);
    const seq = parseSeq(p.seq);
    const timeoutMs = grantedTimeoutMs(p.timeout, admin ? this.config.adminWaitSetTimeout : this.config.waitSetTimeout);
    const result = await this.store.update(p.waitSet, async (current) => {
      this.requireAccess(principal, current);
      const position = this.changes.position();
      let record: WaitSetRecord = { ...current, lastAccess: Date.now(), busyUntil: p.block ? Date.now() + timeoutMs : 0 };
      if (p.defTypes !== undefined) record.defTypes = requireTypes(p.defTypes);
      const ids = [...add, ...update].map((a) => a.id).concat(Object.keys(record.accounts));
      const status = await this.changes.statusOf([...new Set(ids)]);
      const membership = changeMembership(record, { add, update, remove: p.remove }, status, position);
      const deleted = dropDeleted(membership.record, status);
      record = deleted.record;
      const errors: WaitSetError[] = [...membership.errors, ...deleted.errors];
      const result = { ...(await this.check(record, seq, position)), errors };
      return { record: worthWriting(current, record) ? record : null, result };
    });
    if (!result) throw noSuchWaitSet(p.waitSet);
    return { ...result, timeoutMs };
  }

  async destroy(principal: Principal, p: NotifierCommand<'DestroyWaitSet'>): Promise<{ waitSet: string }> {
    const record = await this.store.get(p.waitSet);
    if (!record) throw noSuchWaitSet(p.waitSet);
    this.requireAccess(principal, record);
    await this.store.destroy(record);
    return { waitSet: record.id };
  }

  async query(principal: Principal, waitSet: string | undefined): Promise<WaitSetInfo[]> {
    if (!principal.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: need admin token');
    const sets = waitSet ? [await this.store.get(waitSet)].filter((s): s is WaitSetRecord => s !== null) : await this.store.all();
    if (waitSet && !sets.length) throw noSuchWaitSet(waitSet);
    return sets.map((s) => ({
      id: s.id,
      owner: s.owner,
      defTypes: formatInterestTypes(s.defTypes),
      allAccounts: s.allAccounts,
      lastAccess: s.lastAccess,
      createdAt: s.createdAt,
      accounts: Object.entries(s.accounts).map(([id, a]) => ({ id, types: formatInterestTypes(typesOf(s, a)), after: a.after, ...(a.token ? { token: a.token } : {}) })),
    }));
  }

  /** What changed after `seq`; with nothing, what to watch and the seq a timed-out reply carries. */
  private async check(record: WaitSetRecord, seq: bigint, position: bigint): Promise<Omit<WaitSetCheck, 'errors' | 'timeoutMs'>> {
    const replySeq = (seq > position ? seq : position).toString();
    if (record.allAccounts) {
      const after = seq > BigInt(record.createdAt) ? seq : BigInt(record.createdAt);
      const changed = await this.changes.changedAfter(after, record.defTypes);
      if (changed.length) return { waitSet: record.id, seq: changed[changed.length - 1].position.toString(), changed: changed.map((c) => c.accountId), watch: {} };
      return { waitSet: record.id, seq: replySeq, changed: [], watch: { all: { types: record.defTypes, after: after.toString() } } };
    }
    const last = await this.changes.lastChanges(Object.keys(record.accounts));
    const changed = changedMembers(record, seq, last);
    if (changed.length) {
      const newest = changed.reduce((max, c) => (c.position > max ? c.position : max), 0n);
      return { waitSet: record.id, seq: newest.toString(), changed: changed.map((c) => c.id), watch: {} };
    }
    return {
      waitSet: record.id,
      seq: replySeq,
      changed: [],
      watch: { accounts: Object.entries(record.accounts).map(([id, a]) => ({ id, types: typesOf(record, a), after: thresholdOf(a, seq).toString() })) },
    };
  }

  /** soap-waitset.txt: a user may only wait on their own account; admins on any. */
  private refs(principal: Principal, admin: boolean, raw: RawRef[]): AccountRef[] {
    return raw.map((r) => {
      if (!admin && r.id !== principal.id) throw new DomainError(ErrorCode.PERM_DENIED, `permission denied: cannot wait on account ${r.id}`);
      const types = r.types === undefined || r.types === '' ? undefined : requireTypes(r.types);
      return { id: r.id, ...(r.token !== undefined ? { token: r.token } : {}), ...(types ? { types } : {}) };
    });
  }

  private requireAccess(principal: Principal, record: WaitSetRecord): void {
    if (record.owner !== principal.id && !principal.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: not the owner of the WaitSet');
  }

  /** zimbra_waitset_max_per_account: the least recently used of a user's sets give way. */
  private async makeRoomFor(owner: string): Promise<void> {
    const sets = (await this.store.ownedBy(owner)).filter((s) => !s.admin);
    for (const id of evictionsFor(sets, this.config.maxWaitSetsPerAccount)) {
      await this.store.destroy({ id, owner });
      this.logger.info({ waitSet: id, owner }, 'WaitSet destroyed: over the per-account limit');
    }
  }

  /** Destroys sets nobody used for the idle time (20 minutes), unless a request still holds one. */
  async sweep(now = Date.now()): Promise<number> {
    let destroyed = 0;
    for (const s of await this.store.all()) {
      if (isIdle(s, now, this.config.waitSetIdleMs)) {
        await this.store.destroy(s);
        destroyed++;
      }
    }
    return destroyed;
  }
}

/** Leeway on the access times: a busy set is written at most about once a minute for them alone. */
const ACCESS_SLACK_MS = 60_000;

/**
 * Whether a set changed enough to write it back. For an admin set every wait would otherwise
 * cost a write just to move the access time, which only the 20-minute idle sweep reads. A
 * user's sets are few, and the least recently used one gives way to a sixth: always written.
 */
function worthWriting(before: WaitSetRecord, after: WaitSetRecord): boolean {
  if (!after.admin) return true;
  if (JSON.stringify(before.accounts) !== JSON.stringify(after.accounts) || before.defTypes.join() !== after.defTypes.join()) return true;
  return after.lastAccess - before.lastAccess > ACCESS_SLACK_MS || after.busyUntil - before.busyUntil > ACCESS_SLACK_MS;
}

function requireTypes(raw: string): InterestType[] {
  const types = parseInterestTypes(raw);
  if (!types) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid interest types: ${raw}`);
  return types;
}

const noSuchWaitSet = (id: string) => new DomainError(ErrorCode.NO_SUCH_WAITSET, `no such waitset: ${id}`, { id });

/** Opaque, unguessable: a WaitSet id is all a request names. */
const newId = () => `WaitSet-${randomBytes(12).toString('base64url')}`;
