import { ChangeSignal } from '@gw/contracts';

/** What a blocked request waits for: some accounts, or every account, each with the kinds and position that count. */
export interface WatchSpec {
  accounts?: { id: string; types: readonly string[]; after: bigint }[];
  all?: { types: readonly string[]; after: bigint };
}

export interface ChangedAccount {
  id: string;
  position: bigint;
}

/**
 * The newest signalled position per account and kind, since this gateway started. A request
 * checks it when it starts waiting, so a signal that arrived between the notifier's answer and
 * the wait is not missed.
 */
export class ChangeIndex {
  private readonly latest = new Map<string, Map<string, bigint>>();
  private newest = 0n;

  record(signal: ChangeSignal): void {
    const position = BigInt(signal.position);
    let kinds = this.latest.get(signal.accountId);
    if (!kinds) this.latest.set(signal.accountId, (kinds = new Map()));
    // `*`: any change; `x`: the account was deleted, which ends every wait on it.
    for (const kind of [...signal.types, '*', ...(signal.deleted ? ['x'] : [])]) {
      if ((kinds.get(kind) ?? 0n) < position) kinds.set(kind, position);
    }
    if (position > this.newest) this.newest = position;
  }

  /** Accounts of `watch` with a counted change, each at its newest counted position. */
  changed(watch: WatchSpec): ChangedAccount[] {
    const found: ChangedAccount[] = [];
    for (const w of watch.accounts ?? []) {
      const p = this.newestOf(w.id, w.types);
      if (p > w.after) found.push({ id: w.id, position: p });
    }
    if (watch.all && this.newest > watch.all.after) {
      for (const id of this.latest.keys()) {
        const p = this.newestOf(id, watch.all.types);
        if (p > watch.all.after) found.push({ id, position: p });
      }
    }
    return found.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  private newestOf(accountId: string, types: readonly string[]): bigint {
    const kinds = this.latest.get(accountId);
    if (!kinds) return 0n;
    let newest = kinds.get('x') ?? 0n;
    for (const t of types) {
      const p = kinds.get(t) ?? 0n;
      if (p > newest) newest = p;
    }
    return newest;
  }
}
