import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { instance } from '@baton/domain';
import type { CallContext } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { InstanceRepository, type Executed } from '../instances/instance-repository';

type WithoutMetadata<C> = C extends instance.InstanceCommand ? Omit<C, 'metadata'> : never;

/** A command on a running instance (everything but StartInstance), before time is stamped on it. */
export type InstanceCommandInput = WithoutMetadata<Exclude<instance.InstanceCommand, instance.StartInstance>>;

/** Runs one lifecycle command on an instance: load, decide, append (see InstanceRepository). */
export class InstanceStepCommand {
  constructor(
    readonly instanceId: string,
    readonly command: InstanceCommandInput,
    readonly context: CallContext,
    readonly idempotencyKey?: string,
    readonly expectedVersion?: number,
  ) {}
}

@CommandHandler(InstanceStepCommand)
export class InstanceStepHandler implements ICommandHandler<InstanceStepCommand, Executed> {
  constructor(
    @Inject(InstanceRepository) private readonly instances: InstanceRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: InstanceStepCommand): Promise<Executed> {
    const metadata: instance.CommandMetadata = {
      now: this.clock.now(),
      actor: c.context.actor,
      ...(c.idempotencyKey ? { idempotencyKey: c.idempotencyKey } : {}),
    };
    return this.instances.execute(
      c.instanceId,
      { ...{}, ...c.command, metadata } as instance.InstanceCommand,
      c.context,
      c.expectedVersion,
    );
  }
}
