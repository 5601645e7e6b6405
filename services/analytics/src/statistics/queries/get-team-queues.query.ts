import { analyticsV1 } from '@baton/contracts';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DirectoryView } from '../../directory/directory-view';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { dayStart } from '../day-buckets';
import { durationOf } from '../duration-stats.mapper';
import { queueRows, type QueueRow } from '../flow-rows';
import type { StatsScope } from '../stats-scope';

export class GetTeamQueues {
  constructor(
    readonly scope: StatsScope,
    /** Days per series bucket; none without. */
    readonly bucketDays?: number,
  ) {}
}

/**
 * Each team's queue over whole UTC days: arrivals (activations owned by the team), completions,
 * failures and cancellations, work in progress at the end, throughput per day, and utilisation:
 * the work time of the activations that ended in the interval over the members' time in it.
 */
@QueryHandler(GetTeamQueues)
export class GetTeamQueuesHandler implements IQueryHandler<GetTeamQueues, analyticsV1.GetTeamQueuesResponse> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetTeamQueues): Promise<analyticsV1.GetTeamQueuesResponse> {
    const { scope } = query;
    const [rows, directory] = await Promise.all([
      queueRows(this.readModels, scope),
      DirectoryView.load(this.readModels, scope.tenantId),
    ]);
    if (rows.length === 0) return analyticsV1.GetTeamQueuesResponse.fromPartial({});
    const from = scope.fromDay ?? Math.min(...rows.map((r) => r.day));
    const until = scope.untilDay ?? Math.max(...rows.map((r) => r.day));
    const byTeam = new Map<string, QueueRow[]>();
    for (const row of rows) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row]);
    const figures = (teamId: string, own: readonly QueueRow[], first: number, last: number) =>
      queueStats(own, first, last, directory.memberTime(teamId, dayStart(first), dayStart(last + 1)));
    const teams = [...byTeam.keys()].sort().map((teamId) => {
      const own = byTeam.get(teamId) as QueueRow[];
      const buckets = [];
      for (let first = from; query.bucketDays !== undefined && first <= until; first += query.bucketDays) {
        const last = Math.min(first + query.bucketDays - 1, until);
        buckets.push({
          window: { startTime: new Date(dayStart(first)), endTime: new Date(dayStart(last + 1)) },
          stats: figures(teamId, own, first, last),
        });
      }
      return {
        teamId,
        teamName: directory.teamName(teamId),
        members: directory.memberCount(teamId),
        overall: figures(teamId, own, from, until),
        buckets,
      };
    });
    return analyticsV1.GetTeamQueuesResponse.fromPartial({ teams });
  }
}

/** A team's queue over days `from..until` (inclusive) from its rows of every day up to `until`. */
function queueStats(
  rows: readonly QueueRow[],
  from: number,
  until: number,
  memberTimeMs: number,
): analyticsV1.TeamQueueStats {
  let [arrivals, completed, failed, cancelled, busy, arrivedByEnd, leftByEnd] = [0, 0, 0, 0, 0, 0, 0];
  for (const r of rows) {
    if (r.day > until) continue;
    arrivedByEnd += r.arrivals;
    leftByEnd += r.completed + r.failed + r.cancelled;
    if (r.day < from) continue;
    arrivals += r.arrivals;
    completed += r.completed;
    failed += r.failed;
    cancelled += r.cancelled;
    busy += r.busyMs;
  }
  return analyticsV1.TeamQueueStats.fromPartial({
    arrivals: String(arrivals),
    completedCount: String(completed),
    failedCount: String(failed),
    cancelledCount: String(cancelled),
    workInProgress: String(arrivedByEnd - leftByEnd),
    throughputPerDay: completed / (until - from + 1),
    busyTime: durationOf(busy),
    memberTime: durationOf(memberTimeMs),
    utilisation: memberTimeMs > 0 ? busy / memberTimeMs : 0,
  });
}
