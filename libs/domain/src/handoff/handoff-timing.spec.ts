import { instanceTimings } from './instance-timings';
import {
  activated,
  assigned,
  completed,
  failed,
  from,
  fromStart,
  instanceCancelled,
  instanceCompleted,
  instanceStarted,
  MIN,
  reassigned,
  started,
  team,
} from './test-support/instance-events';

describe('Handoff timings', () => {
  describe('a linear flow across two teams (order-to-cash)', () => {
    const events = [
      instanceStarted(0),
      activated('confirm-terms#1', 0, [fromStart(0)], { owner: team('sales') }),
      assigned('confirm-terms#1', 5 * MIN, 'ana', 'sales'),
      started('confirm-terms#1', 15 * MIN),
      completed('confirm-terms#1', 60 * MIN),
      activated('setup-billing#1', 62 * MIN, [from('confirm-terms#1', 60 * MIN, 'terms-to-billing')], {
        owner: team('finance'),
      }),
      assigned('setup-billing#1', 90 * MIN, 'fin', 'finance'),
      started('setup-billing#1', 150 * MIN),
      completed('setup-billing#1', 200 * MIN),
      instanceCompleted(200 * MIN),
    ];

    it('splits each handoff into routing, assignment and pickup', () => {
      expect(instanceTimings(events).handoffs).toEqual([
        {
          handoffId: 'h-start',
          fromStepId: 'start',
          toStepId: 'confirm-terms',
          toActivationId: 'confirm-terms#1',
          toTeamId: 'sales',
          crossTeam: false,
          critical: true,
          open: false,
          completedAt: 0,
          activatedAt: 0,
          assignedAt: 5 * MIN,
          startedAt: 15 * MIN,
          startedWithoutAssignment: false,
          startInferred: false,
          routingMs: 0,
          assignmentMs: 5 * MIN,
          pickupMs: 10 * MIN,
          totalMs: 15 * MIN,
        },
        {
          handoffId: 'terms-to-billing',
          fromStepId: 'confirm-terms',
          fromActivationId: 'confirm-terms#1',
          fromTeamId: 'sales',
          toStepId: 'setup-billing',
          toActivationId: 'setup-billing#1',
          toTeamId: 'finance',
          crossTeam: true,
          critical: true,
          open: false,
          completedAt: 60 * MIN,
          activatedAt: 62 * MIN,
          assignedAt: 90 * MIN,
          startedAt: 150 * MIN,
          startedWithoutAssignment: false,
          startInferred: false,
          routingMs: 2 * MIN,
          assignmentMs: 28 * MIN,
          pickupMs: 60 * MIN,
          totalMs: 90 * MIN,
        },
      ]);
    });

    it('times each activation and the instance end to end', () => {
      const timings = instanceTimings(events);
      expect(timings.instanceId).toBe('inst-1');
      expect(timings.activations[1]).toEqual({
        activationId: 'setup-billing#1',
        stepId: 'setup-billing',
        attempt: 1,
        teamId: 'finance',
        status: 'completed',
        activatedAt: 62 * MIN,
        assignedAt: 90 * MIN,
        assigneeId: 'fin',
        startedAt: 150 * MIN,
        startInferred: false,
        endedAt: 200 * MIN,
        waitedForOwnerMs: 28 * MIN,
        pickupMs: 88 * MIN,
        workMs: 50 * MIN,
        overdue: false,
        slaBreached: false,
        reassignments: 0,
        escalationLevel: 0,
      });
      expect(timings.endToEnd).toEqual({
        status: 'completed',
        startedAt: 0,
        endedAt: 200 * MIN,
        durationMs: 200 * MIN,
      });
    });
  });

  describe('a parallel split and join (onboarding)', () => {
    const events = [
      instanceStarted(0),
      activated('provision-it#1', 0, [fromStart(0, 'signed-to-it')], { owner: team('it') }),
      activated('paperwork#1', 0, [fromStart(0, 'signed-to-hr')], { owner: team('hr') }),
      activated('assign-buddy#1', 0, [fromStart(0, 'signed-to-buddy')], {
        owner: { kind: 'data-field', field: 'managerId' },
      }),
      started('paperwork#1', 10),
      completed('paperwork#1', 100),
      assigned('assign-buddy#1', 20, 'max', 'eng'),
      started('assign-buddy#1', 30),
      completed('assign-buddy#1', 200),
      started('provision-it#1', 50),
      completed('provision-it#1', 300),
      activated(
        'day-one#1',
        310,
        [from('paperwork#1', 100), from('assign-buddy#1', 200), from('provision-it#1', 300)],
        {
          owner: team('hr'),
        },
      ),
      started('day-one#1', 400),
    ];

    it('records one edge per arrival and marks the last arrival critical', () => {
      const join = instanceTimings(events).handoffs.filter((h) => h.toStepId === 'day-one');
      expect(
        join.map((h) => [
          h.fromStepId,
          h.fromTeamId,
          h.crossTeam,
          h.critical,
          h.routingMs,
          h.open ? null : h.totalMs,
        ]),
      ).toEqual([
        ['paperwork', 'hr', false, false, 210, 300],
        ['assign-buddy', 'eng', true, false, 110, 200],
        ['provision-it', 'it', true, true, 10, 100],
      ]);
    });

    it('breaks a tie between the latest arrivals by the one recorded last', () => {
      const tie = [
        instanceStarted(0),
        ...['a#1', 'b#1', 'c#1'].map((id) => activated(id, 0, [fromStart(0)])),
        completed('a#1', 50),
        completed('c#1', 10),
        completed('b#1', 50),
        activated('day-one#1', 60, [from('a#1', 50), from('c#1', 10), from('b#1', 50)]),
      ];
      expect(instanceTimings(tie).handoffs.filter((h) => h.critical && h.toStepId === 'day-one')).toEqual([
        expect.objectContaining({ fromStepId: 'b' }),
      ]);
    });

    it('gives every activation in the split its own start edge', () => {
      const fromStartEdges = instanceTimings(events).handoffs.filter((h) => h.fromStepId === 'start');
      expect(fromStartEdges.map((h) => [h.handoffId, h.critical, h.open ? null : h.pickupMs])).toEqual([
        ['signed-to-it', true, 50],
        ['signed-to-hr', true, 10],
        ['signed-to-buddy', true, 10],
      ]);
    });
  });

  describe('a rework loop (legal rejects, procurement reworks)', () => {
    const events = [
      instanceStarted(0),
      activated('collect-docs#1', 0, [fromStart(0)], { owner: team('procurement') }),
      started('collect-docs#1', 1),
      completed('collect-docs#1', 10),
      activated('legal-review#1', 12, [from('collect-docs#1', 10, 'docs-to-legal')], {
        owner: team('legal'),
      }),
      started('legal-review#1', 20),
      failed('legal-review#1', 30),
      activated('collect-docs#2', 31, [from('legal-review#1', 30, 'legal-rework')], {
        owner: team('procurement'),
      }),
      started('collect-docs#2', 40),
      completed('collect-docs#2', 50),
      activated('legal-review#2', 50, [from('collect-docs#2', 50, 'docs-to-legal')], {
        owner: team('legal'),
      }),
      started('legal-review#2', 55),
    ];

    it('times the rework edge from the rejection, and each attempt separately', () => {
      const { handoffs, activations } = instanceTimings(events);
      expect(
        handoffs.map((h) => [h.handoffId, h.fromActivationId, h.toActivationId, h.open ? null : h.totalMs]),
      ).toEqual([
        ['h-start', undefined, 'collect-docs#1', 1],
        ['docs-to-legal', 'collect-docs#1', 'legal-review#1', 10],
        ['legal-rework', 'legal-review#1', 'collect-docs#2', 10],
        ['docs-to-legal', 'collect-docs#2', 'legal-review#2', 5],
      ]);
      expect(activations.map((a) => [a.activationId, a.attempt, a.status, a.workMs])).toEqual([
        ['collect-docs#1', 1, 'completed', 9],
        ['legal-review#1', 1, 'failed', 10],
        ['collect-docs#2', 2, 'completed', 10],
        ['legal-review#2', 2, 'started', undefined],
      ]);
    });
  });

  describe('reassignment', () => {
    const events = [
      instanceStarted(0),
      activated('reconcile#1', 100, [fromStart(0)], { owner: team('revops') }),
      assigned('reconcile#1', 110, 'ana', 'revops'),
      assigned('reconcile#1', 120, 'bo', 'revops'),
      reassigned('reconcile#1', 130, 'cy'),
      started('reconcile#1', 145),
      assigned('reconcile#1', 150, 'dee', 'other'),
      reassigned('reconcile#1', 160, 'eve'),
    ];

    it('uses the first assignment: the time lost to reassigning counts as pickup', () => {
      const [handoff] = instanceTimings(events).handoffs;
      expect(handoff).toMatchObject({ routingMs: 100, assignmentMs: 10, pickupMs: 35, totalMs: 145 });
      expect(instanceTimings(events).activations[0]).toMatchObject({
        assigneeId: 'ana',
        reassignments: 2,
        waitedForOwnerMs: 10,
      });
    });
  });

  describe('team attribution', () => {
    const flow = (owner?: { kind: 'role'; role: string }, teamId?: string) => [
      instanceStarted(0),
      activated('a#1', 0, [fromStart(0)], { owner: team('sales') }),
      started('a#1', 1),
      completed('a#1', 2),
      activated('b#1', 3, [from('a#1', 2)], owner ? { owner } : {}),
      assigned('b#1', 4, 'ana', teamId),
      started('b#1', 5),
    ];
    const approver = { kind: 'role', role: 'approver' } as const;

    it("takes the assignee's team when the owner is not a team", () => {
      const edge = instanceTimings(flow(approver, 'finance')).handoffs[1];
      expect(edge).toMatchObject({ fromTeamId: 'sales', toTeamId: 'finance', crossTeam: true });
    });

    it('falls back to the caller lookup, and never calls an unknown team a crossing', () => {
      const lookup = (stepId: string) => (stepId === 'b' ? 'sales' : undefined);
      expect(instanceTimings(flow(approver), { teamOfStep: lookup }).handoffs[1]).toMatchObject({
        toTeamId: 'sales',
        crossTeam: false,
      });
      const unknown = instanceTimings(flow(approver)).handoffs[1];
      expect(unknown).toMatchObject({ fromTeamId: 'sales', crossTeam: false });
      expect(unknown).not.toHaveProperty('toTeamId');
    });

    it('takes the team from an assignment made after the start, which does not split the handoff', () => {
      const events = [...flow(approver).slice(0, 5), started('b#1', 5), assigned('b#1', 6, 'ana', 'finance')];
      expect(instanceTimings(events).handoffs[1]).toMatchObject({
        toTeamId: 'finance',
        startedWithoutAssignment: true,
        assignmentMs: 0,
        pickupMs: 2,
      });
    });

    it('uses the lookup for an upstream step whose activation is not in the events', () => {
      const partial = [activated('b#1', 3, [from('a#1', 2)]), started('b#1', 5)];
      const edge = instanceTimings(partial, { teamOfStep: (s) => (s === 'a' ? 'sales' : 'ops') }).handoffs[0];
      expect(edge).toMatchObject({ fromTeamId: 'sales', toTeamId: 'ops', crossTeam: true, totalMs: 3 });
    });
  });

  describe('open handoffs', () => {
    const base = [
      instanceStarted(0),
      activated('a#1', 0, [fromStart(0)]),
      started('a#1', 5),
      completed('a#1', 10),
    ];

    it('carries only the parts that happened while B waits for an owner', () => {
      const edge = instanceTimings([...base, activated('b#1', 12, [from('a#1', 10)])]).handoffs[1];
      expect(edge).toEqual({
        handoffId: 'h-a#1',
        fromStepId: 'a',
        fromActivationId: 'a#1',
        toStepId: 'b',
        toActivationId: 'b#1',
        crossTeam: false,
        critical: true,
        open: true,
        completedAt: 10,
        activatedAt: 12,
        routingMs: 2,
      });
    });

    it('adds the assignment once B is assigned, and says when B was cancelled', () => {
      const events = [
        ...base,
        activated('b#1', 12, [from('a#1', 10)]),
        assigned('b#1', 20, 'ana'),
        instanceCancelled(30, ['b#1']),
      ];
      const { handoffs, activations, endToEnd } = instanceTimings(events);
      expect(handoffs[1]).toMatchObject({ open: true, assignedAt: 20, assignmentMs: 8, cancelledAt: 30 });
      expect(activations[1]).toMatchObject({ status: 'cancelled', endedAt: 30, waitedForOwnerMs: 8 });
      expect(activations[1]).not.toHaveProperty('workMs');
      expect(endToEnd).toEqual({ status: 'cancelled', startedAt: 0, endedAt: 30, durationMs: 30 });
    });
  });

  describe('a step started without a separate assignment (claimed)', () => {
    it('has assignment 0 and pickup from the activation', () => {
      const events = [instanceStarted(0), activated('a#1', 10, [fromStart(0)]), started('a#1', 25)];
      expect(instanceTimings(events).handoffs[0]).toMatchObject({
        startedWithoutAssignment: true,
        routingMs: 10,
        assignmentMs: 0,
        pickupMs: 15,
        totalMs: 25,
      });
      expect(instanceTimings(events).activations[0]).toMatchObject({
        status: 'started',
        waitedForOwnerMs: 0,
        pickupMs: 15,
      });
    });
  });

  describe('a step that ends without a StepStarted (a wait or automated step)', () => {
    it('counts its end as its start, and says so', () => {
      const events = [
        instanceStarted(0),
        activated('wait#1', 10, [fromStart(0)]),
        completed('wait#1', 70),
        started('wait#1', 80),
      ];
      expect(instanceTimings(events).handoffs[0]).toMatchObject({
        startInferred: true,
        startedAt: 70,
        pickupMs: 60,
        totalMs: 70,
      });
      expect(instanceTimings(events).activations[0]).toMatchObject({ startInferred: true, workMs: 0 });
    });
  });
});
