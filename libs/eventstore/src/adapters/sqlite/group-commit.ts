import type Database from 'better-sqlite3';

interface Pending<A extends unknown[], R> {
  readonly args: A;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: calls made during one turn of the event loop run together in one write
 * transaction, each in its own savepoint (`work` must be a better-sqlite3 transaction function,
 * which nests as a savepoint), so one failing call rolls back only itself and the WAL commit is
 * paid once per group rather than once per call. Each promise settles after the group commits.
 */
export function groupCommit<A extends unknown[], R>(
  db: Database.Database,
  work: (...args: A) => R,
): (...args: A) => Promise<R> {
  let queue: Pending<A, R>[] = [];
  const flush = (): void => {
    const group = queue;
    queue = [];
    let outcomes: ({ ok: true; value: R } | { ok: false; error: unknown })[];
    try {
      outcomes = db
        .transaction(() =>
          group.map((p) => {
            try {
              return { ok: true as const, value: work(...p.args) };
            } catch (error) {
              return { ok: false as const, error };
            }
          }),
        )
        .immediate();
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    outcomes.forEach((o, i) => {
      const p = group[i] as Pending<A, R>;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  };
  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ args, resolve, reject });
    });
}
