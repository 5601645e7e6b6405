import { openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { directoryProjection } from '../directory/directory.projection';
import { rebuildProjection } from '../projections/rebuild-projection';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { statisticsProjection } from '../statistics/statistics.projection';
import { appendClaimsContext, appendEvents, CLAIMS, CLAIMS_T0 } from './claims-process';

const MIN = 60_000;
const DAY = 86_400_000;

/** The claims (with their definitions and directory) in a store, replayed into in-memory read models. */
export function claimsReadModels(): { readonly readModels: () => ReadModelStore } {
  let events: EventStore;
  let readModels: ReadModelStore;
  beforeAll(async () => {
    events = await openSqliteEventStore({ file: ':memory:' });
    await appendClaimsContext(events);
    for (const [i, claim] of CLAIMS.entries()) await appendEvents(events, `instance-c${i + 1}`, claim);
    readModels = openSqliteReadModelStore({ file: ':memory:' });
    // Small transactions: each claim reaches the statistics in several batches.
    for (const projection of [statisticsProjection, definitionCatalogProjection, directoryProjection])
      await rebuildProjection({ events, readModels, projection, chunkSize: 7 });
  });
  afterAll(async () => {
    await readModels.close();
    await events.close();
  });
  return { readModels: () => readModels };
}

/** Minutes of a protobuf Duration. */
export const minutes = (d: { seconds: string; nanos: number } | undefined): number | undefined =>
  d ? (Number(d.seconds) * 1000 + d.nanos / 1e6) / MIN : undefined;

/** Minute `minute` after 09:00 UTC of claim day `day` (0: 2 Nov 2026). */
export const claimsAt = (day: number, minute = 0): Date => new Date(CLAIMS_T0 + day * DAY + minute * MIN);
