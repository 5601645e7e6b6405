import { commonV1, executionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { action, type CliRun } from '../context';
import { enumLabel, fields } from '../format';
import { jsonObjectOption } from '../input';

export function triggerCommands(program: Command, run: CliRun): void {
  const trigger = program.command('trigger').description('Publish trigger events, as internal systems do');

  trigger
    .command('publish')
    .description('Publish a trigger (PublishTrigger): starts instances or completes waiting steps')
    .argument('<type>', 'trigger type, e.g. hr.offer.signed or payments.payment.received')
    .requiredOption('--key <correlationKey>', 'correlation key value, e.g. the order id')
    .option('--payload <json>', 'payload: a JSON object, or @file.json')
    .option('--idempotency-key <key>', "the publisher's unique key (default: a new UUID)")
    .option('--source <system>', 'the publishing system', 'baton-cli')
    .action(
      action(
        run,
        async (
          ctx,
          type: string,
          opts: { key: string; payload?: string; idempotencyKey?: string; source: string },
        ) => {
          const payload = jsonObjectOption(opts.payload, '--payload') ?? {};
          const b = ctx.baton;
          const response = await b.call(
            b.execution,
            b.execution.publishTrigger,
            executionV1.PublishTriggerRequest.fromPartial({
              trigger: commonV1.TriggerEvent.fromPartial({
                type,
                correlationKey: opts.key,
                idempotencyKey: opts.idempotencyKey ?? randomUUID(),
                occurredAt: new Date(),
                payload,
                source: opts.source,
              }),
            }),
          );
          ctx.print(executionV1.PublishTriggerResponse.toJSON(response), () =>
            fields([
              [
                'disposition',
                enumLabel(executionV1.triggerDispositionToJSON(response.disposition), 'TRIGGER_DISPOSITION_'),
              ],
              ['started', response.startedInstanceIds.join(', ')],
              ['correlated', response.correlatedInstanceIds.join(', ')],
              ['rejection', response.rejectionReason],
            ]),
          );
        },
      ),
    );
}
