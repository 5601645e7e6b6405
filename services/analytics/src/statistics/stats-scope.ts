import { analyticsV1 } from '@baton/contracts';
import { RequestCheck } from '@baton/grpc-server';
import type { Clock } from './business.tables';
import { utcDay } from './day-buckets';

/**
 * The scope of a statistics query, in the read model's terms. Statistics are kept per UTC day:
 * a time window covers the whole days it touches.
 */
export interface StatsScope {
  /** The caller's tenant (absent: the default tenant): only its rows are read (tenant-rows.ts). */
  readonly tenantId?: string;
  /** As the caller names it (unscoped). */
  readonly definitionId?: string;
  readonly definitionVersion?: number;
  /** First and last UTC day (days since the epoch), inclusive. */
  readonly fromDay?: number;
  readonly untilDay?: number;
  /** The window itself (ms since the epoch), start inclusive, end exclusive, for per-fact rows. */
  readonly from?: number;
  readonly until?: number;
  readonly teamId?: string;
  /**
   * The only definitions (as the tenant names them) whose rows the caller may read: a process
   * owner's own processes (process-scope.ts); absent: all of the tenant's.
   */
  readonly definitionIds?: readonly string[];
  /** Durations in business time (business-clock.ts); absent: calendar time. */
  readonly clock?: Extract<Clock, 'business'>;
}

const CLOCKS: ReadonlyMap<analyticsV1.Clock, Clock> = new Map([
  [analyticsV1.Clock.CLOCK_UNSPECIFIED, 'calendar'],
  [analyticsV1.Clock.CLOCK_CALENDAR, 'calendar'],
  [analyticsV1.Clock.CLOCK_BUSINESS, 'business'],
]);

/** The clock an answer is in, as the wire names it. */
export const wireClockOf = (scope: StatsScope): analyticsV1.Clock =>
  scope.clock === 'business' ? analyticsV1.Clock.CLOCK_BUSINESS : analyticsV1.Clock.CLOCK_CALENDAR;

/**
 * Checks an AnalyticsFilter (INVALID_ARGUMENT naming `filter.*` fields) and reads its scope.
 * `businessClock`: the query keeps business time (handoffs, steps, cases); others refuse it.
 */
export function scopeOf(
  filter: analyticsV1.AnalyticsFilter | undefined,
  check: RequestCheck,
  tenantId?: string,
  businessClock = false,
): StatsScope {
  const f = filter ?? analyticsV1.AnalyticsFilter.fromPartial({});
  const version = f.definitionVersion;
  const start = f.timeWindow?.startTime?.getTime();
  const end = f.timeWindow?.endTime?.getTime();
  const clock = clockOf(f.clock, check, 'filter.clock', businessClock);
  check
    .require(
      version === undefined || f.definitionId !== '',
      'filter.definition_version',
      'filter.definition_version needs filter.definition_id',
    )
    .require(version === undefined || version >= 0, 'filter.definition_version', 'must not be negative')
    .require(
      start === undefined || end === undefined || start < end,
      'filter.time_window',
      'filter.time_window must end after it starts',
    );
  return {
    ...{},
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(f.definitionId ? { definitionId: f.definitionId } : {}),
    ...(version !== undefined ? { definitionVersion: version } : {}),
    ...(start !== undefined ? { fromDay: utcDay(start), from: start } : {}),
    // The window's end is exclusive.
    ...(end !== undefined ? { untilDay: utcDay(end - 1), until: end } : {}),
    ...(f.teamId ? { teamId: f.teamId } : {}),
    ...(clock === 'business' ? { clock } : {}),
  };
}

/** A request's clock, checked (INVALID_ARGUMENT on `field`); `business` only where the query keeps it. */
export function clockOf(
  value: analyticsV1.Clock | undefined,
  check: RequestCheck,
  field: string,
  businessClock: boolean,
): Clock | undefined {
  const clock = CLOCKS.get(value ?? analyticsV1.Clock.CLOCK_UNSPECIFIED);
  check
    .require(clock !== undefined, field, `${field} must be CALENDAR or BUSINESS`)
    .require(
      clock !== 'business' || businessClock,
      field,
      `business time is kept for handoff, step, cycle-time, bottleneck and version-comparison statistics: leave ${field} unset or CALENDAR here`,
    );
  return clock;
}

/** The scope as a string, to bind page tokens to it. */
export const scopeKey = (scope: StatsScope, ...more: readonly unknown[]): string =>
  JSON.stringify([scope, ...more]);
