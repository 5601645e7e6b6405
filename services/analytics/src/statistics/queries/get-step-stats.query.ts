import { stepStats } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationStats } from '../duration-stats.mapper';
import { groupSteps, type StepGroup } from '../stats-groups';
import { stepRows } from '../stats-rows';
import { scopeKey, type StatsScope } from '../stats-scope';

export class GetStepStats {
  constructor(
    readonly scope: StatsScope,
    readonly pageSize: number,
    readonly pageToken: string,
  ) {}
}

@QueryHandler(GetStepStats)
export class GetStepStatsHandler implements IQueryHandler<GetStepStats, analyticsV1.GetStepStatsResponse> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetStepStats): Promise<analyticsV1.GetStepStatsResponse> {
    const groups = groupSteps(await stepRows(this.readModels, query.scope));
    const page = pageOf(groups, query.pageSize, query.pageToken, scopeKey(query.scope));
    return analyticsV1.GetStepStatsResponse.fromPartial({
      steps: page.items.map(toStepStats),
      nextPageToken: page.nextPageToken,
    });
  }
}

/**
 * Waiting (activated → started) split at the last assignment before the start into assignment
 * and pickup, work, and cycle time (activated → ended, with the deadline's breach figures).
 */
export function toStepStats(group: StepGroup): analyticsV1.StepStats {
  const stats = stepStats(group.aggregate);
  return analyticsV1.StepStats.fromPartial({
    definitionId: group.definitionId,
    definitionVersion: group.definitionVersion,
    stepId: group.stepId,
    teamId: group.teamId,
    assignmentTime: durationStats(stats.assignment),
    pickupTime: durationStats(stats.assignedPickup),
    waitingTime: durationStats(stats.pickup),
    workTime: durationStats(stats.work),
    cycleTime: durationStats(stats.elapsed, group.aggregate.sla),
    completedCount: String(stats.count - stats.failed),
    failedCount: String(stats.failed),
    reworkCount: String(stats.rework),
  });
}
