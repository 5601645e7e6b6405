import { parseDefinitionYaml } from './parse';
import { parseErrorsOf as errorsOf, YAML_HEAD as HEAD } from './test-builders';

const STEPS = `steps:
  - { id: review, kind: approval, outcomes: [approved, rejected] }
  - { id: work }
  - { id: fix }
`;

describe('Structural errors (cross-references)', () => {
  it.each([
    [
      'a duplicate step id',
      `${HEAD}steps: [{ id: a }, { id: b }, { id: a }]\n`,
      'steps[2].id',
      "step id 'a' is already used by steps[0]",
    ],
    [
      'a step named start',
      `${HEAD}steps: [{ id: start }]\n`,
      'steps[0].id',
      "'start' is reserved for the instance start",
    ],
    [
      'a step named end',
      `${HEAD}steps: [{ id: end }]\n`,
      'steps[0].id',
      "'end' is reserved for the instance completion",
    ],
    [
      'escalations without deadline',
      `${HEAD}steps: [{ id: a, escalate: [{ action: remind, to: { team: t } }] }]\n`,
      'steps[0].escalate',
      'give the step a deadline',
    ],
    [
      'trigger and triggers',
      `${HEAD}trigger: { event: a.b, correlationKey: k }\ntriggers: [{ event: c.d, correlationKey: k }]\nsteps: [{ id: a }]\n`,
      'triggers',
      'either trigger (one) or triggers (a list)',
    ],
    [
      'an unknown from step',
      `${HEAD}${STEPS}handoffs: [{ from: wrok, to: end }]\n`,
      'handoffs[0].from',
      "unknown step 'wrok'; steps are: review, work, fix (or start)",
    ],
    [
      'an unknown step in a from list',
      `${HEAD}${STEPS}handoffs: [{ from: [work, nope], to: end }]\n`,
      'handoffs[0].from[1]',
      "unknown step 'nope'",
    ],
    [
      'an unknown to step',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: [fix, nope] }]\n`,
      'handoffs[0].to[1]',
      "unknown step 'nope'; steps are: review, work, fix (or end)",
    ],
    [
      'a handoff from end',
      `${HEAD}${STEPS}handoffs: [{ from: end, to: work }]\n`,
      'handoffs[0].from',
      "'end' is where the instance completes",
    ],
    [
      'a handoff to start',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: start }]\n`,
      'handoffs[0].to',
      'nothing hands off to it',
    ],
    [
      'start joined with steps',
      `${HEAD}${STEPS}handoffs: [{ from: [start, work], to: fix }]\n`,
      'handoffs[0].from[0]',
      "'start' cannot be joined",
    ],
    [
      'end in parallel with steps',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: [fix, end] }]\n`,
      'handoffs[0].to[1]',
      "'end' completes the instance",
    ],
    [
      'a step listed twice',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: [fix, fix] }]\n`,
      'handoffs[0].to[1]',
      "'fix' is listed twice",
    ],
    [
      'a from listed twice',
      `${HEAD}${STEPS}handoffs: [{ from: [work, work], to: fix }]\n`,
      'handoffs[0].from[1]',
      "'work' is listed twice",
    ],
    [
      'a trigger on a start handoff',
      `${HEAD}${STEPS}handoffs: [{ from: start, to: work, on: completed }]\n`,
      'handoffs[0].on',
      'fires when the instance starts',
    ],
    [
      'an outcome the step lacks',
      `${HEAD}${STEPS}handoffs: [{ from: review, to: work, on: { outcome: approvd } }]\n`,
      'handoffs[0].on.outcome',
      "step 'review' has no outcome 'approvd'; its outcomes are: approved, rejected",
    ],
    [
      'an outcome in a list the step lacks',
      `${HEAD}${STEPS}handoffs: [{ from: review, to: work, on: { outcome: [approved, maybe] } }]\n`,
      'handoffs[0].on.outcome[1]',
      "no outcome 'maybe'",
    ],
    [
      'an outcome of a step without outcomes',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, on: { outcome: done } }]\n`,
      'handoffs[0].on.outcome',
      "step 'work' is a human-task step: only approval steps have outcomes",
    ],
    [
      'an invalid condition',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, when: 'data.amount <' }]\n`,
      'handoffs[0].when',
      'invalid CEL condition',
    ],
    [
      'a default with a condition',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, when: 'data.a', default: true }]\n`,
      'handoffs[0].default',
      'a default route has no condition',
    ],
    [
      'two defaults',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, default: true }, { from: work, to: end, default: true }]\n`,
      'handoffs[1].default',
      "'work' already has a default route (handoffs[0])",
    ],
    [
      'a join on one step',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, join: all }]\n`,
      'handoffs[0].join',
      'only to a handoff with several from steps',
    ],
    [
      'an n-of-m count above m',
      `${HEAD}${STEPS}handoffs: [{ from: [work, fix], to: end, join: { count: 3 } }]\n`,
      'handoffs[0].join.count',
      'count must be between 1 and 2 (the number of from steps), got 3',
    ],
    [
      'a duplicate derived handoff id',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: fix, when: 'data.a' }, { from: work, to: fix, default: true }]\n`,
      'handoffs[1]',
      "handoff id 'work->fix' is already used by handoffs[0]; give one of them an explicit id",
    ],
    [
      'a duplicate explicit handoff id',
      `${HEAD}${STEPS}handoffs: [{ id: h, from: work, to: fix }, { id: h, from: fix, to: end }]\n`,
      'handoffs[1].id',
      "handoff id 'h' is already used",
    ],
    [
      'an exception from an unknown step',
      `${HEAD}${STEPS}exceptions: [{ from: nope, on: failed, action: fail }]\n`,
      'exceptions[0].from',
      "unknown step 'nope'",
    ],
    [
      'a rework without target',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, action: rework, maxIterations: 2 }]\n`,
      'exceptions[0].to',
      'action rework needs to: <step>',
    ],
    [
      'an unknown rework target',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, action: rework, to: nope, maxIterations: 2 }]\n`,
      'exceptions[0].to',
      "unknown step 'nope'",
    ],
    [
      'an exception step at end',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, action: exception-step, to: end }]\n`,
      'exceptions[0].to',
      "unknown step 'end'",
    ],
    [
      'a target for cancel',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, action: cancel, to: work }]\n`,
      'exceptions[0].to',
      'action cancel activates no step; remove to',
    ],
    [
      'maxIterations for fail',
      `${HEAD}${STEPS}exceptions: [{ from: work, on: failed, action: fail, maxIterations: 2 }]\n`,
      'exceptions[0].maxIterations',
      'maxIterations applies to rework and exception-step, not fail',
    ],
    [
      'outcomes of a failure',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: failed, outcomes: [rejected], action: fail }]\n`,
      'exceptions[0].outcomes',
      'a failure has no outcome',
    ],
    [
      'an exception outcome the step lacks',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, outcomes: [denied], action: cancel }]\n`,
      'exceptions[0].outcomes[0]',
      "step 'review' has no outcome 'denied'",
    ],
    [
      'a duplicate exception id',
      `${HEAD}${STEPS}exceptions: [{ from: work, on: failed, action: fail }, { from: work, on: failed, action: cancel }]\n`,
      'exceptions[1]',
      "exception path id 'work-failed' is already used by exceptions[0]",
    ],
    [
      'a duplicate explicit exception id',
      `${HEAD}${STEPS}exceptions: [{ id: x, from: work, on: failed, action: fail }, { id: x, from: fix, on: failed, action: fail }]\n`,
      'exceptions[1].id',
      "exception path id 'x' is already used",
    ],
    [
      'an unknown waiver rule',
      `${HEAD}${STEPS}waivers: [{ rule: step-has-owner, reason: r, approvedBy: b }]\n`,
      'waivers[0].rule',
      "unknown rule 'step-has-owner'; rules are: step-without-owner",
    ],
    [
      'an unwaivable rule',
      `${HEAD}${STEPS}waivers: [{ rule: unreachable-step, path: 'steps[fix]', reason: r, approvedBy: b }]\n`,
      'waivers[0].rule',
      "findings of 'unreachable-step' cannot be waived",
    ],
    [
      'a waiver of an unknown step',
      `${HEAD}${STEPS}waivers: [{ rule: step-without-owner, path: 'steps[wrok]', reason: r, approvedBy: b }]\n`,
      'waivers[0].path',
      "'steps[wrok]' names no element: steps are review, work, fix",
    ],
    [
      'a waiver of a handoff index out of range',
      `${HEAD}${STEPS}waivers: [{ rule: handoff-without-owner, path: 'handoffs[3]', reason: r, approvedBy: b }]\n`,
      'waivers[0].path',
      'handoffs are none',
    ],
  ])('reports %s', (_, source, path, message) => {
    expect(errorsOf(source)).toContainEqual({
      path,
      message: expect.stringContaining(message),
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });

  it('points at the offending list item', () => {
    const source = `${HEAD}${STEPS}handoffs:\n  - from: [work, nope]\n    to: end\n`;
    expect(errorsOf(source)).toEqual([
      { path: 'handoffs[0].from[1]', message: expect.any(String), line: 8, column: 18 },
    ]);
  });

  it('accepts waiver paths by id, by index and for the whole definition', () => {
    const source = `${HEAD}${STEPS}handoffs: [{ from: start, to: work }]
waivers:
  - { rule: step-without-owner, path: 'steps[work]', reason: r, approvedBy: b }
  - { rule: handoff-without-owner, path: 'handoffs[0]', reason: r, approvedBy: b }
  - { rule: handoff-without-owner, path: 'handoffs[start->work]', reason: r, approvedBy: b }
  - { rule: process-without-owner, reason: r, approvedBy: b }
  - { rule: process-without-owner, path: owner, reason: r, approvedBy: b }
`;
    expect(parseDefinitionYaml(source).ok).toBe(true);
  });
});
