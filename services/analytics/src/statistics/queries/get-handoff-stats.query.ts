import { handoffStats } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationStats } from '../duration-stats.mapper';
import { crossTeam, groupHandoffs, type HandoffGroup, type HandoffGrouping } from '../stats-groups';
import { handoffRows } from '../stats-rows';
import { scopeKey, wireClockOf, type StatsScope } from '../stats-scope';
import { waitAttributionOf } from '../wait-attribution';

export class GetHandoffStats {
  constructor(
    readonly scope: StatsScope,
    readonly groupBy: HandoffGrouping,
    readonly crossTeamOnly: boolean,
    readonly pageSize: number,
    readonly pageToken: string,
  ) {}
}

@QueryHandler(GetHandoffStats)
export class GetHandoffStatsHandler implements IQueryHandler<
  GetHandoffStats,
  analyticsV1.GetHandoffStatsResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetHandoffStats): Promise<analyticsV1.GetHandoffStatsResponse> {
    const { scope } = query;
    const [all, catalog] = await Promise.all([
      handoffRows(this.readModels, scope),
      DefinitionCatalog.load(this.readModels, scope.definitionId, scope.tenantId),
    ]);
    const rows = all.filter((row) => !query.crossTeamOnly || crossTeam(row.fromTeam, row.toTeam));
    const groups = groupHandoffs(rows, query.groupBy);
    const filters = scopeKey(scope, query.groupBy, query.crossTeamOnly);
    const page = pageOf(groups, query.pageSize, query.pageToken, filters);
    return analyticsV1.GetHandoffStatsResponse.fromPartial({
      handoffs: page.items.map((group) => ({
        ...{},
        ...toHandoffStats(group, catalog),
        waitAttribution: waitAttributionOf(group, scope.clock),
      })),
      nextPageToken: page.nextPageToken,
      clock: wireClockOf(scope),
    });
  }
}

/**
 * A group's split (routing, assignment, pickup, total with its SLA breaches and overrun), churn
 * (reassignments of B per handoff), bounces, joins and rework; edges get their steps' names.
 */
export function toHandoffStats(group: HandoffGroup, catalog: DefinitionCatalog): analyticsV1.HandoffStats {
  const stats = handoffStats(group.aggregate);
  const sla = { withSla: group.aggregate.sla.withSla, breaches: group.aggregate.sla.breaches };
  const name = (stepId: string) =>
    group.definitionId && stepId ? catalog.stepName(group.definitionId, group.definitionVersion, stepId) : '';
  return analyticsV1.HandoffStats.fromPartial({
    definitionId: group.definitionId,
    ...(group.definitionVersion !== undefined ? { definitionVersion: group.definitionVersion } : {}),
    handoffId: group.handoffId,
    fromStepId: group.fromStep,
    toStepId: group.toStep,
    fromTeamId: group.fromTeam,
    toTeamId: group.toTeam,
    crossTeam: crossTeam(group.fromTeam, group.toTeam),
    routing: durationStats(stats.routing),
    assignment: durationStats(stats.assignment),
    pickup: durationStats(stats.pickup),
    total: durationStats(stats.total, sla, stats.overrunMs),
    reassignmentCount: String(stats.reassignments),
    reassignmentsPerHandoff: stats.count > 0 ? stats.reassignments / stats.count : 0,
    bounceCount: String(stats.bounces),
    joinCount: String(stats.joins),
    reworkCount: String(stats.rework),
    fromStepName: name(group.fromStep),
    toStepName: name(group.toStep),
  });
}
