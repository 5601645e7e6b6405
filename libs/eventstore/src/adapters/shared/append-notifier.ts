/**
 * Wakes live subscriptions when events may have been appended. It counts signals so that a
 * signal arriving between a subscriber's read and its wait is not lost.
 */
export class AppendNotifier {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get signals(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves after `ms`, on a signal newer than `seen`, or when `abort` is called. */
  wait(seen: number, ms: number): { promise: Promise<void>; abort: () => void } {
    let abort = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      if (this.count !== seen) return resolve();
      const timer = setTimeout(finish, ms);
      const waiters = this.waiters;
      function finish(): void {
        clearTimeout(timer);
        waiters.delete(finish);
        resolve();
      }
      this.waiters.add(finish);
      abort = finish;
    });
    return { promise, abort };
  }
}
