import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@baton/domain';
import { InstanceRepository } from '../instances/instance-repository';
import type { InstanceView } from '../instances/instance-view';

export class GetInstanceQuery {
  constructor(readonly instanceId: string) {}
}

/** Folds the instance's stream (through the command side's cache): always current. */
@QueryHandler(GetInstanceQuery)
export class GetInstanceHandler implements IQueryHandler<GetInstanceQuery, InstanceView> {
  constructor(@Inject(InstanceRepository) private readonly instances: InstanceRepository) {}

  async execute({ instanceId }: GetInstanceQuery): Promise<InstanceView> {
    const { view } = await this.instances.load(instanceId);
    if (!view) {
      throw new NotFoundError('INSTANCE.NOT_FOUND', `instance ${instanceId} does not exist`, {
        resourceType: 'baton.execution.v1.Instance',
        resourceName: instanceId,
      });
    }
    return view;
  }
}
