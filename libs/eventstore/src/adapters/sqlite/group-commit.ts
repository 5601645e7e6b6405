import type Database from 'better-sqlite3';

interface Pending<A extends unknown[], R> {
  readonly args: A;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Every this-many calls, a lone writer's call is deferred once to see whether others join it. */
const PROBE_EVERY = 16;
/** Deferred groups of one in a row before calls run at once again. */
const LONE_GROUPS_TO_STOP = 4;

/**
 * Group commit: calls made during one turn of the event loop run together in one write
 * transaction, each in its own savepoint (`work` must be a better-sqlite3 transaction function,
 * which nests as a savepoint), so one failing call rolls back only itself and the WAL commit is
 * paid once per group. Each promise settles after its group commits.
 *
 * Deferring to the next turn costs a lone sequential writer about a third of its rate, so calls
 * run at once until a periodic probe sees concurrent callers join a deferred group, and go back
 * to running at once after a few groups of one.
 */
export function groupCommit<A extends unknown[], R>(
  db: Database.Database,
  work: Database.Transaction<(...args: A) => R>,
): (...args: A) => Promise<R> {
  let queue: Pending<A, R>[] = [];
  let grouping = false;
  let sinceProbe = 0;
  let loneGroups = 0;

  const runGroup = (group: readonly Pending<A, R>[]): void => {
    let outcomes: Outcome<R>[];
    try {
      outcomes = db
        .transaction(() =>
          group.map((p): Outcome<R> => {
            try {
              return { ok: true, value: work(...p.args) };
            } catch (error) {
              return { ok: false, error };
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

  const flush = (): void => {
    const group = queue;
    queue = [];
    if (group.length > 1) {
      grouping = true;
      loneGroups = 0;
    } else if (grouping && ++loneGroups >= LONE_GROUPS_TO_STOP) {
      grouping = false;
    }
    runGroup(group);
  };

  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      const pending = { args, resolve, reject };
      if (queue.length > 0) return void queue.push(pending);
      if (!grouping && ++sinceProbe < PROBE_EVERY) {
        // Alone: its own immediate transaction, without the group's savepoint.
        try {
          resolve(work.immediate(...args));
        } catch (error) {
          reject(error);
        }
        return;
      }
      sinceProbe = 0;
      queue.push(pending);
      setImmediate(flush);
    });
}
