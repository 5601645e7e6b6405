import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CallContext } from '@baton/grpc-server';
import { InstanceStarter, type StartRequest, type StartResult } from '../instances/instance-starter';

export class StartInstanceCommand {
  constructor(
    readonly request: StartRequest,
    readonly context: CallContext,
  ) {}
}

@CommandHandler(StartInstanceCommand)
export class StartInstanceHandler implements ICommandHandler<StartInstanceCommand, StartResult> {
  constructor(@Inject(InstanceStarter) private readonly starter: InstanceStarter) {}

  execute({ request, context }: StartInstanceCommand): Promise<StartResult> {
    return this.starter.start(request, context);
  }
}
