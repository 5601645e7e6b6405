import type { INestApplicationContext } from '@nestjs/common';
import { commonV1, ownershipV1 } from '@baton/contracts';
import { ConflictError } from '@baton/domain';
import type { CallContext } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { OwnershipGrpcController } from '../ownership.grpc-controller';
import { seedCalendars } from './seed-calendars';
import { SEED_PEOPLE, SEED_TEAMS } from './seed-data';

const DAY = 86_400_000;
const context: CallContext = { tenantId: 'default', actor: 'system:seed' };

/**
 * Registers the demo directory: the people, teams, roles and policies that the five reference
 * processes in examples/ name. Idempotent: every command carries a `seed:` key, and a person or
 * team that exists already (registered by hand) is left as it is.
 */
export async function seedDirectory(
  app: INestApplicationContext,
): Promise<{ people: number; teams: number }> {
  const api = app.get(OwnershipGrpcController);
  const now = app.get<Clock>(CLOCK).now();
  const run = async (call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  };
  for (const p of SEED_PEOPLE) {
    await run(() =>
      api.registerPerson(
        ownershipV1.RegisterPersonRequest.fromPartial({
          personId: p.id,
          displayName: p.name,
          email: `${p.id}@example.com`,
          idempotencyKey: `seed:person:${p.id}`,
        }),
        context,
      ),
    );
    for (const role of p.roles ?? []) {
      await run(() =>
        api.grantRole(
          ownershipV1.GrantRoleRequest.fromPartial({
            personId: p.id,
            grant: { role },
            idempotencyKey: `seed:role:${p.id}:${role}`,
          }),
          context,
        ),
      );
    }
  }
  for (const t of SEED_TEAMS) {
    await run(() =>
      api.createTeam(
        ownershipV1.CreateTeamRequest.fromPartial({
          teamId: t.id,
          name: t.name,
          idempotencyKey: `seed:team:${t.id}`,
        }),
        context,
      ),
    );
    for (const personId of t.members) {
      await run(() =>
        api.addMember(
          ownershipV1.AddMemberRequest.fromPartial({
            teamId: t.id,
            personId,
            idempotencyKey: `seed:member:${t.id}:${personId}`,
          }),
          context,
        ),
      );
    }
    await run(() =>
      api.setAssignmentPolicy(
        ownershipV1.SetAssignmentPolicyRequest.fromPartial({
          teamId: t.id,
          policy: { strategy: t.strategy, skipUnavailable: true },
          idempotencyKey: `seed:policy:${t.id}`,
        }),
        context,
      ),
    );
    if (t.escalateTo) {
      await run(() =>
        api.setEscalationPolicy(
          ownershipV1.SetEscalationPolicyRequest.fromPartial({
            teamId: t.id,
            policy: {
              levels: [
                {
                  after: { seconds: '0', nanos: 0 },
                  action: commonV1.EscalationAction.ESCALATION_ACTION_NOTIFY,
                  target: { kind: commonV1.OwnerKind.OWNER_KIND_ROLE, role: t.escalateTo },
                },
              ],
            },
            idempotencyKey: `seed:escalation:${t.id}`,
          }),
          context,
        ),
      );
    }
  }
  // One person on leave, so availability shows in the demo (assignment skips her).
  await run(() =>
    api.setAvailability(
      ownershipV1.SetAvailabilityRequest.fromPartial({
        personId: 'priya.patel',
        availability: {
          status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
          until: new Date(now + 14 * DAY),
          note: 'parental leave',
        },
        idempotencyKey: 'seed:availability:priya.patel',
      }),
      context,
    ),
  );
  await seedCalendars(app, context);
  return { people: SEED_PEOPLE.length, teams: SEED_TEAMS.length };
}
