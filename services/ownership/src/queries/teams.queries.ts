import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ownershipV1 } from '@baton/contracts';
import { directory, NotFoundError } from '@baton/domain';
import { DirectoryRepository } from '../directory/directory.repository';
import { teamOf } from '../directory/directory.mapper';
import { pageOf as page } from '@baton/grpc-server';

export class GetTeam {
  constructor(
    readonly tenantId: string,
    readonly teamId: string,
  ) {}
}

export class ListTeams {
  constructor(
    readonly tenantId: string,
    readonly request: ownershipV1.ListTeamsRequest,
  ) {}
}

export function teamNotFound(teamId: string): NotFoundError {
  return new NotFoundError(directory.DirectoryErrorCode.teamNotFound, `No team "${teamId}" exists.`, {
    resourceType: 'baton.ownership.v1.Team',
    resourceName: teamId,
  });
}

@QueryHandler(GetTeam)
export class GetTeamHandler implements IQueryHandler<GetTeam, ownershipV1.Team> {
  constructor(@Inject(DirectoryRepository) private readonly directory: DirectoryRepository) {}

  async execute({ tenantId, teamId }: GetTeam): Promise<ownershipV1.Team> {
    const team = (await this.directory.current(tenantId)).state.teams.get(teamId);
    if (!team) throw teamNotFound(teamId);
    return teamOf(team);
  }
}

@QueryHandler(ListTeams)
export class ListTeamsHandler implements IQueryHandler<ListTeams, ownershipV1.ListTeamsResponse> {
  constructor(@Inject(DirectoryRepository) private readonly directory: DirectoryRepository) {}

  async execute({ tenantId, request: r }: ListTeams): Promise<ownershipV1.ListTeamsResponse> {
    const { state } = await this.directory.current(tenantId);
    // The directory records no team hierarchy yet: every team is top-level.
    const teams = [...state.teams.values()]
      .filter(() => !r.parentTeamId)
      .filter((t) => !r.memberPersonId || t.members.has(r.memberPersonId))
      .map(teamOf)
      .sort((a, b) => a.name.localeCompare(b.name) || (a.teamId < b.teamId ? -1 : 1));
    const filters = JSON.stringify([r.parentTeamId, r.memberPersonId]);
    const { items, nextPageToken } = page(teams, r.pageSize, r.pageToken, filters);
    return { teams: items, nextPageToken };
  }
}
