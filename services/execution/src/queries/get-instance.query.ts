import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CallContext } from '@baton/grpc-server';
import { actsInTenant, InstanceRepository } from '../instances/instance-repository';
import type { InstanceView } from '../instances/instance-view';
import { instanceNotFound } from '../instances/instance-not-found';

export class GetInstanceQuery {
  constructor(
    readonly instanceId: string,
    /** The caller: another tenant's instance is NOT_FOUND, as a missing one. */
    readonly context: CallContext,
  ) {}
}

/** Folds the instance's stream (through the command side's cache): always current. */
@QueryHandler(GetInstanceQuery)
export class GetInstanceHandler implements IQueryHandler<GetInstanceQuery, InstanceView> {
  constructor(@Inject(InstanceRepository) private readonly instances: InstanceRepository) {}

  async execute({ instanceId, context }: GetInstanceQuery): Promise<InstanceView> {
    const { view } = await this.instances.load(instanceId);
    if (!view || !actsInTenant(context, view.tenantId)) {
      throw instanceNotFound(instanceId);
    }
    return view;
  }
}
