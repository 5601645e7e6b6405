import type { Pool } from 'pg';

/**
 * Tells other processes' subscriptions that events were committed, at most one NOTIFY in flight.
 * NOTIFY is sent after the append commits, never inside it: a notifying transaction holds a
 * cluster-wide lock through its commit, which would serialise every append's WAL flush and
 * defeat group commit. Best effort: subscribers also poll.
 */
export function coalescedNotifier(pool: Pool, channel: string): () => void {
  let inFlight = false;
  let pending = false;
  const send = (): void => {
    inFlight = true;
    pending = false;
    pool
      .query('SELECT pg_notify($1, $2)', [channel, ''])
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (pending) send();
      });
  };
  return () => {
    if (inFlight) pending = true;
    else send();
  };
}
