import fc from 'fast-check';
import type { Step } from '../definition/model';
import type { OpenActivation } from '../instance/state';
import type { Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { ROLES, type Role } from './roles';
import { requireStepAccess, stepResourceOf, type StepResource } from './step-access';

const who = (roles: Role[], teams: string[] = [], subject = 'ann'): Caller => ({ subject, roles, teams });
const humanStep = (over: Partial<StepResource> = {}): StepResource => ({ stepKind: 'human-task', ...over });

const refusal = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    if (!(error instanceof PermissionDeniedError)) throw error;
    return `${error.permission}: ${error.reason ?? ''}`;
  }
};

describe('Step access', () => {
  describe('when a worker works a step', () => {
    it('lets them work the steps assigned to them', () => {
      expect(
        refusal(() => requireStepAccess(who(['worker']), 'CompleteStep', humanStep({ assigneeId: 'ann' }))),
      ).toBeUndefined();
    });

    it("refuses someone else's step, naming step.work", () => {
      expect(
        refusal(() => requireStepAccess(who(['worker']), 'CompleteStep', humanStep({ assigneeId: 'bob' }))),
      ).toBe('step.work: the step is assigned to someone else');
    });

    it("lets them claim an unassigned step of their team, not another team's", () => {
      const step = humanStep({ teamId: 'billing', owner: { kind: 'team', teamId: 'billing' } });
      expect(
        refusal(() => requireStepAccess(who(['worker'], ['billing']), 'StartStep', step)),
      ).toBeUndefined();
      expect(refusal(() => requireStepAccess(who(['worker'], ['sales']), 'StartStep', step))).toBe(
        "step.work: the step is claimable by its owning team's members only",
      );
    });

    it('lets them claim a step they own by name, or one with no owner', () => {
      const mine = humanStep({ owner: { kind: 'person', personId: 'ann' } });
      expect(refusal(() => requireStepAccess(who(['worker']), 'StartStep', mine))).toBeUndefined();
      expect(refusal(() => requireStepAccess(who(['worker']), 'StartStep', humanStep()))).toBeUndefined();
    });

    it('leaves role- and data-owned steps to assignment', () => {
      const byRole = humanStep({ owner: { kind: 'role', role: 'approver' } });
      expect(refusal(() => requireStepAccess(who(['worker']), 'StartStep', byRole))).toBe(
        'step.work: the step waits to be assigned to its owner',
      );
    });
  });

  describe('when a system runs an automated step', () => {
    const automated: StepResource = { stepKind: 'automated' };
    it('lets an integrator run it unassigned, but not a worker', () => {
      expect(
        refusal(() => requireStepAccess(who(['integrator']), 'CompleteStep', automated)),
      ).toBeUndefined();
      expect(refusal(() => requireStepAccess(who(['worker']), 'CompleteStep', automated))).toBe(
        'step.work: automated steps are run by integrators',
      );
    });

    it('does not let an integrator claim a human step', () => {
      expect(refusal(() => requireStepAccess(who(['integrator']), 'StartStep', humanStep()))).toBe(
        'step.work: only people claim unassigned steps',
      );
    });
  });

  describe('when a team lead reassigns or escalates', () => {
    it('allows it within their teams only', () => {
      for (const command of ['ReassignStep', 'EscalateStep', 'AssignStep'] as const) {
        const step = humanStep({ assigneeId: 'bob', teamId: 'billing' });
        expect(
          refusal(() => requireStepAccess(who(['team-lead'], ['billing']), command, step)),
        ).toBeUndefined();
        expect(refusal(() => requireStepAccess(who(['team-lead'], ['sales']), command, step))).toMatch(
          /team leads act on the steps of their own teams only$/,
        );
      }
    });

    it('lets them send a step only to a member of the team it lands in', () => {
      const lead = who(['team-lead'], ['billing', 'ops'], 'dana');
      const step = humanStep({ assigneeId: 'bob', teamId: 'billing' });
      const to = (personId: string, personTeams: string[], teamId?: string) => ({
        personId,
        personTeams,
        ...(teamId ? { teamId } : {}),
      });
      for (const command of ['ReassignStep', 'AssignStep', 'EscalateStep'] as const) {
        expect(refusal(() => requireStepAccess(lead, command, step, to('ann', ['billing'])))).toBeUndefined();
        expect(refusal(() => requireStepAccess(lead, command, step, to('cy', ['sales'])))).toMatch(
          /: the new assignee must be a member of team billing$/,
        );
      }
      // Within another team the lead leads, to one of its members.
      expect(
        refusal(() => requireStepAccess(lead, 'AssignStep', step, to('oz', ['ops'], 'ops'))),
      ).toBeUndefined();
      expect(refusal(() => requireStepAccess(lead, 'AssignStep', step, to('oz', ['ops'], 'sales')))).toBe(
        'step.assign: team leads assign within their own teams only',
      );
      expect(refusal(() => requireStepAccess(lead, 'AssignStep', step, to('ann', ['billing'], 'ops')))).toBe(
        'step.assign: the new assignee must be a member of team ops',
      );
      // The lead's own teams are the token's, whatever the directory lists.
      expect(refusal(() => requireStepAccess(lead, 'ReassignStep', step, to('dana', [])))).toBeUndefined();
    });

    it('checks the step before the target, and never the target of a service or an admin', () => {
      const elsewhere = humanStep({ assigneeId: 'bob', teamId: 'sales' });
      const outsider = { personId: 'cy', personTeams: ['sales'] };
      expect(
        refusal(() =>
          requireStepAccess(who(['team-lead'], ['billing']), 'ReassignStep', elsewhere, outsider),
        ),
      ).toMatch(/team leads act on the steps of their own teams only$/);
      const stranger = { personId: 'zed', personTeams: [] };
      for (const role of ['service', 'admin'] as const) {
        expect(
          refusal(() => requireStepAccess(who([role]), 'AssignStep', elsewhere, stranger)),
        ).toBeUndefined();
      }
    });

    it("lets Baton's own services assign and escalate anywhere", () => {
      expect(refusal(() => requireStepAccess(who(['service']), 'AssignStep', humanStep()))).toBeUndefined();
      expect(refusal(() => requireStepAccess(who(['service']), 'EscalateStep', humanStep()))).toBeUndefined();
    });
  });

  it('lets admins act on every step, whatever it is', () => {
    const steps = fc.record({
      stepKind: fc.constantFrom('human-task', 'approval', 'automated', 'wait-for-event', 'timer' as const),
      assigneeId: fc.option(fc.string(), { nil: undefined }),
      teamId: fc.option(fc.string(), { nil: undefined }),
    });
    const commands = fc.constantFrom(
      'StartStep',
      'CompleteStep',
      'FailStep',
      'RejectStep',
      'AssignStep',
      'ReassignStep',
      'EscalateStep',
      'MarkStepOverdue',
    ) as fc.Arbitrary<'StartStep'>;
    fc.assert(
      fc.property(
        fc.constantFrom<Role>('admin', 'platform-admin'),
        commands,
        steps,
        (role, command, step) => {
          const resource = JSON.parse(JSON.stringify(step)) as StepResource;
          expect(refusal(() => requireStepAccess(who([role]), command, resource))).toBeUndefined();
        },
      ),
    );
  });

  it('lets a person work a step assigned to them whatever else they hold, and never one held by another', () => {
    fc.assert(
      fc.property(
        fc.subarray(ROLES.filter((r) => r !== 'admin' && r !== 'platform-admin')),
        fc.array(fc.constantFrom('billing', 'sales')),
        fc.constantFrom('ann', 'bob'),
        (roles, teams, assigneeId) => {
          const result = refusal(() =>
            requireStepAccess(
              who(roles, teams),
              'CompleteStep',
              humanStep({ assigneeId, teamId: 'billing' }),
            ),
          );
          expect(result === undefined).toBe(assigneeId === 'ann');
        },
      ),
    );
  });

  it('takes the assignee and the team from the activation, the owner from the step', () => {
    const step = {
      id: 's',
      name: 's',
      kind: 'human-task',
      policy: 'direct',
      escalations: [],
      outputs: [],
      owner: { kind: 'team', teamId: 'billing' },
    } as Step;
    const base = {
      activationId: 's#1',
      stepId: 's',
      stepKind: 'human-task',
      attempt: 1,
      activatedAt: 0,
      handedOffFrom: [],
      escalationLevel: 0,
    } as const;
    expect(stepResourceOf({ ...base, status: 'activated' } as OpenActivation, step)).toEqual({
      stepKind: 'human-task',
      teamId: 'billing',
      owner: { kind: 'team', teamId: 'billing' },
    });
    expect(
      stepResourceOf(
        { ...base, status: 'assigned', assigneeId: 'bob', teamId: 'ops' } as OpenActivation,
        step,
      ),
    ).toEqual({
      stepKind: 'human-task',
      assigneeId: 'bob',
      teamId: 'ops',
      owner: { kind: 'team', teamId: 'billing' },
    });
  });
});
