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
    from_team: 'text',
    to_team: 'text',
    aggregate: 'text',
  },
  primaryKey: ['definition_id', 'definition_version', 'day', 'from_step', 'to_step', 'from_team', 'to_team'],
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

export const STATISTICS_TABLES = [
  INSTANCE_PROGRESS,
  RUNNING_EVENTS,
  HANDOFF_DAYS,
  STEP_DAYS,
  CASE_DAYS,
] as const;
