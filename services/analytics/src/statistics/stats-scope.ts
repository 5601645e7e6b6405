import type { analyticsV1 } from '@baton/contracts';
import { RequestCheck } from '@baton/grpc-server';
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
}

/** Checks an AnalyticsFilter (INVALID_ARGUMENT naming `filter.*` fields) and reads its scope. */
export function scopeOf(
  filter: analyticsV1.AnalyticsFilter | undefined,
  check: RequestCheck,
  tenantId?: string,
): StatsScope {
  const f = filter ?? { definitionId: '', teamId: '', timeWindow: undefined };
  const version = f.definitionVersion;
  const start = f.timeWindow?.startTime?.getTime();
  const end = f.timeWindow?.endTime?.getTime();
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
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(f.definitionId ? { definitionId: f.definitionId } : {}),
    ...(version !== undefined ? { definitionVersion: version } : {}),
    ...(start !== undefined ? { fromDay: utcDay(start), from: start } : {}),
    // The window's end is exclusive.
    ...(end !== undefined ? { untilDay: utcDay(end - 1), until: end } : {}),
    ...(f.teamId ? { teamId: f.teamId } : {}),
  };
}

/** The scope as a string, to bind page tokens to it. */
export const scopeKey = (scope: StatsScope, ...more: readonly unknown[]): string =>
  JSON.stringify([scope, ...more]);
