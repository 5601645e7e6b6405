import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CallContext } from '@baton/grpc-server';
import type { TriggerInput } from '../triggers/trigger-input';
import { TriggerProcessor, type TriggerOutcome } from '../triggers/trigger-processor';

export class PublishTriggerCommand {
  constructor(
    readonly trigger: TriggerInput,
    readonly context: CallContext,
  ) {}
}

@CommandHandler(PublishTriggerCommand)
export class PublishTriggerHandler implements ICommandHandler<PublishTriggerCommand, TriggerOutcome> {
  constructor(@Inject(TriggerProcessor) private readonly processor: TriggerProcessor) {}

  execute({ trigger, context }: PublishTriggerCommand): Promise<TriggerOutcome> {
    return this.processor.process(trigger, context);
  }
}
