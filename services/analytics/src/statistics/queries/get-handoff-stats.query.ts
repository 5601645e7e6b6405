import { handoffStats } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationStats } from '../duration-stats.mapper';
import { crossTeam, groupHandoffs, type HandoffGroup, type HandoffGrouping } from '../stats-groups';
import { handoffRows } from '../stats-rows';
import { scopeKey, type StatsScope } from '../stats-scope';

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
    const rows = (await handoffRows(this.readModels, query.scope)).filter(
      (row) => !query.crossTeamOnly || crossTeam(row.fromTeam, row.toTeam),
    );
    const groups = groupHandoffs(rows, query.groupBy);
    const filters = scopeKey(query.scope, query.groupBy, query.crossTeamOnly);
    const page = pageOf(groups, query.pageSize, query.pageToken, filters);
    return analyticsV1.GetHandoffStatsResponse.fromPartial({
      handoffs: page.items.map(toHandoffStats),
      nextPageToken: page.nextPageToken,
    });
  }
}

export function toHandoffStats(group: HandoffGroup): analyticsV1.HandoffStats {
  const stats = handoffStats(group.aggregate);
  const sla = { withSla: group.aggregate.sla.withSla, breaches: group.aggregate.sla.breaches };
  return analyticsV1.HandoffStats.fromPartial({
    definitionId: group.definitionId,
    ...(group.definitionVersion !== undefined ? { definitionVersion: group.definitionVersion } : {}),
    fromStepId: group.fromStep,
    toStepId: group.toStep,
    fromTeamId: group.fromTeam,
    toTeamId: group.toTeam,
    crossTeam: crossTeam(group.fromTeam, group.toTeam),
    routing: durationStats(stats.routing),
    assignment: durationStats(stats.assignment),
    pickup: durationStats(stats.pickup),
    total: durationStats(stats.total, sla),
  });
}
