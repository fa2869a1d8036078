const MAX_ACCOUNTS = 50_000;

/**
 * Read-your-writes across requests: the last event-store position each account wrote through
 * this client. Its later requests carry it, so a read model that lags waits instead of
 * answering with stale data. Bounded: the oldest accounts are forgotten first.
 */
export class WrittenPositions {
  private readonly byAccount = new Map<string, bigint>();

  record(accountId: string, position: string): void {
    const p = BigInt(position);
    const known = this.byAccount.get(accountId);
    if (known !== undefined && known >= p) return;
    this.byAccount.delete(accountId);
    this.byAccount.set(accountId, p);
    if (this.byAccount.size > MAX_ACCOUNTS) this.byAccount.delete(this.byAccount.keys().next().value as string);
  }

  get(accountId: string): string | undefined {
    return this.byAccount.get(accountId)?.toString();
  }
}
