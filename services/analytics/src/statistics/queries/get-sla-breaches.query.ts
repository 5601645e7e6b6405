import type { SlaBreachRecord } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { REDACTED } from '@baton/domain';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { toSlaBreach } from '../sla-breach.mapper';
import { SLA_BREACHES } from '../statistics.tables';
import { scopeKey, type StatsScope } from '../stats-scope';
import { definitionKeyOf, ownRows } from '../tenant-rows';

export class GetSlaBreaches {
  constructor(
    readonly scope: StatsScope,
    readonly openOnly: boolean,
    readonly pageSize: number,
    readonly pageToken: string,
    /** What an open breach's overrun runs until. */
    readonly now: number,
  ) {}
}

/**
 * Step activations that missed their deadline, newest deadline first. The time window is exact
 * (not whole days): a breach is in it when its deadline is. Team: the step's owner team.
 */
@QueryHandler(GetSlaBreaches)
export class GetSlaBreachesHandler implements IQueryHandler<
  GetSlaBreaches,
  analyticsV1.GetSlaBreachesResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetSlaBreaches): Promise<analyticsV1.GetSlaBreachesResponse> {
    const { scope } = query;
    const bounds = {
      ...{},
      ...(scope.from !== undefined ? { from: scope.from } : {}),
      ...(scope.until !== undefined ? { until: scope.until - 1 } : {}),
    };
    const [rows, catalog] = await Promise.all([
      this.readModels.range(
        SLA_BREACHES,
        scope.definitionId !== undefined
          ? { where: { definition_id: definitionKeyOf(scope) as string }, ...bounds }
          : { where: {} },
      ),
      DefinitionCatalog.load(this.readModels, scope.definitionId, scope.tenantId),
    ]);
    const breaches = ownRows(rows, scope)
      .filter(
        (row) =>
          (scope.definitionVersion === undefined || row['definition_version'] === scope.definitionVersion) &&
          (scope.teamId === undefined || row['team_id'] === scope.teamId) &&
          (scope.from === undefined || (row['due_at'] as number) >= scope.from) &&
          (scope.until === undefined || (row['due_at'] as number) < scope.until) &&
          (!query.openOnly || row['open'] === 1),
      )
      // The record names the definition as the row does: as the caller's tenant names it.
      .map((row) => ({
        ...{},
        ...(JSON.parse(row['breach'] as string) as SlaBreachRecord),
        definitionId: row['definition_id'] as string,
      }))
      .sort(newestFirst);
    const page = pageOf(breaches, query.pageSize, query.pageToken, scopeKey(scope, query.openOnly));
    return analyticsV1.GetSlaBreachesResponse.fromPartial({
      breaches: page.items.map((b) =>
        toSlaBreach(
          // A business key that is a sensitive field's value is not analytics' to show.
          catalog.entry(b.definitionId, b.definitionVersion)?.sensitiveKeys
            ? { ...{}, ...b, businessKey: REDACTED }
            : b,
          catalog.stepName(b.definitionId, b.definitionVersion, b.stepId),
          query.now,
        ),
      ),
      nextPageToken: page.nextPageToken,
      totalSize: String(breaches.length),
    });
  }
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function newestFirst(a: SlaBreachRecord, b: SlaBreachRecord): number {
  return (
    b.dueAt - a.dueAt ||
    order(a.definitionId, b.definitionId) ||
    order(a.instanceId, b.instanceId) ||
    order(a.breachId, b.breachId)
  );
}
