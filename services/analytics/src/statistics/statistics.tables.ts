import type { TableSpec } from '../read-model-store/read-model-store.port';

/** Per instance stream: its progress (JSON of InstanceProgress), kept after it ended as a marker. */
export const INSTANCE_PROGRESS: TableSpec = {
  name: 'stats_instances',
  columns: { stream_id: 'text', version: 'integer', progress: 'text' },
  primaryKey: ['stream_id'],
};

/** The events of running instances (domain events as JSON), deleted when the instance ends. */
export const RUNNING_EVENTS: TableSpec = {
  name: 'stats_running_events',
  columns: { stream_id: 'text', version: 'integer', event: 'text' },
  primaryKey: ['stream_id', 'version'],
};

// Aggregates per definition version, UTC day (days since the epoch) and the teams involved, so a
// time window, a version or a team is a union of rows. `aggregate` is an aggregate snapshot (JSON).

/** Handoffs A→B, by the day B started. */
export const HANDOFF_DAYS: TableSpec = {
  name: 'stats_handoff_days',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    day: 'integer',
    from_step: 'text',
    to_step: 'text',
    handoff_id: 'text',
    from_team: 'text',
    to_team: 'text',
    aggregate: 'text',
  },
  primaryKey: [
    'definition_id',
    'definition_version',
    'day',
    'from_step',
    'to_step',
    'handoff_id',
    'from_team',
    'to_team',
  ],
};

/** Step activations, by the day they ended. */
export const STEP_DAYS: TableSpec = {
  name: 'stats_step_days',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    day: 'integer',
    step_id: 'text',
    team_id: 'text',
    aggregate: 'text',
  },
  primaryKey: ['definition_id', 'definition_version', 'day', 'step_id', 'team_id'],
};

/** Instances started on the day, and those that ended on it (a case aggregate). */
export const CASE_DAYS: TableSpec = {
  name: 'stats_case_days',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    day: 'integer',
    started: 'integer',
    aggregate: 'text',
  },
  primaryKey: ['definition_id', 'definition_version', 'day'],
};

/**
 * Handovers of work between people (who did A → who did B), by the day B started, with the
 * teams; `total` is the sketch snapshot (JSON) of the handoff times (A completed → B started).
 */
export const HANDOVER_DAYS: TableSpec = {
  name: 'stats_handover_days',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    day: 'integer',
    from_person: 'text',
    to_person: 'text',
    from_team: 'text',
    to_team: 'text',
    total: 'text',
  },
  primaryKey: [
    'definition_id',
    'definition_version',
    'day',
    'from_person',
    'to_person',
    'from_team',
    'to_team',
  ],
};

/** Step activations per person who did them ('' when unknown), by the day they ended. */
export const PERFORMER_DAYS: TableSpec = {
  name: 'stats_performer_days',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    day: 'integer',
    step_id: 'text',
    team_id: 'text',
    person_id: 'text',
    completed: 'integer',
    failed: 'integer',
  },
  primaryKey: ['definition_id', 'definition_version', 'day', 'step_id', 'team_id', 'person_id'],
};

/**
 * A team's queue per UTC day: activations that arrived (owner team at activation) and that left
 * it (completed, failed, cancelled), with the work time (started → ended) of those that ended.
 */
export const TEAM_QUEUE_DAYS: TableSpec = {
  name: 'stats_team_queue_days',
  columns: {
    team_id: 'text',
    day: 'integer',
    definition_id: 'text',
    definition_version: 'integer',
    arrivals: 'integer',
    completed: 'integer',
    failed: 'integer',
    cancelled: 'integer',
    busy_ms: 'integer',
  },
  primaryKey: ['team_id', 'day', 'definition_id', 'definition_version'],
};

/** SLA breaches per activation (analytics-core's SlaBreachRecord as JSON), rewritten as they change. */
export const SLA_BREACHES: TableSpec = {
  name: 'stats_sla_breaches',
  columns: {
    definition_id: 'text',
    due_at: 'integer',
    instance_id: 'text',
    activation_id: 'text',
    definition_version: 'integer',
    team_id: 'text',
    open: 'integer',
    breach: 'text',
  },
  primaryKey: ['definition_id', 'due_at', 'instance_id', 'activation_id'],
};

export const STATISTICS_TABLES = [
  INSTANCE_PROGRESS,
  RUNNING_EVENTS,
  HANDOFF_DAYS,
  STEP_DAYS,
  CASE_DAYS,
  HANDOVER_DAYS,
  PERFORMER_DAYS,
  TEAM_QUEUE_DAYS,
  SLA_BREACHES,
] as const;
