import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { toDomainEvent } from '@baton/service-kit';
import { INSTANCE_PREFIX } from '../audit-trail/audit-trail.projection';
import type { ProjectedEvent, Projection } from '../projections/projection';
import { DayBuckets } from './day-buckets';
import { FlowBuckets } from './flow-buckets';
import { advance, freshEvents, type InstanceProgress } from './instance-progress';
import { ROLLUP_TABLES } from './rollup.tables';
import { INSTANCE_PROGRESS, RUNNING_EVENTS, SLA_BREACHES, STATISTICS_TABLES } from './statistics.tables';

/**
 * Handoff, step and case statistics per definition version and UTC day (analytics-core's
 * observations and mergeable aggregates), handovers between people, work per performer, team
 * queues and SLA breaches. Each instance's events are kept only while it runs and read back only
 * when a step or the instance ended or a breach changed; an observation is counted once, when it
 * became final, and a breach row is rewritten from the activation's events, so live and replayed
 * read models agree.
 */
export const statisticsProjection: Projection = {
  name: 'statistics',
  tables: [...STATISTICS_TABLES, ...ROLLUP_TABLES],
  topics: [EXECUTION_EVENTS_TOPIC],
  context: 'execution',
  streamPrefixes: [INSTANCE_PREFIX],
  async apply(tx, events) {
    const buckets = new DayBuckets();
    const flows = new FlowBuckets();
    for (const [streamId, arrived] of byStream(events)) {
      const where = { stream_id: streamId };
      const held = await tx.get(INSTANCE_PROGRESS, where);
      const before = held ? (JSON.parse(held['progress'] as string) as InstanceProgress) : undefined;
      const fresh = freshEvents(
        before,
        arrived.map(({ event }) => ({
          version: event.streamVersion,
          event: toDomainEvent<instance.InstanceEvent>(event),
        })),
      );
      if (fresh.length === 0) continue;
      const { progress, facts } = await advance(before, fresh, async () => [
        ...(before
          ? (await tx.range(RUNNING_EVENTS, { where })).map((row) => JSON.parse(row['event'] as string))
          : []),
        ...fresh.map(({ event }) => event),
      ]);
      buckets.add(facts);
      flows.add(facts);
      // An instance that started and ended within the batch never needs its events kept.
      if (progress.status === 'open') {
        await tx.insertNew(
          RUNNING_EVENTS,
          fresh.map(({ version, event }) => ({ stream_id: streamId, version, event: JSON.stringify(event) })),
        );
      } else if (before) await tx.delete(RUNNING_EVENTS, where);
      await tx.put(INSTANCE_PROGRESS, [
        { ...where, version: progress.version, progress: JSON.stringify(progress) },
      ]);
    }
    for (const { table, key, merged } of [...buckets.rows(), ...flows.rows()])
      await tx.put(table, [merged(await tx.get(table, key))]);
    const breaches = flows.breachRows();
    if (breaches.length > 0) await tx.put(SLA_BREACHES, breaches);
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
