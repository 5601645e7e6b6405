import { analyticsV1, type googleProtobuf } from '@baton/contracts';
import { RequestCheck } from '@baton/grpc-server';
import { GetBottlenecks } from './queries/get-bottlenecks.query';
import { GetCycleTimes } from './queries/get-cycle-times.query';
import { GetHandoffStats } from './queries/get-handoff-stats.query';
import { GetStepStats } from './queries/get-step-stats.query';
import type { HandoffGrouping } from './stats-groups';
import { scopeOf, type StatsScope } from './stats-scope';

// Requests → queries, refusing bad input with INVALID_ARGUMENT and the fields at fault.

const GROUPINGS: ReadonlyMap<analyticsV1.HandoffGrouping, HandoffGrouping> = new Map([
  [analyticsV1.HandoffGrouping.HANDOFF_GROUPING_UNSPECIFIED, 'edge'],
  [analyticsV1.HandoffGrouping.HANDOFF_GROUPING_EDGE, 'edge'],
  [analyticsV1.HandoffGrouping.HANDOFF_GROUPING_TEAM_PAIR, 'team-pair'],
  [analyticsV1.HandoffGrouping.HANDOFF_GROUPING_DEFINITION, 'definition'],
]);
const DEFAULT_BOTTLENECKS = 10;
const MAX_BOTTLENECKS = 1000;
const DAY_SECONDS = 86_400;
const MAX_BUCKETS = 1000;

export function getHandoffStats(
  request: analyticsV1.GetHandoffStatsRequest,
  tenantId?: string,
): GetHandoffStats {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId, true);
  const groupBy = GROUPINGS.get(request.groupBy);
  check
    .require(groupBy !== undefined, 'group_by', 'group_by must be EDGE, TEAM_PAIR or DEFINITION')
    .require(request.pageSize >= 0, 'page_size', 'page_size must not be negative')
    .done('GetHandoffStatsRequest');
  return new GetHandoffStats(
    scope,
    groupBy ?? 'edge',
    request.crossTeamOnly,
    request.pageSize,
    request.pageToken,
  );
}

export function getStepStats(request: analyticsV1.GetStepStatsRequest, tenantId?: string): GetStepStats {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId, true);
  check
    .require(request.pageSize >= 0, 'page_size', 'page_size must not be negative')
    .done('GetStepStatsRequest');
  return new GetStepStats(scope, request.pageSize, request.pageToken);
}

export function getBottlenecks(
  request: analyticsV1.GetBottlenecksRequest,
  tenantId?: string,
): GetBottlenecks {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId, true);
  check.require(request.limit >= 0, 'limit', 'limit must not be negative').done('GetBottlenecksRequest');
  return new GetBottlenecks(scope, Math.min(request.limit || DEFAULT_BOTTLENECKS, MAX_BOTTLENECKS));
}

export function getCycleTimes(request: analyticsV1.GetCycleTimesRequest, tenantId?: string): GetCycleTimes {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId, true);
  check.require(
    scope.teamId === undefined,
    'filter.team_id',
    'cycle times are per instance, and instances have no team: leave filter.team_id empty',
  );
  const bucketDays = bucketDaysOf(request.bucketWidth, scope, check);
  check.done('GetCycleTimesRequest');
  return new GetCycleTimes(scope, bucketDays);
}

/** A series' bucket width in whole days (undefined: no series), checked against the window. */
export function bucketDaysOf(
  width: googleProtobuf.Duration | undefined,
  scope: StatsScope,
  check: RequestCheck,
): number | undefined {
  if (!width) return undefined;
  const seconds = Number(width.seconds);
  const bucketDays = seconds / DAY_SECONDS;
  const windowDays =
    scope.fromDay !== undefined && scope.untilDay !== undefined
      ? scope.untilDay - scope.fromDay + 1
      : undefined;
  check
    .require(
      width.nanos === 0 && seconds > 0 && Number.isInteger(bucketDays),
      'bucket_width',
      'bucket_width must be a whole number of days (statistics are kept per UTC day), e.g. 86400s',
    )
    .require(
      windowDays !== undefined,
      'filter.time_window',
      'a series (bucket_width) needs filter.time_window with both bounds',
    )
    .require(
      windowDays === undefined || !(bucketDays > 0) || windowDays / bucketDays <= MAX_BUCKETS,
      'bucket_width',
      `bucket_width gives more than ${MAX_BUCKETS} buckets over the window`,
    );
  return bucketDays;
}
