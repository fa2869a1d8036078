interface Waiter {
  position: bigint;
  resolve(reached: boolean): void;
  timer: NodeJS.Timeout;
}

/** Callers waiting for the applied position to reach theirs (read-your-writes). */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** True as soon as `advance` reaches `position`, false after `timeoutMs` or `cancelAll`. */
  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
        timer: setTimeout(() => waiter.resolve(false), Math.max(0, timeoutMs)),
      };
      this.waiters.add(waiter);
    });
  }

  advance(applied: bigint): void {
    for (const waiter of [...this.waiters]) if (waiter.position <= applied) waiter.resolve(true);
  }

  cancelAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(false);
  }
}
