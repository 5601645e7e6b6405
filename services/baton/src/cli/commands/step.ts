import { executionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun, type CommandContext } from '../context';
import { instanceState, activationLine } from '../views';
import { jsonObjectOption, nonNegativeInt } from '../input';

interface Common {
  idempotencyKey?: string;
  expectedVersion?: string;
}

const common = (opts: Common) => ({
  idempotencyKey: opts.idempotencyKey ?? '',
  ...(opts.expectedVersion !== undefined
    ? { expectedVersion: String(nonNegativeInt(opts.expectedVersion, '--expected-version')) }
    : {}),
});

function stepCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .argument('<instanceId>')
    .argument('<activationId>', 'the activation (see `baton instance show`)')
    .option('--idempotency-key <key>', 'makes a retry safe')
    .option('--expected-version <n>', 'expected version of the instance stream');
}

/** Handed-off activations and the instance state after a step command, as text. */
function afterText(
  verb: string,
  r: {
    activation?: executionV1.StepActivation;
    activated?: executionV1.StepActivation[];
    streamVersion: string;
  },
  extra: string[] = [],
): string {
  const next = (r.activated ?? []).map((a) => `  → ${activationLine(a)}`);
  return [
    `${verb}: ${activationLine(r.activation)}`,
    ...next,
    ...extra,
    `stream version ${r.streamVersion}`,
  ].join('\n');
}

export function stepCommands(program: Command, run: CliRun): void {
  const step = program
    .command('step')
    .description('Move a step through its lifecycle (assign, reassign, start, complete, reject, fail)');
  const b = (ctx: CommandContext) => ctx.baton;

  stepCommand(step, 'assign', 'Assign an activated step to a person (AssignStep)')
    .requiredOption('--person <personId>', 'the assignee')
    .option('--reason <text>', 'why this person, for the audit trail', 'assigned from the baton CLI')
    .action(
      action(
        run,
        async (
          ctx,
          instanceId: string,
          activationId: string,
          opts: Common & { person: string; reason: string },
        ) => {
          const c = b(ctx);
          const r = await c.call(c.execution, c.execution.assignStep, {
            ...{},
            ...executionV1.AssignStepRequest.fromPartial({
              instanceId,
              activationId,
              personId: opts.person,
              reason: opts.reason,
            }),
            ...common(opts),
          });
          ctx.print(executionV1.AssignStepResponse.toJSON(r), () => afterText('assigned', r));
        },
      ),
    );

  stepCommand(step, 'reassign', 'Hand an assigned or started step to another person (ReassignStep)')
    .requiredOption('--person <personId>', 'the new assignee')
    .option('--reason <text>', 'why, for the audit trail', 'reassigned from the baton CLI')
    .action(
      action(
        run,
        async (
          ctx,
          instanceId: string,
          activationId: string,
          opts: Common & { person: string; reason: string },
        ) => {
          const c = b(ctx);
          const r = await c.call(c.execution, c.execution.reassignStep, {
            ...{},
            ...executionV1.ReassignStepRequest.fromPartial({
              instanceId,
              activationId,
              toPersonId: opts.person,
              reason: opts.reason,
            }),
            ...common(opts),
          });
          ctx.print(executionV1.ReassignStepResponse.toJSON(r), () => afterText('reassigned', r));
        },
      ),
    );

  stepCommand(step, 'start', 'Start (claim, pick up) a step as the caller, or as --person (StartStep)')
    .option('--person <personId>', 'who starts it (sent as the actor; default: --actor)')
    .action(
      action(
        run,
        async (ctx, instanceId: string, activationId: string, opts: Common & { person?: string }) => {
          const c = b(ctx);
          const r = await c.call(
            c.execution,
            c.execution.startStep,
            {
              ...{},
              ...executionV1.StartStepRequest.fromPartial({ instanceId, activationId }),
              ...common(opts),
            },
            opts.person ? { actor: opts.person } : {},
          );
          ctx.print(executionV1.StartStepResponse.toJSON(r), () => afterText('started', r));
        },
      ),
    );

  stepCommand(step, 'complete', 'Complete a started step with an outcome and output data (CompleteStep)')
    .option('--outcome <id>', 'the decision, for approval steps')
    .option('--output <json>', 'output data: a JSON object, or @file.json')
    .option('--person <personId>', 'who completes it (sent as the actor; default: --actor)')
    .action(
      action(
        run,
        async (
          ctx,
          instanceId: string,
          activationId: string,
          opts: Common & { outcome?: string; output?: string; person?: string },
        ) => {
          const output = jsonObjectOption(opts.output, '--output') ?? {};
          const c = b(ctx);
          const r = await c.call(
            c.execution,
            c.execution.completeStep,
            {
              ...{},
              ...executionV1.CompleteStepRequest.fromPartial({
                instanceId,
                activationId,
                outcome: opts.outcome ?? '',
                output,
              }),
              ...common(opts),
            },
            opts.person ? { actor: opts.person } : {},
          );
          ctx.print(executionV1.CompleteStepResponse.toJSON(r), () =>
            afterText('completed', r, r.instanceCompleted ? ['instance completed'] : []),
          );
        },
      ),
    );

  stepCommand(step, 'reject', 'Reject a started step, sending the work back (RejectStep)')
    .requiredOption('--reason <text>', 'why, for the people who rework it')
    .option('--outcome <id>', 'the rejecting outcome, for approval steps (e.g. returned-with-comments)')
    .option('--person <personId>', 'who rejects it (sent as the actor; default: --actor)')
    .action(
      action(
        run,
        async (
          ctx,
          instanceId: string,
          activationId: string,
          opts: Common & { reason: string; outcome?: string; person?: string },
        ) => {
          const c = b(ctx);
          const r = await c.call(
            c.execution,
            c.execution.rejectStep,
            {
              ...{},
              ...executionV1.RejectStepRequest.fromPartial({
                instanceId,
                activationId,
                reason: opts.reason,
                outcome: opts.outcome ?? '',
              }),
              ...common(opts),
            },
            opts.person ? { actor: opts.person } : {},
          );
          ctx.print(executionV1.RejectStepResponse.toJSON(r), () =>
            afterText('rejected', r, [`instance ${instanceState(r.instanceState)}`]),
          );
        },
      ),
    );

  stepCommand(step, 'fail', 'Record that a started step failed (FailStep)')
    .requiredOption('--reason <text>', 'what went wrong')
    .option('--error-code <code>', 'machine-readable error code of the failing system')
    .option('--person <personId>', 'who reports it (sent as the actor; default: --actor)')
    .action(
      action(
        run,
        async (
          ctx,
          instanceId: string,
          activationId: string,
          opts: Common & { reason: string; errorCode?: string; person?: string },
        ) => {
          const c = b(ctx);
          const r = await c.call(
            c.execution,
            c.execution.failStep,
            {
              ...{},
              ...executionV1.FailStepRequest.fromPartial({
                instanceId,
                activationId,
                reason: opts.reason,
                errorCode: opts.errorCode ?? '',
              }),
              ...common(opts),
            },
            opts.person ? { actor: opts.person } : {},
          );
          ctx.print(executionV1.FailStepResponse.toJSON(r), () =>
            afterText('failed', r, [`instance ${instanceState(r.instanceState)}`]),
          );
        },
      ),
    );
}
