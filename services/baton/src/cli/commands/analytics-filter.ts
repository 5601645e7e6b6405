import { analyticsV1 } from '@baton/contracts';
import { Option, type Command } from 'commander';
import { nonNegativeInt } from '../input';
import { UsageError } from '../io';

/** The AnalyticsFilter options every `baton analytics` query takes. */
export interface FilterOptions {
  definition?: string;
  version?: string;
  from?: string;
  to?: string;
  team?: string;
  clock?: keyof typeof CLOCKS;
}

const CLOCKS = {
  calendar: analyticsV1.Clock.CLOCK_CALENDAR,
  business: analyticsV1.Clock.CLOCK_BUSINESS,
} as const;

/** The `--clock` option as the wire names it (unspecified: calendar time). */
export const wireClock = (clock: FilterOptions['clock']): analyticsV1.Clock =>
  clock === undefined ? analyticsV1.Clock.CLOCK_UNSPECIFIED : CLOCKS[clock];

/** Adds `--clock calendar|business` (the statistics that keep both clocks). */
export function withClock(command: Command): Command {
  return command.addOption(
    new Option(
      '--clock <clock>',
      "durations in elapsed time, or in business time (the working hours of the receiving team's calendar)",
    ).choices(Object.keys(CLOCKS)),
  );
}

/** Adds the filter options; `window` says what the time window selects when it is not what ended. */
export function withFilter(
  command: Command,
  options: { readonly team?: boolean; readonly window?: { readonly from: string; readonly to: string } } = {},
): Command {
  const window = options.window ?? {
    from: 'only what ended at or after this time (ISO 8601; whole UTC days are counted)',
    to: 'only what ended before this time',
  };
  command
    .option('--definition <id>', 'only this definition')
    .option('--version <n>', 'only this version (with --definition)')
    .option('--from <time>', window.from)
    .option('--to <time>', window.to);
  if (options.team !== false)
    command.option('--team <id>', 'only steps of this team, and handoffs into or out of it');
  return command;
}

export function filterOf(opts: FilterOptions): Parameters<typeof analyticsV1.AnalyticsFilter.fromPartial>[0] {
  const startTime = opts.from === undefined ? undefined : instant(opts.from, '--from');
  const endTime = opts.to === undefined ? undefined : instant(opts.to, '--to');
  return {
    definitionId: opts.definition ?? '',
    ...(opts.version !== undefined ? { definitionVersion: nonNegativeInt(opts.version, '--version') } : {}),
    ...(startTime || endTime ? { timeWindow: { startTime, endTime } } : {}),
    teamId: opts.team ?? '',
    ...(opts.clock !== undefined ? { clock: wireClock(opts.clock) } : {}),
  };
}

export function instant(raw: string, what: string): Date {
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${what} must be an ISO 8601 time, e.g. 2026-11-02 or 2026-11-02T09:00Z`);
  return date;
}
