/** A column of a text table: header and how to read a row's cell. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | boolean | undefined;
  /** Cut cells longer than this (with `…`). */
  readonly max?: number;
}

/** Renders rows as an aligned text table with a header line; `(none)` when there are no rows. */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => cut(cellText(c.value(row)), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `key: value` lines with aligned values; undefined and empty values are left out. */
export function fields(pairs: readonly (readonly [string, string | number | boolean | undefined])[]): string {
  const present = pairs.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(0, ...present.map(([k]) => k.length));
  return present.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${cellText(v)}`).join('\n');
}

function cellText(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return String(value).replace(/\s+/g, ' ');
}

function cut(text: string, max: number | undefined): string {
  return max !== undefined && text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** `INSTANCE_STATE_RUNNING` → `running` (the enum prefix dropped, lower case, dashes). */
export function enumLabel(jsonName: string, prefix: string): string {
  if (jsonName === 'UNRECOGNIZED') return 'unknown';
  const bare = jsonName.startsWith(prefix) ? jsonName.slice(prefix.length) : jsonName;
  return bare.toLowerCase().replace(/_/g, '-');
}

/** ISO time without milliseconds, or empty. */
export function time(value: Date | undefined): string {
  return value ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

/** Pretty JSON for `--json` output. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `1234.5` ms → `1.2 s`; small values in ms. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
