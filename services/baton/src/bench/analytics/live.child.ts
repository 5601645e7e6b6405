import { openSqliteEventStore, type RecordedEvent } from '@baton/eventstore';
import {
  ANALYTICS_PROJECTION_LIST,
  statisticsProjectionWith,
  openReadModelStore,
  type ReadModelConfig,
} from '@baton/service-analytics';
import { CALENDAR_TIME_ONLY } from './calendar-time-only';

// Live batches in a process of its own: a projection's `apply` fed as the ProjectionRunner feeds
// it under load (consecutive events of the store in store order, instances interleaved, in
// batches of the size the runner forms: 64 when it keeps up, up to 500 when it falls behind),
// each batch in one read-model transaction in the projection's own lane. A warm-up window fills
// the read models first, so measured batches meet running instances whose events are kept, as
// a live service's do. Prints one JSON line: per projection and batch size, events/s and ms per
// batch (mean, p50, p99, max).

export interface LiveJob {
  readonly eventsFile: string;
  readonly readModels: ReadModelConfig;
  readonly projections: readonly string[];
  readonly batchSizes: readonly number[];
  /** Store events applied first (batches of 500), not measured. */
  readonly warmup: number;
  /** Store events measured per batch size (consecutive windows after the warm-up). */
  readonly events: number;
}

export interface LiveFigures {
  readonly projection: string;
  readonly batchSize: number;
  readonly batches: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly eventsPerCpuSecond: number;
  readonly msPerBatch: {
    readonly mean: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly msPerEvent: number;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] as string) as LiveJob;
  const store = await openSqliteEventStore({ file: job.eventsFile });
  const all: RecordedEvent[] = [];
  const total = job.warmup + job.events * job.batchSizes.length;
  while (all.length < total) {
    const page = await store.readAll({
      after: all[all.length - 1]?.globalPosition ?? 0n,
      maxCount: Math.min(20_000, total - all.length),
    });
    if (page.length === 0) break;
    all.push(...page);
  }
  await store.close();
  const readModels = await openReadModelStore(job.readModels);
  const figures: LiveFigures[] = [];
  try {
    const picked = job.projections.map((name) => {
      // The statistics in calendar time only (as before business time), to compare with.
      if (name === CALENDAR_TIME_ONLY) return { ...statisticsProjectionWith({ businessTime: false }), name };
      const projection = ANALYTICS_PROJECTION_LIST.find((p) => p.name === name);
      if (!projection) throw new Error(`no projection ${name}`);
      return projection;
    });
    await readModels.ensureTables(picked.flatMap((p) => p.tables));
    for (const projection of picked) {
      const mine = (events: readonly RecordedEvent[]) =>
        events
          .filter((e) => projection.streamPrefixes.some((prefix) => e.streamId.startsWith(prefix)))
          .map((event) => ({ event }));
      const applyBatches = async (window: readonly RecordedEvent[], size: number, times?: number[]) => {
        for (let at = 0; at < window.length; at += size) {
          const batch = mine(window.slice(at, at + size));
          if (batch.length === 0) continue;
          const t0 = performance.now();
          await readModels.write((tx) => projection.apply(tx, batch), projection.name);
          times?.push(performance.now() - t0);
        }
      };
      await applyBatches(all.slice(0, job.warmup), 500);
      for (const [i, size] of job.batchSizes.entries()) {
        const window = all.slice(job.warmup + i * job.events, job.warmup + (i + 1) * job.events);
        const events = mine(window).length;
        // The catalogs' few events all come before the measured windows.
        if (events === 0) continue;
        const times: number[] = [];
        const t0 = performance.now();
        const c0 = cpu();
        await applyBatches(window, size, times);
        const seconds = (performance.now() - t0) / 1000;
        const cpuSeconds = cpu() - c0;
        const sorted = [...times].sort((a, b) => a - b);
        const sum = times.reduce((a, b) => a + b, 0);
        figures.push({
          projection: projection.name,
          batchSize: size,
          batches: times.length,
          events,
          seconds: round(seconds),
          eventsPerSecond: Math.round(events / seconds),
          eventsPerCpuSecond: Math.round(events / cpuSeconds),
          msPerBatch: {
            mean: round(sum / (times.length || 1)),
            p50: round(quantile(sorted, 0.5)),
            p99: round(quantile(sorted, 0.99)),
            max: round(sorted[sorted.length - 1] ?? 0),
          },
          msPerEvent: round(sum / (events || 1), 3),
        });
      }
    }
  } finally {
    await readModels.close();
  }
  process.stdout.write(`${JSON.stringify({ figures })}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
