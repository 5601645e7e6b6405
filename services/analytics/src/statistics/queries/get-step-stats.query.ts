import { stepStats } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationStats } from '../duration-stats.mapper';
import { groupSteps, type StepGroup } from '../stats-groups';
import { stepRows } from '../stats-rows';
import { scopeKey, wireClockOf, type StatsScope } from '../stats-scope';

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
    const [rows, catalog] = await Promise.all([
      stepRows(this.readModels, query.scope),
      DefinitionCatalog.load(this.readModels, query.scope.definitionId, query.scope.tenantId),
    ]);
    const page = pageOf(groupSteps(rows), query.pageSize, query.pageToken, scopeKey(query.scope));
    return analyticsV1.GetStepStatsResponse.fromPartial({
      steps: page.items.map((group) => toStepStats(group, catalog)),
      nextPageToken: page.nextPageToken,
      clock: wireClockOf(query.scope),
    });
  }
}

/**
 * Waiting (activated → started) split at the last assignment before the start into assignment
 * and pickup, work, and cycle time (activated → ended, with the deadline's breach figures and
 * overrun); completed, failed and rejected counts, churn, overdue and escalated activations; the
 * step's name and kind from its definition version.
 */
export function toStepStats(group: StepGroup, catalog: DefinitionCatalog): analyticsV1.StepStats {
  const stats = stepStats(group.aggregate);
  const step = catalog.step(group.definitionId, group.definitionVersion, group.stepId);
  return analyticsV1.StepStats.fromPartial({
    definitionId: group.definitionId,
    definitionVersion: group.definitionVersion,
    stepId: group.stepId,
    stepName: step?.name ?? '',
    stepKind: step?.kind ?? '',
    teamId: group.teamId,
    assignmentTime: durationStats(stats.assignment),
    pickupTime: durationStats(stats.assignedPickup),
    waitingTime: durationStats(stats.pickup),
    workTime: durationStats(stats.work),
    cycleTime: durationStats(stats.elapsed, group.aggregate.sla, stats.overrunMs),
    completedCount: String(stats.count - stats.failed),
    failedCount: String(stats.failed - stats.rejected),
    rejectedCount: String(stats.rejected),
    reworkCount: String(stats.rework),
    reassignmentCount: String(stats.reassignments),
    reassignmentsPerActivation: stats.count > 0 ? stats.reassignments / stats.count : 0,
    overdueCount: String(stats.overdue),
    escalatedCount: String(stats.escalated),
  });
}
