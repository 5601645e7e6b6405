import { parseErrorsOf as errorsOf, YAML_HEAD as HEAD } from './test-builders';

const STEPS = `steps:
  - { id: review, kind: approval, outcomes: [approved, rejected] }
  - { id: work }
`;

describe('Parse errors of triggers, handoffs, exceptions and waivers', () => {
  it.each([
    [
      'a trigger without correlationKey',
      `${HEAD}trigger: { event: a.b }\nsteps: [{ id: a }]\n`,
      'trigger.correlationKey',
      'is required',
      3,
      1,
    ],
    [
      'a bad trigger',
      `${HEAD}trigger: { event: a.b, correlationKey: k }\ntriggers: [{ event: c.d, correlationKey: 7 }]\nsteps: [{ id: a }]\n`,
      'triggers[0].correlationKey',
      'expected a string, got number 7',
      4,
      26,
    ],
    [
      'a bad on keyword',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: end, on: done }]\n`,
      'handoffs[0].on',
      "'done' is not allowed: write 'completed'",
      6,
      35,
    ],
    [
      'an on of two kinds',
      `${HEAD}${STEPS}handoffs: [{ from: review, to: end, on: { outcome: approved, event: x.y } }]\n`,
      'handoffs[0].on',
      "write 'completed', { outcome",
      6,
      37,
    ],
    [
      'an event trigger without key',
      `${HEAD}${STEPS}handoffs: [{ from: work, to: end, on: { event: x.y } }]\n`,
      'handoffs[0].on',
      'needs both event and correlationKey',
      6,
      35,
    ],
    [
      'a bad join keyword',
      `${HEAD}${STEPS}handoffs: [{ from: [work, review], to: end, join: most }]\n`,
      'handoffs[0].join',
      "join is 'all', 'first' or { count: <n> }",
      6,
      45,
    ],
    [
      'a zero join count',
      `${HEAD}${STEPS}handoffs: [{ from: [work, review], to: end, join: { count: 0 } }]\n`,
      'handoffs[0].join.count',
      'count must be at least 1',
      6,
      53,
    ],
    [
      'a fractional join count',
      `${HEAD}${STEPS}handoffs: [{ from: [work, review], to: end, join: { count: 1.5 } }]\n`,
      'handoffs[0].join',
      "join is 'all', 'first' or { count: <n> }",
      6,
      45,
    ],
    [
      'an empty from list',
      `${HEAD}${STEPS}handoffs: [{ from: [], to: end }]\n`,
      'handoffs[0].from',
      'list at least one',
      6,
      14,
    ],
    [
      'an unknown exception action',
      `${HEAD}${STEPS}exceptions: [{ from: work, on: failed, action: retry }]\n`,
      'exceptions[0].action',
      'expected one of rework, exception-step, cancel, fail',
      6,
      40,
    ],
    [
      'a zero maxIterations',
      `${HEAD}${STEPS}exceptions: [{ from: review, on: rejected, action: rework, to: work, maxIterations: 0 }]\n`,
      'exceptions[0].maxIterations',
      'maxIterations must be at least 1',
      6,
      70,
    ],
    [
      'a waiver without reason',
      `${HEAD}${STEPS}waivers: [{ rule: step-without-owner, path: 'steps[work]', approvedBy: boss }]\n`,
      'waivers[0].reason',
      'is required',
      6,
      11,
    ],
    [
      'a blank waiver reason',
      `${HEAD}${STEPS}waivers: [{ rule: step-without-owner, reason: ' ', approvedBy: boss }]\n`,
      'waivers[0].reason',
      'must not be empty',
      6,
      39,
    ],
  ])('reports %s', (_, source, path, message, line, column) => {
    expect(errorsOf(source)).toContainEqual({
      path,
      message: expect.stringContaining(message),
      line,
      column,
    });
  });
});
