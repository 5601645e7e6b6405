import { executionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun } from '../context';
import { jsonObjectOption, positiveInt } from '../input';
import { UsageError } from '../io';
import { auditTrail, trailText } from '../trail';
import { instancesTable, instanceText } from '../views';

const STATES = ['running', 'completed', 'cancelled', 'failed'];

export function instanceCommands(program: Command, run: CliRun): void {
  const instance = program
    .command('instance')
    .description('Start instances and read their state and audit trail');

  instance
    .command('start')
    .description('Start an instance of a definition (StartInstance; idempotent by business key)')
    .argument('<definitionId>', 'the definition to run, e.g. order-to-cash')
    .requiredOption('--key <businessKey>', 'business key, e.g. an order id')
    .option('--data <json>', 'initial data: a JSON object, or @file.json')
    .option('--version <n>', 'definition version (default: latest active)')
    .option('--idempotency-key <key>', 'makes a retry safe')
    .action(
      action(
        run,
        async (
          ctx,
          definitionId: string,
          opts: { key: string; data?: string; version?: string; idempotencyKey?: string },
        ) => {
          const data = jsonObjectOption(opts.data, '--data') ?? {};
          const b = ctx.baton;
          const response = await b.call(
            b.execution,
            b.execution.startInstance,
            executionV1.StartInstanceRequest.fromPartial({
              definitionId,
              businessKey: opts.key,
              data,
              idempotencyKey: opts.idempotencyKey ?? '',
              ...(opts.version !== undefined
                ? { definitionVersion: positiveInt(opts.version, '--version') }
                : {}),
            }),
          );
          ctx.print(executionV1.StartInstanceResponse.toJSON(response), () => {
            const i = response.instance;
            const verb = response.alreadyExisted ? 'already running' : 'started';
            return `${verb}: ${i?.instanceId}\n\n${i ? instanceText(i) : ''}`;
          });
        },
      ),
    );

  instance
    .command('show')
    .description('Show an instance: its state and every step activation (GetInstance)')
    .argument('<instanceId>')
    .action(
      action(run, async (ctx, instanceId: string) => {
        const b = ctx.baton;
        const response = await b.call(
          b.execution,
          b.execution.getInstance,
          executionV1.GetInstanceRequest.fromPartial({ instanceId }),
        );
        ctx.print(executionV1.GetInstanceResponse.toJSON(response), () =>
          response.instance ? instanceText(response.instance) : '(no instance)',
        );
      }),
    );

  instance
    .command('list')
    .description('List instances, newest first (ListInstances)')
    .option('--definition <id>', 'only instances of this definition')
    .option('--state <state...>', `only these states: ${STATES.join(', ')}`)
    .option('--key <businessKey>', 'only instances with this business key')
    .option('--team <teamId>', 'only instances with an open step of this team')
    .option('--limit <n>', 'page size', '50')
    .action(
      action(
        run,
        async (
          ctx,
          opts: { definition?: string; state?: string[]; key?: string; team?: string; limit: string },
        ) => {
          const states = (opts.state ?? []).map((s) => {
            const value = executionV1.instanceStateFromJSON(`INSTANCE_STATE_${s.toUpperCase()}`);
            if (value === executionV1.InstanceState.UNRECOGNIZED) {
              throw new UsageError(`--state ${s}: expected one of ${STATES.join(', ')}`);
            }
            return value;
          });
          const b = ctx.baton;
          const response = await b.call(
            b.execution,
            b.execution.listInstances,
            executionV1.ListInstancesRequest.fromPartial({
              pageSize: positiveInt(opts.limit, '--limit'),
              definitionId: opts.definition ?? '',
              businessKey: opts.key ?? '',
              teamId: opts.team ?? '',
              states,
            }),
          );
          ctx.print(executionV1.ListInstancesResponse.toJSON(response), () =>
            instancesTable(response.instances),
          );
        },
      ),
    );

  instance
    .command('trail')
    .description(
      'Show the audit trail of an instance: every transition in order (analytics GetAuditTrail, ' +
        'or derived from GetInstance when analytics does not answer; the output says which)',
    )
    .argument('<instanceId>')
    .action(
      action(run, async (ctx, instanceId: string) => {
        const trail = await auditTrail(ctx.baton, instanceId);
        ctx.print(trail, () => trailText(trail));
      }),
    );
}
