import { analyticsV1 } from '@baton/contracts';
import { Option, type Command } from 'commander';
import { bottlenecksTable, cycleTimesText, handoffsTable, inClock, stepsTable } from '../analytics-views';
import { action, type CliRun } from '../context';
import { positiveInt } from '../input';
import { filterOf, withClock, withFilter, type FilterOptions } from './analytics-filter';

const GROUPINGS = {
  edge: analyticsV1.HandoffGrouping.HANDOFF_GROUPING_EDGE,
  'team-pair': analyticsV1.HandoffGrouping.HANDOFF_GROUPING_TEAM_PAIR,
  definition: analyticsV1.HandoffGrouping.HANDOFF_GROUPING_DEFINITION,
} as const;

/** `baton analytics handoffs|steps|bottlenecks|cycle-times`: the statistics queries. */
export function analyticsStatsCommands(analytics: Command, run: CliRun): void {
  withClock(withFilter(analytics.command('handoffs')))
    .description(
      'Handoff times (A completed → B started), split into routing, assignment and pickup, worst first (GetHandoffStats)',
    )
    .addOption(
      new Option('--group-by <grouping>', 'per edge, per team pair or per definition')
        .choices(Object.keys(GROUPINGS))
        .default('edge'),
    )
    .option('--cross-team', 'only handoffs between different teams', false)
    .option('--limit <n>', 'how many', '50')
    .action(
      action(
        run,
        async (
          ctx,
          opts: FilterOptions & { groupBy: keyof typeof GROUPINGS; crossTeam: boolean; limit: string },
        ) => {
          const b = ctx.baton;
          const response = await b.call(
            b.analytics,
            b.analytics.getHandoffStats,
            analyticsV1.GetHandoffStatsRequest.fromPartial({
              filter: filterOf(opts),
              groupBy: GROUPINGS[opts.groupBy],
              crossTeamOnly: opts.crossTeam,
              pageSize: positiveInt(opts.limit, '--limit'),
            }),
          );
          ctx.print(analyticsV1.GetHandoffStatsResponse.toJSON(response), () =>
            inClock(response.clock, handoffsTable(response.handoffs, opts.groupBy)),
          );
        },
      ),
    );

  withClock(withFilter(analytics.command('steps')))
    .description('Step times: waiting (activated → started), work and cycle time, worst first (GetStepStats)')
    .option('--limit <n>', 'how many', '50')
    .action(
      action(run, async (ctx, opts: FilterOptions & { limit: string }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getStepStats,
          analyticsV1.GetStepStatsRequest.fromPartial({
            filter: filterOf(opts),
            pageSize: positiveInt(opts.limit, '--limit'),
          }),
        );
        ctx.print(analyticsV1.GetStepStatsResponse.toJSON(response), () =>
          inClock(response.clock, stepsTable(response.steps)),
        );
      }),
    );

  withClock(withFilter(analytics.command('bottlenecks')))
    .description(
      'Where the most time is lost: handoffs and step work ranked together, with their shares (GetBottlenecks)',
    )
    .option('--limit <n>', 'how many from the top', '10')
    .action(
      action(run, async (ctx, opts: FilterOptions & { limit: string }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getBottlenecks,
          analyticsV1.GetBottlenecksRequest.fromPartial({
            filter: filterOf(opts),
            limit: positiveInt(opts.limit, '--limit'),
          }),
        );
        ctx.print(analyticsV1.GetBottlenecksResponse.toJSON(response), () =>
          inClock(response.clock, bottlenecksTable(response.bottlenecks)),
        );
      }),
    );

  withClock(withFilter(analytics.command('cycle-times'), { team: false }))
    .description(
      'End-to-end cycle time, throughput and work in progress, optionally per bucket of days (GetCycleTimes)',
    )
    .option('--bucket <days>', 'a series with buckets of this many days (needs --from and --to)')
    .action(
      action(run, async (ctx, opts: FilterOptions & { bucket?: string }) => {
        const b = ctx.baton;
        const days = opts.bucket === undefined ? undefined : positiveInt(opts.bucket, '--bucket');
        const response = await b.call(
          b.analytics,
          b.analytics.getCycleTimes,
          analyticsV1.GetCycleTimesRequest.fromPartial({
            filter: filterOf(opts),
            ...(days !== undefined ? { bucketWidth: { seconds: String(days * 86_400), nanos: 0 } } : {}),
          }),
        );
        ctx.print(analyticsV1.GetCycleTimesResponse.toJSON(response), () =>
          inClock(response.clock, cycleTimesText(response)),
        );
      }),
    );
}
