/**
 * Where each field of an event is in a log: CSV column names, or XES attribute keys (`case` is
 * then a trace attribute, the others event attributes). Unset fields are detected (CSV) or take
 * the XES standard extension keys.
 */
export interface LogFields {
  readonly case?: string | undefined;
  readonly activity?: string | undefined;
  readonly timestamp?: string | undefined;
  /** CSV only: a column holding each row's start time (the row is then a whole instance). */
  readonly startTimestamp?: string | undefined;
  readonly lifecycle?: string | undefined;
  readonly resource?: string | undefined;
  readonly team?: string | undefined;
}

export type FieldName = keyof LogFields;

export const FIELD_NAMES: readonly FieldName[] = [
  'case',
  'activity',
  'timestamp',
  'startTimestamp',
  'lifecycle',
  'resource',
  'team',
];

/** The XES standard extensions' keys (concept, time, lifecycle, org). */
export const XES_KEYS = {
  case: 'concept:name',
  activity: 'concept:name',
  timestamp: 'time:timestamp',
  lifecycle: 'lifecycle:transition',
  resource: 'org:resource',
  team: 'org:group',
} as const;

/** Options shared by the readers. */
export interface ReadOptions {
  readonly fields?: LogFields;
  /** Offset of timestamps written without one, in minutes east of UTC (default 0: UTC). */
  readonly defaultOffsetMinutes?: number;
}
