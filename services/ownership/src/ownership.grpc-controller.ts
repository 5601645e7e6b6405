import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ownershipV1 } from '@baton/contracts';
import { access, type AssignmentPolicy, type directory } from '@baton/domain';
import { callerOf, RequestCheck, type CallContext } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { ChangeDirectory } from './commands/change-directory.command';
import type { DirectoryChange, DirectoryView } from './directory/directory.repository';
import { personOf, teamOf } from './directory/directory.mapper';
import { GetWorkload } from './queries/get-workload.query';
import { GetPerson, ListPeople } from './queries/people.queries';
import { GetTeam, ListTeams } from './queries/teams.queries';
import { WhoOwns } from './queries/who-owns.query';
import { availabilityChange, escalationChain, strategyChange } from './ownership.request-mapper';

type Req = ownershipV1.RegisterPersonRequest & {
  idempotencyKey: string;
  expectedVersion?: string | undefined;
};

/** Maps each OwnershipService RPC: request → checks → command or query → response. */
@Injectable()
export class OwnershipGrpcController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async registerPerson(
    r: ownershipV1.RegisterPersonRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.RegisterPersonResponse> {
    check('RegisterPersonRequest', (c) =>
      c
        .nonEmpty(r.personId, 'person_id')
        .nonEmpty(r.displayName, 'display_name')
        .maxLength(r.personId, 'person_id', 200)
        .require(
          r.externalId === '',
          'external_id',
          'external_id is not recorded by this directory yet',
          'UNSUPPORTED',
        ),
    );
    const change = {
      type: 'RegisterPerson',
      data: { personId: r.personId, name: r.displayName, ...(r.email ? { email: r.email } : {}) },
    } as const;
    const view = await this.change(change, r, ctx);
    return { person: this.person(view, r.personId), streamVersion: String(view.version) };
  }

  async createTeam(
    r: ownershipV1.CreateTeamRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.CreateTeamResponse> {
    check('CreateTeamRequest', (c) =>
      c
        .nonEmpty(r.teamId, 'team_id')
        .nonEmpty(r.name, 'name')
        .maxLength(r.teamId, 'team_id', 200)
        .require(
          r.description === '',
          'description',
          'description is not recorded by this directory yet',
          'UNSUPPORTED',
        )
        .require(
          r.leadPersonId === '',
          'lead_person_id',
          'team leads are not recorded yet; grant a role (e.g. `<team>-lead`) instead',
          'UNSUPPORTED',
        )
        .require(
          r.parentTeamId === '',
          'parent_team_id',
          'nested teams are not recorded by this directory yet',
          'UNSUPPORTED',
        ),
    );
    const view = await this.change({ type: 'CreateTeam', data: { teamId: r.teamId, name: r.name } }, r, ctx);
    return { team: this.team(view, r.teamId), streamVersion: String(view.version) };
  }

  async addMember(r: ownershipV1.AddMemberRequest, ctx: CallContext): Promise<ownershipV1.AddMemberResponse> {
    check('AddMemberRequest', (c) => c.nonEmpty(r.teamId, 'team_id').nonEmpty(r.personId, 'person_id'));
    const view = await this.change(
      { type: 'AddMember', data: { teamId: r.teamId, personId: r.personId } },
      r,
      ctx,
    );
    return { team: this.team(view, r.teamId), streamVersion: String(view.version) };
  }

  async removeMember(
    r: ownershipV1.RemoveMemberRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.RemoveMemberResponse> {
    check('RemoveMemberRequest', (c) => c.nonEmpty(r.teamId, 'team_id').nonEmpty(r.personId, 'person_id'));
    const view = await this.change(
      { type: 'RemoveMember', data: { teamId: r.teamId, personId: r.personId } },
      r,
      ctx,
    );
    return { team: this.team(view, r.teamId), streamVersion: String(view.version) };
  }

  async grantRole(r: ownershipV1.GrantRoleRequest, ctx: CallContext): Promise<ownershipV1.GrantRoleResponse> {
    check('GrantRoleRequest', (c) => roleChecks(c.nonEmpty(r.personId, 'person_id'), r.grant));
    const view = await this.change(
      { type: 'GrantRole', data: { personId: r.personId, role: r.grant?.role ?? '' } },
      r,
      ctx,
    );
    return { person: this.person(view, r.personId), streamVersion: String(view.version) };
  }

  async revokeRole(
    r: ownershipV1.RevokeRoleRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.RevokeRoleResponse> {
    check('RevokeRoleRequest', (c) => roleChecks(c.nonEmpty(r.personId, 'person_id'), r.grant));
    const view = await this.change(
      { type: 'RevokeRole', data: { personId: r.personId, role: r.grant?.role ?? '' } },
      r,
      ctx,
    );
    return { person: this.person(view, r.personId), streamVersion: String(view.version) };
  }

  async setAvailability(
    r: ownershipV1.SetAvailabilityRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.SetAvailabilityResponse> {
    const check = new RequestCheck().nonEmpty(r.personId, 'person_id');
    const data = availabilityChange(r, check);
    check.done('SetAvailabilityRequest');
    const caller = callerOf(ctx);
    if (caller) access.requireAvailabilityChange(caller, r.personId);
    const view = await this.change({ type: 'SetAvailability', data } as DirectoryChange, r, ctx);
    return { person: this.person(view, r.personId), streamVersion: String(view.version) };
  }

  async setAssignmentPolicy(
    r: ownershipV1.SetAssignmentPolicyRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.SetAssignmentPolicyResponse> {
    const check = new RequestCheck().nonEmpty(r.teamId, 'team_id');
    const policy = strategyChange(r.policy, check);
    check.done('SetAssignmentPolicyRequest');
    const view = await this.change(
      { type: 'SetAssignmentPolicy', data: { teamId: r.teamId, policy: policy as AssignmentPolicy } },
      r,
      ctx,
    );
    return { team: this.team(view, r.teamId), streamVersion: String(view.version) };
  }

  async setEscalationPolicy(
    r: ownershipV1.SetEscalationPolicyRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.SetEscalationPolicyResponse> {
    const check = new RequestCheck().nonEmpty(r.teamId, 'team_id');
    const chain = escalationChain(r.policy, check);
    check.done('SetEscalationPolicyRequest');
    const view = await this.change(
      { type: 'SetEscalationPolicy', data: { teamId: r.teamId, chain } },
      r,
      ctx,
    );
    return { team: this.team(view, r.teamId), streamVersion: String(view.version) };
  }

  async whoOwns(r: ownershipV1.WhoOwnsRequest, ctx: CallContext): Promise<ownershipV1.WhoOwnsResponse> {
    const ways = [
      r.owner !== undefined,
      r.definitionId !== '' || r.stepId !== '',
      r.instanceId !== '' || r.activationId !== '',
    ];
    check('WhoOwnsRequest', (c) => {
      c.require(
        ways.filter(Boolean).length === 1,
        'owner',
        'give exactly one of owner, definition_id with step_id, instance_id with activation_id',
        'ONE_OF',
      );
      if (ways[1]) c.nonEmpty(r.definitionId, 'definition_id').nonEmpty(r.stepId, 'step_id');
      if (ways[2]) c.nonEmpty(r.instanceId, 'instance_id').nonEmpty(r.activationId, 'activation_id');
      if (r.owner) c.require(r.owner.kind !== 0, 'owner.kind', 'owner.kind is required', 'REQUIRED');
      return c;
    });
    return this.queries.execute(new WhoOwns(ctx.tenantId, r));
  }

  async getWorkload(
    r: ownershipV1.GetWorkloadRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.GetWorkloadResponse> {
    check('GetWorkloadRequest', (c) =>
      c.require(
        (r.personId === '') !== (r.teamId === ''),
        'person_id',
        'give exactly one of person_id and team_id',
        'ONE_OF',
      ),
    );
    return this.queries.execute(new GetWorkload(ctx.tenantId, r));
  }

  async getPerson(r: ownershipV1.GetPersonRequest, ctx: CallContext): Promise<ownershipV1.GetPersonResponse> {
    check('GetPersonRequest', (c) => c.nonEmpty(r.personId, 'person_id'));
    return { person: await this.queries.execute(new GetPerson(ctx.tenantId, r.personId)) };
  }

  async listPeople(
    r: ownershipV1.ListPeopleRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.ListPeopleResponse> {
    return this.queries.execute(new ListPeople(ctx.tenantId, r));
  }

  async getTeam(r: ownershipV1.GetTeamRequest, ctx: CallContext): Promise<ownershipV1.GetTeamResponse> {
    check('GetTeamRequest', (c) => c.nonEmpty(r.teamId, 'team_id'));
    return { team: await this.queries.execute(new GetTeam(ctx.tenantId, r.teamId)) };
  }

  async listTeams(r: ownershipV1.ListTeamsRequest, ctx: CallContext): Promise<ownershipV1.ListTeamsResponse> {
    return this.queries.execute(new ListTeams(ctx.tenantId, r));
  }

  private change(
    change: DirectoryChange,
    r: Pick<Req, 'idempotencyKey' | 'expectedVersion'>,
    ctx: CallContext,
  ): Promise<DirectoryView> {
    const expected = r.expectedVersion === undefined ? undefined : Number(r.expectedVersion);
    return this.commands.execute(new ChangeDirectory(change, ctx, r.idempotencyKey || undefined, expected));
  }

  private person(view: DirectoryView, personId: string): ownershipV1.Person | undefined {
    const person = view.state.people.get(personId);
    return person && personOf(person, view.state, this.clock.now());
  }

  private team(view: DirectoryView, teamId: string): ownershipV1.Team | undefined {
    const team: directory.Team | undefined = view.state.teams.get(teamId);
    return team && teamOf(team);
  }
}

function check(what: string, rules: (c: RequestCheck) => RequestCheck): void {
  rules(new RequestCheck()).done(what);
}

function roleChecks(c: RequestCheck, grant: ownershipV1.RoleGrant | undefined): RequestCheck {
  return c
    .nonEmpty(grant?.role, 'grant.role')
    .require(
      !grant?.teamId,
      'grant.team_id',
      'team-scoped roles are not recorded yet; roles are organization-wide',
      'UNSUPPORTED',
    );
}
