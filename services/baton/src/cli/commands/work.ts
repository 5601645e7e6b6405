import { executionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun } from '../context';
import { positiveInt } from '../input';
import { UsageError } from '../io';
import { workTable } from '../views';

export function workCommands(program: Command, run: CliRun): void {
  const work = program.command('work').description('Open work of people and teams');

  work
    .command('list')
    .description('List open work (activated, assigned or started steps) for a person or a team (ListWork)')
    .option('--person <personId>', 'work assigned to this person')
    .option('--team <teamId>', 'work owned by this team, assigned or not')
    .option('--claimable', 'with --person: also unassigned work of their teams and roles')
    .option('--overdue', 'only work past its deadline')
    .option('--definition <id>', 'only work of this definition')
    .option('--limit <n>', 'page size', '50')
    .action(
      action(
        run,
        async (
          ctx,
          opts: {
            person?: string;
            team?: string;
            claimable?: boolean;
            overdue?: boolean;
            definition?: string;
            limit: string;
          },
        ) => {
          if (Boolean(opts.person) === Boolean(opts.team))
            throw new UsageError('give exactly one of --person or --team');
          const b = ctx.baton;
          const response = await b.call(
            b.execution,
            b.execution.listWork,
            executionV1.ListWorkRequest.fromPartial({
              pageSize: positiveInt(opts.limit, '--limit'),
              personId: opts.person ?? '',
              teamId: opts.team ?? '',
              includeTeamQueues: Boolean(opts.claimable),
              overdueOnly: Boolean(opts.overdue),
              definitionId: opts.definition ?? '',
            }),
          );
          ctx.print(executionV1.ListWorkResponse.toJSON(response), () => workTable(response.workItems));
        },
      ),
    );
}
