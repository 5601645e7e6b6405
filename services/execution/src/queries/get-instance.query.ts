import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InstanceRepository } from '../instances/instance-repository';
import type { InstanceView } from '../instances/instance-view';
import { instanceNotFound } from '../instances/instance-not-found';

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
      throw instanceNotFound(instanceId);
    }
    return view;
  }
}
