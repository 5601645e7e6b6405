import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ownershipV1 } from '@baton/contracts';
import { CLOCK, type Clock } from '@baton/service-kit';
import { DirectoryRepository } from '../directory/directory.repository';
import { availabilityOf } from '../directory/directory.mapper';
import { WorkProjection } from '../work/work-projection';
import { personNotFound } from './people.queries';
import { teamNotFound } from './teams.queries';

/** Give `personId` or `teamId` (the controller checks which). */
export class GetWorkload {
  constructor(
    readonly tenantId: string,
    readonly request: ownershipV1.GetWorkloadRequest,
  ) {}
}

@QueryHandler(GetWorkload)
export class GetWorkloadHandler implements IQueryHandler<GetWorkload, ownershipV1.GetWorkloadResponse> {
  constructor(
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(WorkProjection) private readonly work: WorkProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tenantId, request }: GetWorkload): Promise<ownershipV1.GetWorkloadResponse> {
    const { state } = await this.directory.current(tenantId);
    const now = this.clock.now();
    let people: string[];
    if (request.personId) {
      if (!state.people.has(request.personId)) throw personNotFound(request.personId);
      people = [request.personId];
    } else {
      const team = state.teams.get(request.teamId);
      if (!team) throw teamNotFound(request.teamId);
      people = [...team.members].sort();
    }
    const byPerson = new Map(people.map((p) => [p, ownershipV1.PersonWorkload.fromPartial({ personId: p })]));
    let unassigned = 0;
    for (const a of this.work.tracker.open()) {
      if (a.tenantId !== tenantId) continue;
      if (a.assignee === undefined) {
        if (request.teamId && a.owner?.kind === 'team' && a.owner.teamId === request.teamId) unassigned++;
        continue;
      }
      const load = byPerson.get(a.assignee);
      if (!load) continue;
      if (a.started) load.startedCount++;
      else load.assignedCount++;
      if (a.overdueSince !== undefined || (a.dueAt !== undefined && now >= a.dueAt)) load.overdueCount++;
      const assignedAt = a.assignedAt ?? a.activatedAt;
      if (!load.oldestAssignedAt || assignedAt < load.oldestAssignedAt.getTime()) {
        load.oldestAssignedAt = new Date(assignedAt);
      }
    }
    for (const load of byPerson.values()) {
      const person = state.people.get(load.personId);
      if (person) load.availability = availabilityOf(person, now).status;
    }
    return { people: [...byPerson.values()], unassignedCount: unassigned };
  }
}
