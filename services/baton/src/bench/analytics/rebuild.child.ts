import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import {
  ANALYTICS_PROJECTION_LIST,
  openReadModelStore,
  rebuildProjection,
  rebuildProjections,
  type ReadModelConfig,
} from '@baton/service-analytics';
import { peakMemory } from './memory';

// One rebuild run in a process of its own, so its memory peak is its own: replays the store into
// the read models for the projections named, one after the other (as `baton analytics rebuild`
// does), and prints one JSON line on stdout: per projection the events applied, seconds and
// events/s, then the peak RSS and heap of the whole run.

export interface RebuildJob {
  readonly events:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };
  readonly readModels: ReadModelConfig;
  readonly projections: readonly string[];
  /** Rebuild them in one pass over the store (`rebuildProjections`) rather than one after the other. */
  readonly together?: boolean;
  readonly order?: 'stream' | 'store';
  readonly chunkSize?: number;
}

export interface RebuildRun {
  readonly projections: {
    readonly projection: string;
    readonly events: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
    /** Events per second of CPU time (user + system) of this process: what the load took away is not counted. */
    readonly eventsPerCpuSecond: number;
  }[];
  readonly seconds: number;
  readonly memory: {
    readonly peakRssMb: number;
    readonly peakHeapUsedMb: number;
    readonly baselineRssMb: number;
  };
}

async function openEvents(job: RebuildJob): Promise<EventStore> {
  return job.events.kind === 'sqlite'
    ? openSqliteEventStore({ file: job.events.file })
    : openPostgresEventStore({ connectionString: job.events.url, schema: job.events.schema });
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] as string) as RebuildJob;
  const memory = peakMemory();
  const events = await openEvents(job);
  const readModels = await openReadModelStore(job.readModels);
  const started = performance.now();
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const projections: RebuildRun['projections'] = [];
  try {
    const picked = job.projections.map((name) => {
      const projection = ANALYTICS_PROJECTION_LIST.find((p) => p.name === name);
      if (!projection) throw new Error(`no projection ${name}`);
      return projection;
    });
    const options = {
      events,
      readModels,
      ...(job.order ? { order: job.order } : {}),
      ...(job.chunkSize ? { chunkSize: job.chunkSize } : {}),
    };
    if (job.together) {
      const t0 = performance.now();
      const c0 = cpu();
      const result = await rebuildProjections({ ...options, projections: picked });
      const seconds = (performance.now() - t0) / 1000;
      const cpuSeconds = cpu() - c0;
      for (const p of picked) {
        const n = result.events[p.name] ?? 0;
        projections.push({
          projection: p.name,
          events: n,
          seconds: round(seconds, 2),
          eventsPerSecond: Math.round(n / seconds),
          eventsPerCpuSecond: Math.round(n / cpuSeconds),
        });
      }
    } else {
      for (const projection of picked) {
        const t0 = performance.now();
        const c0 = cpu();
        const result = await rebuildProjection({ ...options, projection });
        const seconds = (performance.now() - t0) / 1000;
        const cpuSeconds = cpu() - c0;
        projections.push({
          projection: projection.name,
          events: result.events,
          seconds: round(seconds, 2),
          eventsPerSecond: Math.round(result.events / seconds),
          eventsPerCpuSecond: Math.round(result.events / cpuSeconds),
        });
      }
    }
  } finally {
    await readModels.close();
    await events.close();
  }
  const run: RebuildRun = {
    projections,
    seconds: round((performance.now() - started) / 1000, 2),
    memory: memory.stop(),
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
