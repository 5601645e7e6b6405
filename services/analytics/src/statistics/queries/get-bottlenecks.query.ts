import { analyticsV1 } from '@baton/contracts';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationOf, durationStats } from '../duration-stats.mapper';
import { groupHandoffs, groupSteps } from '../stats-groups';
import { handoffRows, stepRows } from '../stats-rows';
import { wireClockOf, type StatsScope } from '../stats-scope';

export class GetBottlenecks {
  constructor(
    readonly scope: StatsScope,
    /** How many from the top. */
    readonly limit: number,
  ) {}
}

interface Place {
  readonly key: string;
  readonly timeLostMs: number;
  readonly bottleneck: Omit<analyticsV1.Bottleneck, 'rank' | 'share' | 'totalTimeLost'>;
}

/**
 * Ranks handoff edges (A completed → B started) and step work (started → ended) together by
 * time lost. A step's waiting is the handoffs into it, so it is not ranked a second time: the
 * places partition a case's time and their shares add up to 1.
 */
@QueryHandler(GetBottlenecks)
export class GetBottlenecksHandler implements IQueryHandler<
  GetBottlenecks,
  analyticsV1.GetBottlenecksResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetBottlenecks): Promise<analyticsV1.GetBottlenecksResponse> {
    const [handoffs, steps] = await Promise.all([
      handoffRows(this.readModels, query.scope),
      stepRows(this.readModels, query.scope),
    ]);
    const places: Place[] = [
      ...groupHandoffs(handoffs, 'edge').map((g) => ({
        key: JSON.stringify([g.definitionId, g.definitionVersion, 'h', g.fromStep, g.toStep]),
        timeLostMs: g.aggregate.total.totalMs,
        bottleneck: analyticsV1.Bottleneck.fromPartial({
          kind: analyticsV1.BottleneckKind.BOTTLENECK_KIND_HANDOFF,
          definitionId: g.definitionId,
          ...(g.definitionVersion !== undefined ? { definitionVersion: g.definitionVersion } : {}),
          fromStepId: g.fromStep,
          toStepId: g.toStep,
          teamId: g.toTeam,
          stats: durationStats(g.aggregate.total.summary(), g.aggregate.sla, g.aggregate.overrunMs),
        }),
      })),
      ...groupSteps(steps).map((g) => ({
        key: JSON.stringify([g.definitionId, g.definitionVersion, 's', g.stepId]),
        timeLostMs: g.aggregate.work.totalMs,
        bottleneck: analyticsV1.Bottleneck.fromPartial({
          kind: analyticsV1.BottleneckKind.BOTTLENECK_KIND_STEP_WORK,
          definitionId: g.definitionId,
          definitionVersion: g.definitionVersion,
          stepId: g.stepId,
          teamId: g.teamId,
          stats: durationStats(g.aggregate.work.summary()),
        }),
      })),
    ];
    const total = places.reduce((sum, p) => sum + p.timeLostMs, 0);
    const ranked = places
      .sort((a, b) => b.timeLostMs - a.timeLostMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, query.limit);
    return analyticsV1.GetBottlenecksResponse.fromPartial({
      bottlenecks: ranked.map((p, i) => ({
        ...{},
        ...p.bottleneck,
        rank: i + 1,
        totalTimeLost: durationOf(p.timeLostMs),
        share: total > 0 ? p.timeLostMs / total : 0,
      })),
      clock: wireClockOf(query.scope),
    });
  }
}
