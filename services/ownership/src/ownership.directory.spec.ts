import { commonV1, googleRpc, OWNERSHIP_EVENTS_TOPIC, ownershipV1, unpackAnyAs } from '@baton/contracts';
import { decodeMessage } from '@baton/event-wire';
import { statusDetailsOf } from '@baton/grpc-server';
import { status, type ServiceError } from '@grpc/grpc-js';
import { eventually, OwnershipHarness, T0 } from './testing/ownership-harness';

const DAY = 86_400_000;

function detailsOf(error: ServiceError) {
  const details = statusDetailsOf(error)?.details ?? [];
  const of = <T>(type: { $type: string } & Parameters<typeof unpackAnyAs<T>>[1]) =>
    details.filter((d) => d.typeUrl.endsWith(type.$type)).map((d) => unpackAnyAs(d, type));
  return {
    reason: of(googleRpc.ErrorInfo)[0]?.reason,
    violations: of(googleRpc.BadRequest)[0]?.fieldViolations.map((v) => v.field) ?? [],
    resource: of(googleRpc.ResourceInfo)[0],
  };
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('OwnershipService (directory over gRPC)', () => {
  let h: OwnershipHarness;
  beforeAll(async () => {
    h = await OwnershipHarness.start();
  });
  afterAll(() => h.stop());

  const register = (
    personId: string,
    displayName: string,
    extra: Partial<ownershipV1.RegisterPersonRequest> = {},
  ) =>
    h.call<ownershipV1.RegisterPersonRequest, ownershipV1.RegisterPersonResponse>(
      'registerPerson',
      ownershipV1.RegisterPersonRequest.fromPartial({
        personId,
        displayName,
        idempotencyKey: `reg-${personId}`,
        ...extra,
      }),
    );

  describe('when people and a team are registered', () => {
    beforeAll(async () => {
      await register('ada', 'Ada Lovelace', { email: 'ada@example.com' });
      await register('bob', 'Bob Builder');
      await register('cy', 'Cy Twombly');
      await h.call(
        'createTeam',
        ownershipV1.CreateTeamRequest.fromPartial({ teamId: 'it', name: 'IT', idempotencyKey: 'team-it' }),
      );
      for (const p of ['ada', 'bob']) {
        await h.call(
          'addMember',
          ownershipV1.AddMemberRequest.fromPartial({ teamId: 'it', personId: p, idempotencyKey: `add-${p}` }),
        );
      }
      await h.call(
        'grantRole',
        ownershipV1.GrantRoleRequest.fromPartial({
          personId: 'ada',
          grant: { role: 'it-lead' },
          idempotencyKey: 'role-ada',
        }),
      );
    });

    it('returns the person with teams, roles and availability', async () => {
      const { person } = await h.call<ownershipV1.GetPersonRequest, ownershipV1.GetPersonResponse>(
        'getPerson',
        { personId: 'ada' },
      );
      expect(person).toMatchObject({
        personId: 'ada',
        displayName: 'Ada Lovelace',
        email: 'ada@example.com',
        teamIds: ['it'],
        roles: [{ role: 'it-lead', teamId: '' }],
        availability: { status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE },
      });
    });

    it('answers a retried command with the same key without recording it again', async () => {
      const before = await h.runtime.store.streamVersion('directory');
      const again = await register('ada', 'Ada Lovelace', { email: 'ada@example.com' });
      expect(Number(again.streamVersion)).toBe(before);
      expect(again.person?.personId).toBe('ada');
    });

    it('refuses an idempotency key reused for a different request with INVALID_ARGUMENT', async () => {
      const error = await refusal(register('eve', 'Eve', { idempotencyKey: 'reg-ada' }));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(detailsOf(error)).toMatchObject({
        reason: 'IDEMPOTENCY_KEY.REUSED',
        violations: ['idempotency_key'],
      });
    });

    it('refuses a second registration of the same id with ALREADY_EXISTS', async () => {
      const error = await refusal(register('ada', 'Someone Else', { idempotencyKey: 'other-key' }));
      expect(error.code).toBe(status.ALREADY_EXISTS);
      expect(detailsOf(error).reason).toBe('PERSON.ALREADY_EXISTS');
    });

    it('refuses a stale expected_version with ABORTED and records nothing', async () => {
      const before = await h.runtime.store.streamVersion('directory');
      const error = await refusal(register('dora', 'Dora', { expectedVersion: '1' }));
      expect(error.code).toBe(status.ABORTED);
      expect(detailsOf(error).reason).toBe('WRONG_EXPECTED_VERSION');
      expect(await h.runtime.store.streamVersion('directory')).toBe(before);
    });

    it('appends at the expected version when it is current', async () => {
      const version = await h.runtime.store.streamVersion('directory');
      const response = await register('dora', 'Dora Maar', { expectedVersion: String(version) });
      expect(Number(response.streamVersion)).toBe(version + 1);
    });

    it('lists people by display name, filtered by team and role, in pages', async () => {
      const all = await h.call<ownershipV1.ListPeopleRequest, ownershipV1.ListPeopleResponse>(
        'listPeople',
        ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 2 }),
      );
      expect(all.people.map((p) => p.personId)).toEqual(['ada', 'bob']);
      const rest = await h.call<ownershipV1.ListPeopleRequest, ownershipV1.ListPeopleResponse>(
        'listPeople',
        ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 2, pageToken: all.nextPageToken }),
      );
      expect(rest.people.map((p) => p.personId)).toEqual(['cy', 'dora']);
      expect(rest.nextPageToken).toBe('');
      const team = await h.call<ownershipV1.ListPeopleRequest, ownershipV1.ListPeopleResponse>(
        'listPeople',
        ownershipV1.ListPeopleRequest.fromPartial({ teamId: 'it', role: 'it-lead' }),
      );
      expect(team.people.map((p) => p.personId)).toEqual(['ada']);
    });

    it('refuses a page token issued for other filters', async () => {
      const first = await h.call<ownershipV1.ListPeopleRequest, ownershipV1.ListPeopleResponse>(
        'listPeople',
        ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 1 }),
      );
      const error = await refusal(
        h.call(
          'listPeople',
          ownershipV1.ListPeopleRequest.fromPartial({
            pageSize: 1,
            teamId: 'it',
            pageToken: first.nextPageToken,
          }),
        ),
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(detailsOf(error).violations).toEqual(['page_token']);
    });

    it('shows an absence as AWAY until it ends, and lists by availability', async () => {
      await h.call(
        'setAvailability',
        ownershipV1.SetAvailabilityRequest.fromPartial({
          personId: 'bob',
          availability: {
            status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
            until: new Date(T0 + 3 * DAY),
            note: 'vacation',
          },
          idempotencyKey: 'bob-away',
        }),
      );
      const { person } = await h.call<ownershipV1.GetPersonRequest, ownershipV1.GetPersonResponse>(
        'getPerson',
        { personId: 'bob' },
      );
      expect(person?.availability).toMatchObject({
        status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
        until: new Date(T0 + 3 * DAY),
        note: 'vacation',
      });
      const away = await h.call<ownershipV1.ListPeopleRequest, ownershipV1.ListPeopleResponse>(
        'listPeople',
        ownershipV1.ListPeopleRequest.fromPartial({
          availability: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
        }),
      );
      expect(away.people.map((p) => p.personId)).toEqual(['bob']);
      h.clock.advance(3 * DAY);
      const later = await h.call<ownershipV1.GetPersonRequest, ownershipV1.GetPersonResponse>('getPerson', {
        personId: 'bob',
      });
      expect(later.person?.availability?.status).toBe(
        ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE,
      );
    });

    it('sets team policies and returns them with the team', async () => {
      await h.call(
        'setAssignmentPolicy',
        ownershipV1.SetAssignmentPolicyRequest.fromPartial({
          teamId: 'it',
          policy: { strategy: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED },
          idempotencyKey: 'it-policy',
        }),
      );
      await h.call(
        'setEscalationPolicy',
        ownershipV1.SetEscalationPolicyRequest.fromPartial({
          teamId: 'it',
          policy: {
            levels: [
              {
                after: { seconds: '3600', nanos: 0 },
                action: commonV1.EscalationAction.ESCALATION_ACTION_NOTIFY,
                target: { kind: commonV1.OwnerKind.OWNER_KIND_ROLE, role: 'it-lead' },
              },
            ],
          },
          idempotencyKey: 'it-escalation',
        }),
      );
      const { team } = await h.call<ownershipV1.GetTeamRequest, ownershipV1.GetTeamResponse>('getTeam', {
        teamId: 'it',
      });
      expect(team).toMatchObject({
        teamId: 'it',
        name: 'IT',
        memberPersonIds: ['ada', 'bob'],
        assignmentPolicy: { strategy: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED },
        escalationPolicy: {
          levels: [
            { after: { seconds: '3600' }, action: commonV1.EscalationAction.ESCALATION_ACTION_NOTIFY },
          ],
        },
      });
    });

    it('refuses direct assignment as a team policy with INVALID_ARGUMENT', async () => {
      const error = await refusal(
        h.call(
          'setAssignmentPolicy',
          ownershipV1.SetAssignmentPolicyRequest.fromPartial({
            teamId: 'it',
            policy: { strategy: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_DIRECT },
          }),
        ),
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(detailsOf(error).reason).toBe('POLICY.INVALID');
    });

    it('lists teams by name, filtered by member', async () => {
      await h.call('createTeam', ownershipV1.CreateTeamRequest.fromPartial({ teamId: 'arts', name: 'Arts' }));
      const all = await h.call<ownershipV1.ListTeamsRequest, ownershipV1.ListTeamsResponse>(
        'listTeams',
        ownershipV1.ListTeamsRequest.fromPartial({}),
      );
      expect(all.teams.map((t) => t.teamId)).toEqual(['arts', 'it']);
      const bobs = await h.call<ownershipV1.ListTeamsRequest, ownershipV1.ListTeamsResponse>(
        'listTeams',
        ownershipV1.ListTeamsRequest.fromPartial({ memberPersonId: 'bob' }),
      );
      expect(bobs.teams.map((t) => t.teamId)).toEqual(['it']);
    });

    it('removes a member and revokes a role', async () => {
      await h.call(
        'removeMember',
        ownershipV1.RemoveMemberRequest.fromPartial({ teamId: 'it', personId: 'bob', reason: 'moved' }),
      );
      const revoked = await h.call<ownershipV1.RevokeRoleRequest, ownershipV1.RevokeRoleResponse>(
        'revokeRole',
        ownershipV1.RevokeRoleRequest.fromPartial({
          personId: 'ada',
          grant: { role: 'it-lead' },
          reason: 'rotation',
        }),
      );
      expect(revoked.person?.roles).toEqual([]);
      const { team } = await h.call<ownershipV1.GetTeamRequest, ownershipV1.GetTeamResponse>('getTeam', {
        teamId: 'it',
      });
      expect(team?.memberPersonIds).toEqual(['ada']);
    });

    it('resolves who owns a team step: candidates, suggestion and chain', async () => {
      const response = await h.call<ownershipV1.WhoOwnsRequest, ownershipV1.WhoOwnsResponse>(
        'whoOwns',
        ownershipV1.WhoOwnsRequest.fromPartial({
          owner: { kind: commonV1.OwnerKind.OWNER_KIND_TEAM, teamId: 'it' },
        }),
      );
      expect(response.teamId).toBe('it');
      expect(response.candidates.map((p) => p.personId)).toEqual(['ada']);
      expect(response.suggestedPersonId).toBe('ada');
      expect(response.escalationChain).toHaveLength(1);
    });

    it('reports a person workload with no open work', async () => {
      const response = await h.call<ownershipV1.GetWorkloadRequest, ownershipV1.GetWorkloadResponse>(
        'getWorkload',
        { personId: 'ada', teamId: '' },
      );
      expect(response.people).toEqual([
        expect.objectContaining({ personId: 'ada', assignedCount: 0, startedCount: 0, overdueCount: 0 }),
      ]);
    });
  });

  it('relays the directory stream to the ownership events topic as protobuf envelopes', async () => {
    const seen: string[] = [];
    await h.runtime.bus.subscribe({
      topic: OWNERSHIP_EVENTS_TOPIC,
      groupId: 'test-ownership-topic',
      fromBeginning: true,
      handler: async (m) => {
        const event = decodeMessage(m);
        seen.push(`${event.streamId} ${event.type} ${(event.data as { personId?: string }).personId ?? ''}`);
      },
    });
    await register('relayed', 'Relayed Person');
    await eventually(() => expect(seen).toContain('directory PersonRegistered relayed'));
  });

  describe('refusals', () => {
    it('names every missing field of a request (INVALID_ARGUMENT + BadRequest)', async () => {
      const error = await refusal(
        h.call('registerPerson', ownershipV1.RegisterPersonRequest.fromPartial({})),
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(detailsOf(error).violations).toEqual(['person_id', 'display_name']);
    });

    it('refuses fields the directory cannot record rather than drop them', async () => {
      const error = await refusal(
        h.call(
          'createTeam',
          ownershipV1.CreateTeamRequest.fromPartial({ teamId: 'x', name: 'X', leadPersonId: 'ada' }),
        ),
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(detailsOf(error).violations).toEqual(['lead_person_id']);
    });

    it('answers NOT_FOUND with ResourceInfo for an unknown person or team', async () => {
      const person = await refusal(h.call('getPerson', { personId: 'nobody' }));
      expect(person.code).toBe(status.NOT_FOUND);
      expect(detailsOf(person)).toMatchObject({
        reason: 'PERSON.NOT_FOUND',
        resource: { resourceName: 'nobody' },
      });
      const team = await refusal(
        h.call('addMember', ownershipV1.AddMemberRequest.fromPartial({ teamId: 'ghosts', personId: 'ada' })),
      );
      expect(team.code).toBe(status.NOT_FOUND);
      expect(detailsOf(team).reason).toBe('TEAM.NOT_FOUND');
    });

    it('requires exactly one way of naming the work in WhoOwns and GetWorkload', async () => {
      const who = await refusal(h.call('whoOwns', ownershipV1.WhoOwnsRequest.fromPartial({})));
      expect(who.code).toBe(status.INVALID_ARGUMENT);
      const load = await refusal(h.call('getWorkload', { personId: 'ada', teamId: 'it' }));
      expect(load.code).toBe(status.INVALID_ARGUMENT);
    });

    it('answers NOT_FOUND for an activation ownership does not know', async () => {
      const error = await refusal(
        h.call('whoOwns', ownershipV1.WhoOwnsRequest.fromPartial({ instanceId: 'i-1', activationId: 'a#1' })),
      );
      expect(error.code).toBe(status.NOT_FOUND);
      expect(detailsOf(error).reason).toBe('ACTIVATION.NOT_FOUND');
    });
  });
});
