import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isOpen, type InstanceView, type InstanceViewState } from '../instances/instance-view';
import { InstanceReadModel } from '../read-model/instance-read-model';
import { pageOf } from '@baton/grpc-server';

export interface InstanceFilter {
  readonly definitionId?: string;
  readonly definitionVersion?: number;
  readonly states: readonly InstanceViewState[];
  readonly businessKey?: string;
  readonly startedFrom?: number;
  readonly startedBefore?: number;
  readonly teamId?: string;
  readonly startedBy?: string;
  /** Only this tenant's instances; every tenant's when undefined (a platform admin's list). */
  readonly tenantId?: string;
}

export class ListInstancesQuery {
  constructor(
    readonly filter: InstanceFilter,
    readonly pageSize: number,
    readonly pageToken: string,
  ) {}
}

const matches = (f: InstanceFilter, v: InstanceView): boolean =>
  (!f.definitionId || v.definitionId === f.definitionId) &&
  (f.definitionVersion === undefined || v.definitionVersion === f.definitionVersion) &&
  (f.states.length === 0 || f.states.includes(v.state)) &&
  (!f.businessKey || v.businessKey === f.businessKey) &&
  (!f.startedBy || v.startedBy === f.startedBy) &&
  (f.startedFrom === undefined || v.startedAt >= f.startedFrom) &&
  (f.startedBefore === undefined || v.startedAt < f.startedBefore) &&
  (!f.teamId ||
    v.activations.some(
      (a) =>
        isOpen(a) && (a.teamId === f.teamId || (a.owner?.kind === 'team' && a.owner.teamId === f.teamId)),
    ));

/** Newest first (start time, then id: UUIDv7 ids order by creation). */
@QueryHandler(ListInstancesQuery)
export class ListInstancesHandler implements IQueryHandler<ListInstancesQuery> {
  constructor(@Inject(InstanceReadModel) private readonly readModel: InstanceReadModel) {}

  async execute(q: ListInstancesQuery): Promise<{ items: InstanceView[]; nextPageToken: string }> {
    const found = [...this.readModel.all(q.filter.tenantId)]
      .filter((v) => matches(q.filter, v))
      .sort(
        (a, b) =>
          b.startedAt - a.startedAt ||
          (a.instanceId < b.instanceId ? 1 : a.instanceId > b.instanceId ? -1 : 0),
      );
    return pageOf(found, q.pageSize, q.pageToken, JSON.stringify(q.filter));
  }
}
