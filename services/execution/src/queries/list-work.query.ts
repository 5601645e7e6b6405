import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@baton/service-kit';
import type { ActivationState, ActivationView, InstanceView } from '../instances/instance-view';
import { InstanceReadModel } from '../read-model/instance-read-model';
import { pageOf } from '@baton/grpc-server';

export interface WorkFilter {
  readonly personId?: string;
  readonly teamId?: string;
  readonly includeTeamQueues: boolean;
  readonly states: readonly ActivationState[];
  readonly overdueOnly: boolean;
  readonly definitionId?: string;
  /** Only this tenant's work; every tenant's when undefined. */
  readonly tenantId?: string;
}

export interface WorkItem {
  readonly view: InstanceView;
  readonly activation: ActivationView;
}

export class ListWorkQuery {
  constructor(
    readonly filter: WorkFilter,
    readonly pageSize: number,
    readonly pageToken: string,
  ) {}
}

const ownedByTeam = (a: ActivationView, teamId: string): boolean =>
  a.teamId === teamId || (a.owner?.kind === 'team' && a.owner.teamId === teamId);

/**
 * For a person: what is assigned to them (with team queues: also unassigned work owned by them
 * by name). For a team: its work, assigned or not. Earliest due first, no deadline last.
 */
@QueryHandler(ListWorkQuery)
export class ListWorkHandler implements IQueryHandler<ListWorkQuery> {
  constructor(
    @Inject(InstanceReadModel) private readonly readModel: InstanceReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: ListWorkQuery): Promise<{ items: WorkItem[]; nextPageToken: string }> {
    const f = q.filter;
    const now = this.clock.now();
    const items: WorkItem[] = [];
    for (const item of this.readModel.openWork(f.tenantId)) {
      const a = item.activation;
      const forPerson =
        f.personId !== undefined &&
        (a.assigneeId === f.personId ||
          (f.includeTeamQueues &&
            a.assigneeId === undefined &&
            a.owner?.kind === 'person' &&
            a.owner.personId === f.personId));
      const forTeam = f.teamId !== undefined && ownedByTeam(a, f.teamId);
      if (!forPerson && !forTeam) continue;
      if (f.states.length > 0 && !f.states.includes(a.state)) continue;
      if (f.overdueOnly && !(a.overdue || (a.dueAt !== undefined && a.dueAt < now))) continue;
      if (f.definitionId && item.view.definitionId !== f.definitionId) continue;
      items.push(item);
    }
    items.sort(
      (x, y) =>
        (x.activation.dueAt ?? Infinity) - (y.activation.dueAt ?? Infinity) ||
        x.activation.activatedAt - y.activation.activatedAt ||
        (x.view.instanceId < y.view.instanceId ? -1 : 1),
    );
    return pageOf(items, q.pageSize, q.pageToken, JSON.stringify(f));
  }
}
