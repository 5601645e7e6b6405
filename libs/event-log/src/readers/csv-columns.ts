import { EventLogError } from '../errors';
import { FIELD_NAMES, type FieldName, type LogFields } from './log-fields';

/** Column index of each field in a CSV header; `case`, `activity` and `timestamp` are required. */
export type CsvColumns = { readonly [F in FieldName]?: number } & {
  readonly case: number;
  readonly activity: number;
  readonly timestamp: number;
};

/**
 * Headers recognised when a field's column is not given, compared without case and without
 * anything but letters and digits (`Case ID` = `case_id` = `caseid`), first match wins: the
 * column names of PM4Py's and the XES standard's exports, then common plain names.
 */
export const KNOWN_HEADERS: { readonly [F in FieldName]: readonly string[] } = {
  case: ['case:concept:name', 'case id', 'case', 'trace id', 'process instance', 'instance id'],
  activity: ['concept:name', 'activity', 'activity name', 'task', 'task name', 'event name', 'event', 'step'],
  timestamp: [
    'time:timestamp',
    'timestamp',
    'complete timestamp',
    'end timestamp',
    'completion time',
    'complete time',
    'end time',
    'end',
    'time',
    'date time',
  ],
  startTimestamp: ['start_timestamp', 'start timestamp', 'start time', 'start'],
  lifecycle: ['lifecycle:transition', 'lifecycle', 'transition', 'event type'],
  resource: ['org:resource', 'resource', 'user', 'performer', 'agent', 'employee'],
  team: ['org:group', 'team', 'group', 'department'],
};

const REQUIRED: readonly FieldName[] = ['case', 'activity', 'timestamp'];

const normalise = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Finds each field's column in `header`: the configured name (exact, else normalised), else a known one. */
export function resolveCsvColumns(header: readonly string[], fields: LogFields = {}): CsvColumns {
  const normalised = header.map(normalise);
  const taken = new Set<number>();
  const found: Partial<Record<FieldName, number>> = {};
  const configured = FIELD_NAMES.filter((f) => fields[f] !== undefined);
  for (const field of configured) {
    const name = fields[field] as string;
    let index = header.indexOf(name);
    if (index < 0) index = normalised.indexOf(normalise(name));
    if (index < 0) {
      throw new EventLogError(
        'EVENT_LOG.COLUMN_NOT_FOUND',
        `no column "${name}" for the ${label(field)} in the header (${quoteAll(header)})`,
      );
    }
    found[field] = index;
    taken.add(index);
  }
  for (const field of FIELD_NAMES) {
    if (found[field] !== undefined) continue;
    for (const known of KNOWN_HEADERS[field]) {
      const index = normalised.indexOf(normalise(known));
      if (index >= 0 && !taken.has(index)) {
        found[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  const missing = REQUIRED.filter((f) => found[f] === undefined);
  if (missing.length > 0) {
    const options = missing.map((f) => `--${optionName(f)} <column>`).join(', ');
    throw new EventLogError(
      'EVENT_LOG.COLUMN_NOT_FOUND',
      `cannot tell which column holds the ${missing.map(label).join(', ')} in the header ` +
        `(${quoteAll(header)}); name it with ${options}`,
    );
  }
  return found as CsvColumns;
}

/** The field's CLI option name: `startTimestamp` → `start-timestamp`. */
export function optionName(field: FieldName): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function label(field: FieldName): string {
  return field === 'case' ? 'case id' : optionName(field).replace('-', ' ');
}

function quoteAll(header: readonly string[]): string {
  return header.map((h) => `"${h}"`).join(', ');
}
