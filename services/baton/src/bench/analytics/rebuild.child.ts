import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import {
  ANALYTICS_PROJECTION_LIST,
  openReadModelStore,
  rebuildProjection,
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
}

export interface RebuildRun {
  readonly projections: {
    readonly projection: string;
    readonly events: number;
    readonly seconds: number;
    readonly eventsPerSecond: number;
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
  const projections: RebuildRun['projections'] = [];
  try {
    for (const name of job.projections) {
      const projection = ANALYTICS_PROJECTION_LIST.find((p) => p.name === name);
      if (!projection) throw new Error(`no projection ${name}`);
      const t0 = performance.now();
      const result = await rebuildProjection({ events, readModels, projection });
      const seconds = (performance.now() - t0) / 1000;
      projections.push({
        projection: name,
        events: result.events,
        seconds: round(seconds, 2),
        eventsPerSecond: Math.round(result.events / seconds),
      });
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
