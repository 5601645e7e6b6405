import type { Pool } from 'pg';

/** One event of an instance stream as the execution store holds it. */
export interface StoredEvent {
  readonly eventId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Reads a stream from a service's PostgreSQL schema (the source of truth, not a projection). */
export async function readStoredStream(pool: Pool, schema: string, streamId: string): Promise<StoredEvent[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  const { rows } = await pool.query<{ event_id: string; stream_version: number; type: string; data: object }>(
    `SELECT event_id, stream_version, type, data FROM ${schema}.events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    streamVersion: Number(r.stream_version),
    type: r.type,
    data: r.data as Record<string, unknown>,
  }));
}

/**
 * Step kinds someone works: ownership assigns people's steps; an automated step is claimed by its
 * system (StartStep on an unassigned step records StepAssigned, then StepStarted). Wait steps are
 * completed by a trigger, never assigned or started.
 */
const WORKED_KINDS: ReadonlySet<string> = new Set(['human-task', 'approval', 'automated']);

/**
 * What is wrong with a completed instance's stream, as readable lines (empty = nothing): versions
 * 1..N without a gap, each event id once, one InstanceStarted first and one InstanceCompleted last,
 * and per activation exactly one StepActivated, one StepAssigned and one StepStarted (none for a
 * wait step) and exactly one end (StepCompleted or StepFailed); no reassignment, overdue or
 * escalation (nothing in this workload is late).
 */
export function transitionViolations(events: readonly StoredEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (e.streamVersion !== i + 1) problems.push(`event ${i + 1} has stream version ${e.streamVersion}`);
  });
  const ids = new Set(events.map((e) => e.eventId));
  if (ids.size !== events.length) problems.push(`${events.length - ids.size} repeated event id(s)`);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  if (count('InstanceStarted') !== 1 || events[0]?.type !== 'InstanceStarted') {
    problems.push(`InstanceStarted ×${count('InstanceStarted')}, first event ${events[0]?.type}`);
  }
  if (count('InstanceCompleted') !== 1 || events.at(-1)?.type !== 'InstanceCompleted') {
    problems.push(`InstanceCompleted ×${count('InstanceCompleted')}, last event ${events.at(-1)?.type}`);
  }
  for (const type of ['StepReassigned', 'StepOverdue', 'StepEscalated', 'InstanceCancelled']) {
    if (count(type) > 0) problems.push(`${type} ×${count(type)}`);
  }
  const perActivation = new Map<string, { kind: string; types: string[] }>();
  for (const e of events) {
    const activationId = e.data['activationId'];
    if (typeof activationId !== 'string') continue;
    const entry = perActivation.get(activationId) ?? { kind: '', types: [] };
    if (e.type === 'StepActivated') entry.kind = String(e.data['stepKind']);
    entry.types.push(e.type);
    perActivation.set(activationId, entry);
  }
  for (const [activationId, { kind, types }] of perActivation) {
    const n = (type: string) => types.filter((t) => t === type).length;
    const expected: Record<string, number> = {
      StepActivated: 1,
      StepAssigned: WORKED_KINDS.has(kind) ? 1 : 0,
      StepStarted: WORKED_KINDS.has(kind) ? 1 : 0,
    };
    for (const [type, want] of Object.entries(expected)) {
      if (n(type) !== want) problems.push(`${activationId}: ${type} ×${n(type)} (want ${want})`);
    }
    const ends = n('StepCompleted') + n('StepFailed');
    if (ends !== 1) problems.push(`${activationId}: ${ends} ends (StepCompleted/StepFailed), want 1`);
  }
  return problems;
}
