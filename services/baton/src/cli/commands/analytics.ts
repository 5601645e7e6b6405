import type { Command } from 'commander';
import type { CliRun } from '../context';
import { analyticsFlowCommands } from './analytics-flows';
import { analyticsRebuildCommand } from './analytics-rebuild';
import { analyticsStatsCommands } from './analytics-stats';

export function analyticsCommands(program: Command, run: CliRun): void {
  const analytics = program
    .command('analytics')
    .description('Analytics read models: rebuild them by replay, and query them');
  analyticsStatsCommands(analytics, run);
  analyticsFlowCommands(analytics, run);
  analyticsRebuildCommand(analytics, run);
}
