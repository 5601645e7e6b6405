import { analyticsV1, type commonV1 } from '@baton/contracts';
import { RequestCheck } from '@baton/grpc-server';
import { utcDay } from './day-buckets';
import { CompareVersions } from './queries/compare-versions.query';
import { GetHandoverNetwork, type NetworkLevel } from './queries/get-handover-network.query';
import { GetSinglePersonDependencies } from './queries/get-single-person-dependencies.query';
import { GetSlaBreaches } from './queries/get-sla-breaches.query';
import { GetTeamQueues } from './queries/get-team-queues.query';
import { bucketDaysOf } from './statistics.requests';
import { clockOf, scopeOf, type StatsScope } from './stats-scope';

// Requests → queries for breaches, the handover network, version comparison, single-person
// dependencies and team queues; bad input is refused with INVALID_ARGUMENT naming the fields.

const LEVELS: ReadonlyMap<analyticsV1.NetworkLevel, NetworkLevel> = new Map([
  [analyticsV1.NetworkLevel.NETWORK_LEVEL_UNSPECIFIED, 'team'],
  [analyticsV1.NetworkLevel.NETWORK_LEVEL_TEAM, 'team'],
  [analyticsV1.NetworkLevel.NETWORK_LEVEL_PERSON, 'person'],
  [analyticsV1.NetworkLevel.NETWORK_LEVEL_STEP, 'step'],
]);
const DEFAULT_MIN_SHARE = 0.8;

export function getSlaBreaches(
  request: analyticsV1.GetSlaBreachesRequest,
  now: number,
  tenantId?: string,
): GetSlaBreaches {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId);
  check
    .require(request.pageSize >= 0, 'page_size', 'page_size must not be negative')
    .done('GetSlaBreachesRequest');
  return new GetSlaBreaches(scope, request.openOnly, request.pageSize, request.pageToken, now);
}

export function getHandoverNetwork(
  request: analyticsV1.GetHandoverNetworkRequest,
  tenantId?: string,
): GetHandoverNetwork {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId);
  const level = LEVELS.get(request.level);
  const minCount = Number(request.minCount);
  check
    .require(level !== undefined, 'level', 'level must be TEAM, PERSON or STEP')
    .require(
      level !== 'step' || scope.definitionId !== undefined,
      'filter.definition_id',
      'the step network (NETWORK_LEVEL_STEP) is of one definition: set filter.definition_id',
    )
    .require(Number.isSafeInteger(minCount) && minCount >= 0, 'min_count', 'min_count must not be negative')
    .done('GetHandoverNetworkRequest');
  return new GetHandoverNetwork(scope, level ?? 'team', minCount);
}

export function compareVersions(
  request: analyticsV1.CompareVersionsRequest,
  tenantId?: string,
): CompareVersions {
  const check = new RequestCheck()
    .nonEmpty(request.definitionId, 'definition_id')
    .require(request.baseVersion >= 0, 'base_version', 'base_version must not be negative')
    .require(request.candidateVersion >= 0, 'candidate_version', 'candidate_version must not be negative');
  const clock = clockOf(request.clock, check, 'clock', true);
  const side = (version: number, window: commonV1.TimeWindow | undefined, field: string): StatsScope => {
    const start = window?.startTime?.getTime();
    const end = window?.endTime?.getTime();
    check.require(
      start === undefined || end === undefined || start < end,
      field,
      `${field} must end after it starts`,
    );
    return {
      ...{},
      ...(tenantId !== undefined ? { tenantId } : {}),
      definitionId: request.definitionId,
      definitionVersion: version,
      ...(start !== undefined ? { fromDay: utcDay(start), from: start } : {}),
      ...(end !== undefined ? { untilDay: utcDay(end - 1), until: end } : {}),
      ...(request.teamId ? { teamId: request.teamId } : {}),
      ...(clock === 'business' ? { clock } : {}),
    };
  };
  const base = side(request.baseVersion, request.baseWindow, 'base_window');
  const candidate = side(request.candidateVersion, request.candidateWindow, 'candidate_window');
  check.done('CompareVersionsRequest');
  return new CompareVersions(base, candidate);
}

export function getSinglePersonDependencies(
  request: analyticsV1.GetSinglePersonDependenciesRequest,
  now: number,
  tenantId?: string,
): GetSinglePersonDependencies {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId);
  const minCompleted = Number(request.minCompletedCount);
  check
    .require(request.minShare >= 0 && request.minShare <= 1, 'min_share', 'min_share must be from 0 to 1')
    .require(
      Number.isSafeInteger(minCompleted) && minCompleted >= 0,
      'min_completed_count',
      'min_completed_count must not be negative',
    )
    .done('GetSinglePersonDependenciesRequest');
  return new GetSinglePersonDependencies(
    scope,
    request.minShare || DEFAULT_MIN_SHARE,
    minCompleted || 1,
    now,
  );
}

export function getTeamQueues(request: analyticsV1.GetTeamQueuesRequest, tenantId?: string): GetTeamQueues {
  const check = new RequestCheck();
  const scope = scopeOf(request.filter, check, tenantId);
  const bucketDays = bucketDaysOf(request.bucketWidth, scope, check);
  check.done('GetTeamQueuesRequest');
  return new GetTeamQueues(scope, bucketDays);
}
