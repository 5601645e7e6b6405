import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ownershipV1 } from '@baton/contracts';
import { directory, NotFoundError } from '@baton/domain';
import { CLOCK, type Clock } from '@baton/service-kit';
import { DirectoryRepository } from '../directory/directory.repository';
import { personOf } from '../directory/directory.mapper';
import { pageOf as page } from '@baton/grpc-server';

export class GetPerson {
  constructor(
    readonly tenantId: string,
    readonly personId: string,
  ) {}
}

export class ListPeople {
  constructor(
    readonly tenantId: string,
    readonly request: ownershipV1.ListPeopleRequest,
  ) {}
}

export function personNotFound(personId: string): NotFoundError {
  return new NotFoundError(
    directory.DirectoryErrorCode.personNotFound,
    `No person "${personId}" is registered.`,
    {
      resourceType: 'baton.ownership.v1.Person',
      resourceName: personId,
    },
  );
}

@QueryHandler(GetPerson)
export class GetPersonHandler implements IQueryHandler<GetPerson, ownershipV1.Person> {
  constructor(
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tenantId, personId }: GetPerson): Promise<ownershipV1.Person> {
    const { state } = await this.directory.current(tenantId);
    const person = state.people.get(personId);
    if (!person) throw personNotFound(personId);
    return personOf(person, state, this.clock.now());
  }
}

@QueryHandler(ListPeople)
export class ListPeopleHandler implements IQueryHandler<ListPeople, ownershipV1.ListPeopleResponse> {
  constructor(
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tenantId, request: r }: ListPeople): Promise<ownershipV1.ListPeopleResponse> {
    const { state } = await this.directory.current(tenantId);
    const now = this.clock.now();
    const team = r.teamId ? state.teams.get(r.teamId) : undefined;
    const people = [...state.people.values()]
      .filter((p) => !r.teamId || team?.members.has(p.personId))
      .filter((p) => !r.role || p.roles.has(r.role))
      .map((p) => personOf(p, state, now))
      .filter((p) => !r.availability || p.availability?.status === r.availability)
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || (a.personId < b.personId ? -1 : 1));
    const filters = JSON.stringify([r.teamId, r.role, r.availability]);
    const { items, nextPageToken } = page(people, r.pageSize, r.pageToken, filters);
    return { people: items, nextPageToken };
  }
}
