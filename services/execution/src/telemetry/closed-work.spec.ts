import { observeInstance } from '@baton/analytics-core';
import { DomainError, instance, parseDefinitionYaml, type DefinitionVersion } from '@baton/domain';
import fc from 'fast-check';
import { evolveView, type InstanceView } from '../instances/instance-view';
import { closedWork, type ClosedWork } from './closed-work';
import { lookupsOf } from './definition-lookups';
import { ReassigningEscalations } from './reassigning-escalations';

// Team owners, a person's step and an automated one, a parallel split and a join, handoff SLAs,
// an escalation that reassigns, rework after a rejection: what the figures depend on.
const YAML = `
id: telemetry-figures
name: Telemetry figures
category: support
steps:
  - { id: triage, name: Triage, owner: { team: desk }, deadline: PT1H,
      escalate: [{ after: PT0S, action: reassign, to: { role: desk-lead } }] }
  - { id: fix, name: Fix, owner: { role: fixer }, deadline: PT2H }
  - { id: review, name: Review, kind: approval, outcomes: [approved, returned], owner: { team: reviewers } }
  - { id: book, name: Book, kind: automated, system: erp, operation: book, owner: { team: finance-systems } }
handoffs:
  - { id: open, from: start, to: [triage, fix], sla: PT2H }
  - { id: both-done, from: [triage, fix], to: review, join: all, on: completed, sla: PT30M }
  - { id: approved, from: review, to: book, on: { outcome: approved } }
  - { from: book, to: end, on: completed }
exceptions:
  - { id: returned, from: review, on: rejected, outcomes: [returned], action: rework, to: triage, maxIterations: 3 }
`;

const parsed = parseDefinitionYaml(YAML);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const VERSION: DefinitionVersion = { definition: parsed.definition, version: 1 };
const T0 = Date.UTC(2026, 0, 5, 9);
const MINUTE = 60_000;
const PEOPLE = ['ann', 'bo', 'cy'];
const TEAMS = [undefined, 'desk', 'night-desk'];

interface Action {
  readonly kind: number;
  readonly pick: number;
  readonly who: number;
  readonly minutes: number;
}

/** One participant action against whatever is open (refused ones are skipped). */
const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.integer({ min: 0, max: 24 }),
  pick: fc.nat(),
  who: fc.nat(),
  minutes: fc.integer({ min: 0, max: 90 }),
});

function commandFor(state: instance.InstanceState, a: Action, now: number, i: number) {
  const open = state.status === 'running' ? Object.values(state.activations) : [];
  const target = open[a.pick % Math.max(1, open.length)];
  if (!target) return undefined;
  const { activationId } = target;
  const person = PEOPLE[a.who % PEOPLE.length] as string;
  const teamId = TEAMS[a.who % TEAMS.length];
  const metadata = { now, idempotencyKey: `k-${i}` };
  const commands: instance.InstanceCommand[] = [
    {
      type: 'AssignStep',
      data: { activationId, personId: person, reason: 'test', ...(teamId ? { teamId } : {}) },
      metadata,
    },
    { type: 'StartStep', data: { activationId, ...(a.who % 2 === 0 ? { personId: person } : {}) }, metadata },
    {
      type: 'CompleteStep',
      data: {
        activationId,
        output: {},
        ...(target.stepId === 'review' ? { outcome: 'approved' } : {}),
      },
      metadata,
    },
    { type: 'CompleteStep', data: { activationId, output: {} }, metadata },
    { type: 'ReassignStep', data: { activationId, toPersonId: person, reason: 'test' }, metadata },
    { type: 'MarkStepOverdue', data: { activationId }, metadata },
    { type: 'EscalateStep', data: { activationId, level: 1, toPersonId: person }, metadata },
    { type: 'RejectStep', data: { activationId, reason: 'no', outcome: 'returned' }, metadata },
    { type: 'FailStep', data: { activationId, reason: 'broke' }, metadata },
    { type: 'StartStep', data: { activationId }, metadata },
  ];
  // Otherwise what a diligent participant does next: start it, or complete it.
  if (commands[a.kind]) return commands[a.kind];
  if (target.status !== 'started') return commands[1];
  return target.stepId === 'review' && a.who % 3 === 0 ? commands[7] : commands[2];
}

/** analytics-core's observation of what `fresh` closed, in closedWork's terms. */
function observed(
  all: readonly instance.InstanceEvent[],
  fresh: readonly instance.InstanceEvent[],
): ClosedWork {
  const started = new Set<string>();
  const ended = new Set<string>();
  for (const e of fresh) {
    if (e.type === 'StepStarted') started.add(e.data.activationId);
    if (e.type === 'StepCompleted' || e.type === 'StepFailed') ended.add(e.data.activationId);
  }
  for (const id of ended)
    if (!all.some((e) => e.type === 'StepStarted' && e.data.activationId === id)) started.add(id);
  const lookups = lookupsOf(VERSION);
  const result = observeInstance(all, {
    teamOfStep: (id) => lookups.teamOfStep(id),
    handoffSlaMs: (id) => lookups.slaMs(id),
    only: { handoffsInto: started, stepsOf: ended },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return {
    handoffs: result.observations.handoffs.map((h) => ({
      handoffId: h.handoffId,
      fromStepId: h.fromStepId,
      toStepId: h.toStepId,
      toActivationId: h.toActivationId,
      ...(h.fromTeamId !== undefined ? { fromTeamId: h.fromTeamId } : {}),
      ...(h.toTeamId !== undefined ? { toTeamId: h.toTeamId } : {}),
      crossTeam: h.crossTeam,
      completedAt: h.completedAt,
      startedAt: h.startedAt,
      routingMs: h.routingMs,
      assignmentMs: h.assignmentMs,
      pickupMs: h.pickupMs,
      totalMs: h.totalMs,
      ...(h.slaMs !== undefined ? { slaMs: h.slaMs, slaBreached: h.slaBreached } : {}),
    })),
    steps: result.observations.steps.map((s) => ({
      stepId: s.stepId,
      activationId: s.activationId,
      attempt: s.attempt,
      ...(s.teamId !== undefined ? { teamId: s.teamId } : {}),
      status: s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      workMs: s.workMs,
      slaBreached: s.slaBreached,
      escalationLevel: s.escalationLevel,
    })),
  };
}

const byKey = (w: ClosedWork): ClosedWork => ({
  handoffs: [...w.handoffs].sort((x, y) =>
    `${x.toActivationId} ${x.handoffId}`.localeCompare(`${y.toActivationId} ${y.handoffId}`),
  ),
  steps: [...w.steps].sort((x, y) => x.activationId.localeCompare(y.activationId)),
});

describe('What a command closed, from its events and the instance folded after them', () => {
  it('equals analytics’ observation of the whole history, command by command', () => {
    let closedSomething = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 100 }), (actions) => {
        let state = instance.initialInstanceState();
        let view: InstanceView | undefined;
        let all: instance.InstanceEvent[] = [];
        let now = T0;
        const escalations = new ReassigningEscalations();
        const run = (command: instance.InstanceCommand) => {
          let fresh: instance.InstanceEvent[];
          try {
            fresh = instance.decide(command, state, VERSION.definition);
          } catch (error) {
            if (error instanceof DomainError) return;
            throw error;
          }
          for (const e of fresh) {
            state = instance.evolve(state, e);
            view = evolveView(view, e, 'someone', all.length + 1);
            all = [...all, e];
          }
          if (!view) return;
          escalations.note('i-1', fresh);
          const ours = closedWork(fresh, view, lookupsOf(VERSION), (id) => escalations.take('i-1', id));
          expect(byKey(ours)).toEqual(byKey(observed(all, fresh)));
          closedSomething += ours.handoffs.length + ours.steps.length;
        };
        run({
          type: 'StartInstance',
          data: { instanceId: 'i-1', definition: VERSION, businessKey: 'b-1', data: {} },
          metadata: { now, idempotencyKey: 'start' },
        });
        actions.forEach((a, i) => {
          now += a.minutes * MINUTE;
          const command = commandFor(state, a, now, i);
          if (command) run(command);
        });
      }),
      { numRuns: 400 },
    );
    // The property compared real closes, not only empty lists.
    expect(closedSomething).toBeGreaterThan(600);
  });

  it('splits a handoff’s wait at an escalation that reassigned the work before it started', () => {
    const events: instance.InstanceEvent[] = [];
    let state = instance.initialInstanceState();
    let view: InstanceView | undefined;
    const escalations = new ReassigningEscalations();
    const run = (command: instance.InstanceCommand): ClosedWork => {
      const fresh = instance.decide(command, state, VERSION.definition);
      for (const e of fresh) {
        state = instance.evolve(state, e);
        view = evolveView(view, e, 'someone', events.push(e));
      }
      escalations.note('i-1', fresh);
      return closedWork(fresh, view as InstanceView, lookupsOf(VERSION), (id) => escalations.take('i-1', id));
    };
    const at = (minutes: number) => ({ now: T0 + minutes * MINUTE, idempotencyKey: `k-${minutes}` });
    run({
      type: 'StartInstance',
      data: { instanceId: 'i-1', definition: VERSION, businessKey: 'b-1', data: {} },
      metadata: at(0),
    });
    run({
      type: 'AssignStep',
      data: { activationId: 'triage#1', personId: 'ann', reason: 't' },
      metadata: at(10),
    });
    run({ type: 'MarkStepOverdue', data: { activationId: 'triage#1' }, metadata: at(70) });
    run({
      type: 'EscalateStep',
      data: { activationId: 'triage#1', level: 1, toPersonId: 'bo' },
      metadata: at(80),
    });
    const closed = run({ type: 'StartStep', data: { activationId: 'triage#1' }, metadata: at(95) });
    expect(closed.handoffs).toEqual([
      expect.objectContaining({
        handoffId: 'open',
        fromStepId: 'start',
        toStepId: 'triage',
        toTeamId: 'desk',
        routingMs: 0,
        assignmentMs: 80 * MINUTE,
        pickupMs: 15 * MINUTE,
        totalMs: 95 * MINUTE,
      }),
    ]);
    expect(byKey(closed)).toEqual(byKey(observed(events, events.slice(-1))));
  });
});
