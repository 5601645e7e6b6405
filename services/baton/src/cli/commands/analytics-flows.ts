import { analyticsV1 } from '@baton/contracts';
import { Option, type Command } from 'commander';
import {
  breachesTable,
  breachTrails,
  comparisonText,
  dependenciesTable,
  networkText,
  queuesText,
} from '../analytics-flow-views';
import { inClock } from '../analytics-views';
import { action, type CliRun } from '../context';
import { nonNegativeInt, positiveInt } from '../input';
import { UsageError } from '../io';
import { filterOf, instant, wireClock, withClock, withFilter, type FilterOptions } from './analytics-filter';

const LEVELS = {
  team: analyticsV1.NetworkLevel.NETWORK_LEVEL_TEAM,
  person: analyticsV1.NetworkLevel.NETWORK_LEVEL_PERSON,
  step: analyticsV1.NetworkLevel.NETWORK_LEVEL_STEP,
} as const;
const DAY_SECONDS = 86_400;

/** `baton analytics sla-breaches|network|compare|single-person|queues`: how work flows between people and teams. */
export function analyticsFlowCommands(analytics: Command, run: CliRun): void {
  withFilter(analytics.command('sla-breaches'), {
    window: {
      from: 'only steps due at or after this time (ISO 8601, exact)',
      to: 'only steps due before this time',
    },
  })
    .description(
      'Steps that missed their deadline, newest deadline first, with who had them when due, who has ' +
        'them now, the overrun and (with --trail) the assignments, reassignments and escalations (GetSlaBreaches)',
    )
    .option('--open', 'only steps still open', false)
    .option('--trail', 'print each breach’s escalation trail after the table', false)
    .option('--limit <n>', 'how many', '50')
    .action(
      action(run, async (ctx, opts: FilterOptions & { open: boolean; trail: boolean; limit: string }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getSlaBreaches,
          analyticsV1.GetSlaBreachesRequest.fromPartial({
            filter: filterOf(opts),
            openOnly: opts.open,
            pageSize: positiveInt(opts.limit, '--limit'),
          }),
        );
        ctx.print(analyticsV1.GetSlaBreachesResponse.toJSON(response), () => {
          const rows = breachesTable(response.breaches, response.totalSize);
          return opts.trail && response.breaches.length > 0
            ? `${rows}\n\n${breachTrails(response.breaches)}`
            : rows;
        });
      }),
    );

  withFilter(analytics.command('network'))
    .description(
      'Who hands work to whom: teams, people (who did A → who did B) or the steps of one definition, ' +
        'with handoff counts and times (GetHandoverNetwork)',
    )
    .addOption(new Option('--level <level>', 'the nodes').choices(Object.keys(LEVELS)).default('team'))
    .option('--min-count <n>', 'leave out edges with fewer handoffs', '1')
    .action(
      action(run, async (ctx, opts: FilterOptions & { level: keyof typeof LEVELS; minCount: string }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getHandoverNetwork,
          analyticsV1.GetHandoverNetworkRequest.fromPartial({
            filter: filterOf(opts),
            level: LEVELS[opts.level],
            minCount: String(nonNegativeInt(opts.minCount, '--min-count')),
          }),
        );
        ctx.print(analyticsV1.GetHandoverNetworkResponse.toJSON(response), () => networkText(response));
      }),
    );

  withClock(analytics.command('compare'))
    .description(
      'Compares two versions of a definition (before and after a redesign): cycle time, each step and ' +
        'each handoff of either version, with the change of p50 and p90 (CompareVersions)',
    )
    .requiredOption('--definition <id>', 'the definition')
    .requiredOption('--base <version>', 'the version to compare against (0: an imported baseline)')
    .requiredOption('--candidate <version>', 'the version to compare')
    .option('--base-from <time>', "only the base version's instances that ended at or after this time")
    .option('--base-to <time>', "only the base version's instances that ended before this time")
    .option(
      '--candidate-from <time>',
      "only the candidate version's instances that ended at or after this time",
    )
    .option('--candidate-to <time>', "only the candidate version's instances that ended before this time")
    .option('--team <id>', 'only steps of this team, and handoffs into or out of it')
    .action(
      action(
        run,
        async (
          ctx,
          opts: {
            definition: string;
            base: string;
            candidate: string;
            baseFrom?: string;
            baseTo?: string;
            candidateFrom?: string;
            candidateTo?: string;
            team?: string;
            clock?: FilterOptions['clock'];
          },
        ) => {
          const b = ctx.baton;
          const [base, candidate] = [
            nonNegativeInt(opts.base, '--base'),
            nonNegativeInt(opts.candidate, '--candidate'),
          ];
          const response = await b.call(
            b.analytics,
            b.analytics.compareVersions,
            analyticsV1.CompareVersionsRequest.fromPartial({
              definitionId: opts.definition,
              baseVersion: base,
              candidateVersion: candidate,
              ...windowOf('baseWindow', opts.baseFrom, opts.baseTo, '--base'),
              ...windowOf('candidateWindow', opts.candidateFrom, opts.candidateTo, '--candidate'),
              teamId: opts.team ?? '',
              clock: wireClock(opts.clock),
            }),
          );
          ctx.print(analyticsV1.CompareVersionsResponse.toJSON(response), () =>
            inClock(response.clock, comparisonText(response, base, candidate)),
          );
        },
      ),
    );

  withFilter(analytics.command('single-person'))
    .description(
      'Steps and teams that hang on one person: only one can do them, only one of those is available ' +
        'now, or one did at least --min-share of the completed work (GetSinglePersonDependencies)',
    )
    .option(
      '--min-share <share>',
      'share of the completions, from 0 to 1, that makes one person dominant',
      '0.8',
    )
    .option('--min-completed <n>', 'fewer completions than this are too few to call anyone dominant', '1')
    .action(
      action(run, async (ctx, opts: FilterOptions & { minShare: string; minCompleted: string }) => {
        const share = Number(opts.minShare);
        if (!(share > 0 && share <= 1))
          throw new UsageError('--min-share must be a number above 0 and at most 1, e.g. 0.8');
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getSinglePersonDependencies,
          analyticsV1.GetSinglePersonDependenciesRequest.fromPartial({
            filter: filterOf(opts),
            minShare: share,
            minCompletedCount: String(positiveInt(opts.minCompleted, '--min-completed')),
          }),
        );
        ctx.print(analyticsV1.GetSinglePersonDependenciesResponse.toJSON(response), () =>
          dependenciesTable(response.dependencies),
        );
      }),
    );

  withFilter(analytics.command('queues'))
    .description(
      "Each team's queue: arrivals, completions, work in progress, throughput and utilisation (work time " +
        'over the members’ time), optionally per bucket of days (GetTeamQueues)',
    )
    .option('--bucket <days>', 'a series with buckets of this many days (needs --from and --to)')
    .action(
      action(run, async (ctx, opts: FilterOptions & { bucket?: string }) => {
        const days = opts.bucket === undefined ? undefined : positiveInt(opts.bucket, '--bucket');
        const b = ctx.baton;
        const response = await b.call(
          b.analytics,
          b.analytics.getTeamQueues,
          analyticsV1.GetTeamQueuesRequest.fromPartial({
            filter: filterOf(opts),
            ...(days !== undefined ? { bucketWidth: { seconds: String(days * DAY_SECONDS), nanos: 0 } } : {}),
          }),
        );
        ctx.print(analyticsV1.GetTeamQueuesResponse.toJSON(response), () => queuesText(response));
      }),
    );
}

function windowOf(
  key: 'baseWindow' | 'candidateWindow',
  from: string | undefined,
  to: string | undefined,
  what: string,
) {
  const startTime = from === undefined ? undefined : instant(from, `${what}-from`);
  const endTime = to === undefined ? undefined : instant(to, `${what}-to`);
  return startTime || endTime ? { [key]: { startTime, endTime } } : {};
}
