import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { toDomainEvent } from '@baton/service-kit';
import { INSTANCE_PREFIX } from '../audit-trail/audit-trail.projection';
import type { ProjectedEvent, Projection } from '../projections/projection';
import { DayBuckets } from './day-buckets';
import { advance, type InstanceProgress } from './instance-progress';
import { INSTANCE_PROGRESS, STATISTICS_TABLES } from './statistics.tables';

/**
 * Handoff, step and case statistics per definition version and UTC day (analytics-core's
 * observations and mergeable aggregates). Each instance's events are kept only while it runs;
 * an observation is counted once, when it became final, so live and replayed counts agree.
 */
export const statisticsProjection: Projection = {
  name: 'statistics',
  tables: STATISTICS_TABLES,
  topics: [EXECUTION_EVENTS_TOPIC],
  streamPrefixes: [INSTANCE_PREFIX],
  async apply(tx, events) {
    const buckets = new DayBuckets();
    for (const [streamId, arrived] of byStream(events)) {
      const held = await tx.get(INSTANCE_PROGRESS, { stream_id: streamId });
      const before = held ? (JSON.parse(held['progress'] as string) as InstanceProgress) : undefined;
      const { progress, facts } = advance(
        before,
        arrived.map(({ event }) => ({
          version: event.streamVersion,
          event: toDomainEvent<instance.InstanceEvent>(event),
        })),
      );
      if (progress === before) continue;
      buckets.add(facts);
      await tx.put(INSTANCE_PROGRESS, [
        { stream_id: streamId, version: progress.version, progress: JSON.stringify(progress) },
      ]);
    }
    for (const { table, key, merged } of buckets.rows())
      await tx.put(table, [merged(await tx.get(table, key))]);
  },
};

function byStream(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const streams = new Map<string, ProjectedEvent[]>();
  for (const projected of events) {
    const list = streams.get(projected.event.streamId);
    if (list) list.push(projected);
    else streams.set(projected.event.streamId, [projected]);
  }
  return streams;
}
