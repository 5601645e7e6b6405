import { analyticsV1 } from '@baton/contracts';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { cycleFigures, daySpan, type CycleFigures } from '../cycle-times';
import { dayStart } from '../day-buckets';
import { durationStats } from '../duration-stats.mapper';
import { caseRows } from '../stats-rows';
import { wireClockOf, type StatsScope } from '../stats-scope';

export class GetCycleTimes {
  constructor(
    readonly scope: StatsScope,
    /** Days per series bucket; none without. */
    readonly bucketDays?: number,
  ) {}
}

@QueryHandler(GetCycleTimes)
export class GetCycleTimesHandler implements IQueryHandler<GetCycleTimes, analyticsV1.GetCycleTimesResponse> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetCycleTimes): Promise<analyticsV1.GetCycleTimesResponse> {
    const rows = await caseRows(this.readModels, query.scope);
    const span = daySpan(rows, query.scope);
    const clock = wireClockOf(query.scope);
    if (!span)
      return analyticsV1.GetCycleTimesResponse.fromPartial({ overall: toCycleTimeStats(undefined), clock });
    const buckets = [];
    for (
      let from = span.from;
      query.bucketDays !== undefined && from <= span.until;
      from += query.bucketDays
    ) {
      const until = Math.min(from + query.bucketDays - 1, span.until);
      buckets.push({
        window: { startTime: new Date(dayStart(from)), endTime: new Date(dayStart(until + 1)) },
        stats: toCycleTimeStats(cycleFigures(rows, from, until)),
      });
    }
    return analyticsV1.GetCycleTimesResponse.fromPartial({
      overall: toCycleTimeStats(cycleFigures(rows, span.from, span.until)),
      buckets,
      clock,
    });
  }
}

function toCycleTimeStats(figures: CycleFigures | undefined): analyticsV1.CycleTimeStats {
  if (!figures) return analyticsV1.CycleTimeStats.fromPartial({ endToEnd: durationStats(emptySummary) });
  const { ended } = figures;
  return analyticsV1.CycleTimeStats.fromPartial({
    endToEnd: durationStats(ended.cycle.summary()),
    startedCount: String(figures.started),
    completedCount: String(ended.completed),
    cancelledCount: String(ended.cancelled),
    failedCount: String(ended.failed),
    workInProgress: String(figures.workInProgress),
    throughputPerDay: figures.throughputPerDay,
  });
}

const emptySummary = {
  count: 0,
  meanMs: 0,
  p50Ms: 0,
  p90Ms: 0,
  p95Ms: 0,
  p99Ms: 0,
  minMs: 0,
  maxMs: 0,
  totalMs: 0,
};
