import {
  DurationSketch,
  UNKNOWN_TEAM,
  type DurationSketchSnapshot,
  type SlaBreachRecord,
} from '@baton/analytics-core';
import type { Row, TableSpec, Value } from '../read-model-store/read-model-store.port';
import { idOf, utcDay } from './day-buckets';
import type { NewFacts } from './instance-progress';
import { HANDOVER_ROLLUP, PERFORMER_ROLLUP } from './rollup.tables';
import { withRollups } from './rollups';
import { parsedSnapshots } from './parsed-snapshots';
import { SketchSum } from './snapshot-sum';
import { HANDOVER_DAYS, PERFORMER_DAYS, TEAM_QUEUE_DAYS } from './statistics.tables';

/** Counters of one row, added to what the row held. */
type Counts = Record<string, number>;

interface Summed<A> {
  readonly table: TableSpec;
  readonly key: Row;
  readonly value: A;
}

const QUEUE_COUNTS = ['arrivals', 'completed', 'failed', 'cancelled', 'busy_ms'] as const;
const PERFORMER_COUNTS = ['completed', 'failed'] as const;

/**
 * The work-flow facts of a batch summed per row (handovers between people and work per performer
 * per day, month and all time; team queues per day) like DayBuckets, and its SLA breaches as they stand (the last state per activation).
 */
export class FlowBuckets {
  private readonly handovers = new Map<string, Summed<DurationSketch>>();
  private readonly counts = new Map<string, Summed<Counts>>();
  private readonly breaches = new Map<string, SlaBreachRecord>();

  add(facts: NewFacts): void {
    for (const h of facts.handoffs) {
      if (h.fromPersonId === undefined || h.toPersonId === undefined) continue;
      const day = utcDay(h.startedAt);
      const fromPerson = h.fromPersonId;
      const toPerson = h.toPersonId;
      const fromTeam = h.fromTeamId ?? UNKNOWN_TEAM;
      const toTeam = h.toTeamId ?? UNKNOWN_TEAM;
      const key = () => ({
        ...{},
        ...versionOf(h),
        day,
        from_person: fromPerson,
        to_person: toPerson,
        from_team: fromTeam,
        to_team: toTeam,
      });
      const id = idOf(h, day, fromPerson, toPerson, fromTeam, toTeam);
      summed(this.handovers, HANDOVER_DAYS, id, key, () => new DurationSketch()).value.add(h.totalMs);
    }
    for (const s of facts.steps) {
      const day = utcDay(s.endedAt);
      const team = s.teamId ?? UNKNOWN_TEAM;
      const person = s.performerId ?? '';
      const key = () => ({
        ...{},
        ...versionOf(s),
        day,
        step_id: s.stepId,
        team_id: team,
        person_id: person,
      });
      this.count(
        PERFORMER_DAYS,
        idOf(s, 'p', day, s.stepId, team, person),
        key,
        s.status === 'completed' ? { completed: 1 } : { failed: 1 },
      );
    }
    for (const a of facts.arrivals ?? []) {
      const day = utcDay(a.at);
      this.count(TEAM_QUEUE_DAYS, idOf(a, 'q', day, a.teamId), () => queueKey(a.teamId, day, a), {
        arrivals: 1,
      });
    }
    for (const d of facts.departures ?? []) {
      const day = utcDay(d.at);
      this.count(TEAM_QUEUE_DAYS, idOf(d, 'q', day, d.teamId), () => queueKey(d.teamId, day, d), {
        [d.kind]: 1,
        busy_ms: d.workMs,
      });
    }
    for (const b of facts.breaches ?? []) this.breaches.set(`${b.instanceId}\u0000${b.breachId}`, b);
  }

  /** Day rows and breaches held so far. */
  size(): number {
    return this.handovers.size + this.counts.size + this.breaches.size;
  }

  /** Each touched row: its table, key, and the row merged with what it held (`undefined`: a new row). */
  rows(): {
    readonly table: TableSpec;
    readonly key: Row;
    readonly merged: (held: Row | undefined) => Row;
  }[] {
    const counts = [...this.counts.values()];
    const handovers = withRollups(
      this.handovers.values(),
      HANDOVER_ROLLUP,
      () => new DurationSketch(),
      (into, from) => into.merge(from),
    );
    const performers = withRollups(
      counts.filter((c) => c.table === PERFORMER_DAYS),
      PERFORMER_ROLLUP,
      (): Counts => ({}),
      addCounts,
    );
    return [
      ...handovers.map(({ table, key, value }) => ({
        table,
        key,
        merged: (held: Row | undefined) => {
          // Summed as data: the snapshot the merged sketches would give, without restoring one.
          const sum = new SketchSum().add(value.snapshot());
          if (held) sum.add(parsedSnapshots.parse<DurationSketchSnapshot>(held['total'] as string));
          return { ...{}, ...key, total: parsedSnapshots.stringify(sum.snapshot()) };
        },
      })),
      ...[...performers, ...counts.filter((c) => c.table === TEAM_QUEUE_DAYS)].map(
        ({ table, key, value }) => ({
          table,
          key,
          merged: (held: Row | undefined) => {
            const names = table === TEAM_QUEUE_DAYS ? QUEUE_COUNTS : PERFORMER_COUNTS;
            const row: Record<string, Value> = { ...key };
            for (const name of names) row[name] = Number(held?.[name] ?? 0) + (value[name] ?? 0);
            return row;
          },
        }),
      ),
    ];
  }

  /** The breach rows to write (each replaces what its activation's row held). */
  breachRows(): Row[] {
    return [...this.breaches.values()].map((b) => ({
      definition_id: b.definitionId,
      due_at: b.dueAt,
      instance_id: b.instanceId,
      activation_id: b.breachId,
      definition_version: b.definitionVersion,
      team_id: b.teamId ?? UNKNOWN_TEAM,
      open: b.endedAt === undefined ? 1 : 0,
      breach: JSON.stringify(b),
    }));
  }

  private count(table: TableSpec, id: string, key: () => Row, add: Counts): void {
    addCounts(summed(this.counts, table, id, key, () => ({}) as Counts).value, add);
  }
}

function addCounts(into: Counts, add: Counts): void {
  for (const [name, n] of Object.entries(add)) into[name] = (into[name] ?? 0) + n;
}

const versionOf = (ref: { readonly definitionId: string; readonly definitionVersion: number }) => ({
  definition_id: ref.definitionId,
  definition_version: ref.definitionVersion,
});

const queueKey = (
  teamId: string,
  day: number,
  ref: { readonly definitionId: string; readonly definitionVersion: number },
): Row => ({ team_id: teamId, day, ...versionOf(ref) });

/** `id` names the row within `map` (idOf; a map of two tables tells them apart in it). */
function summed<A>(
  map: Map<string, Summed<A>>,
  table: TableSpec,
  id: string,
  key: () => Row,
  create: () => A,
): Summed<A> {
  let found = map.get(id);
  if (!found) map.set(id, (found = { table, key: key(), value: create() }));
  return found;
}
