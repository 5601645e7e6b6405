import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { toDomainEvent } from '@baton/service-kit';
import { INSTANCE_PREFIX } from '../audit-trail/audit-trail.projection';
import type { ProjectedEvent, Projection, RebuildFold } from '../projections/projection';
import type { ReadModelTx, Row, TableSpec } from '../read-model-store/read-model-store.port';
import { primaryKeyText } from '../read-model-store/shared/table-shape';
import { CALENDAR_EVENTS, CalendarRegistries, keysOfTenants } from '../calendars/calendars.projection';
import { BUSINESS_CLOCK, BUSINESS_TABLES } from './business.tables';
import { factsInClocks } from './business-clock';
import { DayBuckets } from './day-buckets';
import { FlowBuckets } from './flow-buckets';
import { advance, freshEvents, needsHistory, type InstanceProgress } from './instance-progress';
import { ROLLUP_TABLES } from './rollup.tables';
import { INSTANCE_PROGRESS, RUNNING_EVENTS, SLA_BREACHES, STATISTICS_TABLES } from './statistics.tables';
import { factsOfTenant, progressWithTenant, tenantOfInstance } from './tenant-facts';

/**
 * Handoff, step and case statistics per definition version and UTC day (analytics-core's
 * observations and mergeable aggregates), handovers between people, work per performer, team
 * queues and SLA breaches. Each instance's events are kept only while it runs and read back only
 * when a step or the instance ended or a breach changed; an observation is counted once, when it
 * became final, and a breach row is rewritten from the activation's events, so live and replayed
 * read models agree.
 */
export const statisticsProjection: Projection = statisticsProjectionWith({ businessTime: true });

/**
 * The statistics projection; `businessTime: false` keeps calendar time only (no calendars read,
 * no business-time rows): what the statistics were before business time, for the bench.
 */
export function statisticsProjectionWith(options: { readonly businessTime: boolean }): Projection {
  const { businessTime } = options;
  return {
    name: 'statistics',
    tables: [...STATISTICS_TABLES, ...ROLLUP_TABLES, ...(businessTime ? BUSINESS_TABLES : [])],
    ...(businessTime ? { reads: [CALENDAR_EVENTS] } : {}),
    topics: [EXECUTION_EVENTS_TOPIC],
    context: 'execution',
    streamPrefixes: [INSTANCE_PREFIX],
    async apply(tx, events) {
      const sums = new BatchSums(businessTime);
      await fold(tx, events, sums);
      await sums.write(tx);
    },
    rebuildFold: () => statisticsRebuildFold(REBUILD_HELD_ROWS, businessTime),
  };
}

/**
 * A rebuild keeps its sums across chunks: each summary row (a day, week, month or all-time row
 * touched by most chunks) is then read, merged and written once per flush, not once per chunk;
 * it writes them early when it holds `heldRows`.
 */
export function statisticsRebuildFold(heldRows = REBUILD_HELD_ROWS, businessTime = true): RebuildFold {
  let sums = new BatchSums(businessTime);
  return {
    async apply(tx, events) {
      await fold(tx, events, sums);
      if (sums.size() < heldRows) return;
      await sums.write(tx);
      sums = new BatchSums(businessTime);
    },
    async flush(tx) {
      await sums.write(tx);
      sums = new BatchSums(businessTime);
    },
  };
}

/** Summed rows a rebuild holds in memory before it writes them (bounds its memory). */
const REBUILD_HELD_ROWS = 25_000;

/** A batch's (or a rebuild's) facts summed per row, written with one read and one write per row. */
class BatchSums {
  readonly buckets = new DayBuckets();
  /** The same handoffs, steps and cases in business time (business-clock.ts); none: calendar time only. */
  readonly business: DayBuckets | undefined;
  readonly flows = new FlowBuckets();

  constructor(businessTime: boolean) {
    this.business = businessTime ? new DayBuckets(BUSINESS_CLOCK) : undefined;
  }

  size(): number {
    return this.buckets.size() + (this.business?.size() ?? 0) + this.flows.size();
  }

  async write(tx: ReadModelTx): Promise<void> {
    await mergeRows(tx, [...this.buckets.rows(), ...(this.business?.rows() ?? []), ...this.flows.rows()]);
    const breaches = this.flows.breachRows();
    if (breaches.length > 0) await tx.put(SLA_BREACHES, breaches);
  }
}

/**
 * Folds events into each instance's progress (read and written here) and their facts into `sums`
 * (written by the caller).
 */
async function fold(tx: ReadModelTx, events: readonly ProjectedEvent[], sums: BatchSums): Promise<void> {
  const { buckets, business, flows } = sums;
  // Each instance's progress, then the kept events of those whose history the batch needs, are
  // read for the whole batch at once (one statement per table on PostgreSQL): the instances of
  // a batch are distinct streams, so reading them before any of them is written reads the same.
  // The calendars of the tenants the events name, for business time, come with the progress
  // (one round trip); a tenant only an instance's progress knew is read after it.
  const streams = [...byStream(events)];
  const named = business
    ? [...new Set(streams.map(([, arrived]) => tenantOfInstance(undefined, arrived)))]
    : [];
  const [held = [], calendarRows = []] = await tx.getManyOfTables([
    { table: INSTANCE_PROGRESS, keys: streams.map(([streamId]) => ({ stream_id: streamId })) },
    // Calendar time only reads no calendars (their table may not exist).
    ...(business ? [{ table: CALENDAR_EVENTS, keys: keysOfTenants(named) }] : []),
  ]);
  const advancing = streams.flatMap(([streamId, arrived], i) => {
    const row = held[i];
    const before = row ? (JSON.parse(row['progress'] as string) as InstanceProgress) : undefined;
    const fresh = freshEvents(
      before,
      arrived.map(({ event }) => ({
        version: event.streamVersion,
        event: toDomainEvent<instance.InstanceEvent>(event),
      })),
    );
    return fresh.length > 0 ? [{ streamId, before, fresh, tenantId: tenantOfInstance(before, arrived) }] : [];
  });
  const kept = await keptEvents(
    tx,
    advancing.filter(
      ({ before, fresh }) =>
        before !== undefined &&
        needsHistory(
          before,
          fresh.map(({ event }) => event),
        ),
    ),
  );
  const calendars = business ? calendarRegistries.of(named, calendarRows) : undefined;
  const unnamed = new Set(advancing.map((a) => a.tenantId).filter((tenant) => !named.includes(tenant)));
  if (calendars && unnamed.size > 0)
    for (const [tenant, registry] of await calendarRegistries.load(tx, unnamed))
      calendars.set(tenant, registry);
  const running: Row[] = [];
  for (const { streamId, before, fresh, tenantId } of advancing) {
    const where = { stream_id: streamId };
    let history: instance.InstanceEvent[] | undefined;
    const { progress, facts } = await advance(
      before,
      fresh,
      async () =>
        (history = [
          ...(before
            ? (kept.get(streamId) ??
              (await tx.range(RUNNING_EVENTS, { where })).map((row) => JSON.parse(row['event'] as string)))
            : []),
          ...fresh.map(({ event }) => event),
        ]),
    );
    const clocks = business ? factsInClocks(facts, history, calendars?.get(tenantId)) : undefined;
    const scoped = factsOfTenant(clocks?.calendar ?? facts, tenantId);
    buckets.add(scoped);
    flows.add(scoped);
    if (clocks) business?.add(factsOfTenant(clocks.business, tenantId));
    // An instance that started and ended within the batch never needs its events kept. Its
    // fresh versions are above every version kept of it (written with its progress), so a put
    // adds them as insertNew would, held back with the batch's other writes.
    if (progress.status === 'open')
      running.push(
        ...fresh.map(({ version, event }) => ({
          stream_id: streamId,
          version,
          event: JSON.stringify(event),
        })),
      );
    else if (before) await tx.delete(RUNNING_EVENTS, where);
    await tx.put(INSTANCE_PROGRESS, [
      {
        stream_id: streamId,
        version: progress.version,
        progress: JSON.stringify(progressWithTenant(progress, tenantId)),
      },
    ]);
  }
  if (running.length > 0) await tx.put(RUNNING_EVENTS, running);
}

/**
 * The kept events of these instances, each in version order: every version up to the progress's
 * is asked for in one read (the kept rows are exactly the instance's events folded so far).
 */
async function keptEvents(
  tx: ReadModelTx,
  instances: readonly { readonly streamId: string; readonly before?: InstanceProgress }[],
): Promise<Map<string, instance.InstanceEvent[]>> {
  const keys = instances.flatMap(({ streamId, before }) =>
    Array.from({ length: before?.version ?? 0 }, (_, i) => ({ stream_id: streamId, version: i + 1 })),
  );
  const kept = new Map<string, instance.InstanceEvent[]>(instances.map(({ streamId }) => [streamId, []]));
  if (keys.length === 0) return kept;
  const rows = await tx.getMany(RUNNING_EVENTS, keys);
  for (const row of rows)
    if (row) kept.get(row['stream_id'] as string)?.push(JSON.parse(row['event'] as string));
  return kept;
}

/**
 * Merges each touched row with what it held: the rows of all tables are read in one
 * `getManyOfTables` (one round trip on PostgreSQL) and each table's written in one `put`; a key
 * touched twice merges the first merge.
 */
async function mergeRows(
  tx: ReadModelTx,
  touched: readonly {
    readonly table: TableSpec;
    readonly key: Row;
    readonly merged: (held: Row | undefined) => Row;
  }[],
): Promise<void> {
  const byTable = new Map<TableSpec, (typeof touched)[number][]>();
  for (const row of touched) {
    const list = byTable.get(row.table);
    if (list) list.push(row);
    else byTable.set(row.table, [row]);
  }
  // In slices (a rebuild's flush merges tens of thousands), each table's n-th slice read together:
  // a later slice reads what an earlier one put, so a repeated key still merges the first merge,
  // and each slice's rows can go.
  for (let first = 0; ; first += MERGE_SLICE) {
    const slices = [...byTable].flatMap(([table, all]) =>
      all.length > first ? [{ table, rows: all.slice(first, first + MERGE_SLICE) }] : [],
    );
    if (slices.length === 0) return;
    const held = await tx.getManyOfTables(
      slices.map(({ table, rows }) => ({ table, keys: rows.map(({ key }) => key) })),
    );
    for (const [s, { table, rows }] of slices.entries()) {
      const latest = new Map<string, Row>();
      const written = rows.map(({ key, merged }, i) => {
        const id = primaryKeyText(table, key);
        const row = merged(latest.has(id) ? latest.get(id) : held[s]?.[i]);
        latest.set(id, row);
        return row;
      });
      await tx.put(table, written);
    }
  }
}

/** Calendar registries by the text of their row: one per process, like the parsed snapshots. */
const calendarRegistries = new CalendarRegistries();

/** Rows of one table merged per read and write (a live batch's are far fewer). */
const MERGE_SLICE = 5_000;

function byStream(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const streams = new Map<string, ProjectedEvent[]>();
  for (const projected of events) {
    const list = streams.get(projected.event.streamId);
    if (list) list.push(projected);
    else streams.set(projected.event.streamId, [projected]);
  }
  return streams;
}
