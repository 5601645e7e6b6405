import type {
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../port/event-store.port';
import type { AppendNotifier } from './append-notifier';

/** What a polling subscription needs from an adapter. */
export interface PollingSource {
  readonly readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>;
  readonly headPosition: () => Promise<bigint>;
  readonly notifier: AppendNotifier;
  /** Fallback poll when no signal arrives (appends by other processes). */
  readonly pollIntervalMs: number;
}

/**
 * Catch-up then live over `readAll`: correct as long as `readAll` never returns an event after
 * one that may still appear before it (each adapter's ordering guarantee).
 */
export function pollingSubscription(source: PollingSource, options: SubscribeOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const prefixes = options.streamPrefixes;
  let stopped = false;
  let abortWait = (): void => undefined;

  const run = async (): Promise<void> => {
    let after = options.after;
    let caughtUp = false;
    while (!stopped) {
      const seen = source.notifier.signals;
      // A filtered read stops at the head it saw, so that a short batch proves nothing of
      // interest lies before the head and the next read can start there instead of rescanning
      // every unrelated event since the last match.
      const head = prefixes ? await source.headPosition() : undefined;
      const batch = await source.readAll({
        after,
        maxCount: batchSize,
        ...(prefixes ? { until: head, streamPrefixes: prefixes } : {}),
      });
      for (const event of batch) {
        if (stopped) return;
        await options.handler(event);
        after = event.globalPosition;
      }
      if (batch.length < batchSize && !stopped) {
        if (head !== undefined && head > (after ?? 0n)) after = head;
        if (!caughtUp) {
          caughtUp = true;
          options.onCaughtUp?.();
        }
        const wait = source.notifier.wait(seen, source.pollIntervalMs);
        abortWait = wait.abort;
        await wait.promise;
        // Appends arrive in bursts: one turn of the event loop lets the rest of the burst land,
        // so one read serves them all instead of one read per append per subscription.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };

  const done = run();
  return {
    done,
    async stop() {
      stopped = true;
      abortWait();
      await done;
    },
  };
}
