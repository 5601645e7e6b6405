import type { HandoffSla, Join, ProcessDefinition } from '../definition/model';
import type { InstanceCommand } from './commands';
import { evolveAll } from './evolve';
import { openHandoffClocks } from './handoff-clocks';
import { initialInstanceState } from './state';
import {
  aDefinition,
  complete,
  correlate,
  handoff,
  HOUR,
  humanTask,
  pickUp,
  replay,
  reworkPath,
  startInstance,
  T0,
  versionOf,
} from './testing';

const sla: HandoffSla = { withinMs: 4 * HOUR, atRiskPercent: 50 };
const at = (hours: number) => ({ now: T0 + hours * HOUR });

/** start → a, b in parallel → join into c (SLA) → end. */
function joinOf(join: Join): ProcessDefinition {
  return aDefinition({
    steps: ['a', 'b', 'c'].map((id) => humanTask(id)),
    handoffs: [
      handoff('split', 'start', ['a', 'b']),
      handoff('join', ['a', 'b'], 'c', { join, sla }),
      handoff('c-end', 'c', 'end'),
    ],
  });
}

function clocksAfter(definition: ProcessDefinition, commands: readonly InstanceCommand[]) {
  const events = replay(definition, [startInstance(versionOf(definition)), ...commands]);
  return openHandoffClocks(evolveAll(initialInstanceState(), events), definition).map((c) => ({
    key: c.key,
    stage: c.data.stage,
    toActivationId: c.data.toActivationId,
    since: c.deadlines.since,
    atRiskAt: c.deadlines.atRiskAt,
    dueAt: c.deadlines.dueAt,
  }));
}

describe('Handoff clocks', () => {
  describe('at a join', () => {
    it('runs one clock per arrived branch, from its own completion, while the join waits (routing)', () => {
      const clocks = clocksAfter(joinOf({ kind: 'all' }), [pickUp('a#1', 'ann'), complete('a#1', {}, at(1))]);
      expect(clocks).toEqual([
        {
          key: 'join|a#1|c',
          stage: 'routing',
          toActivationId: undefined,
          since: T0 + HOUR,
          atRiskAt: T0 + 3 * HOUR,
          dueAt: T0 + 5 * HOUR,
        },
      ]);
    });

    it('moves each branch’s clock to the activated target once the join fires, until it starts', () => {
      const definition = joinOf({ kind: 'all' });
      const both = [
        pickUp('a#1', 'ann'),
        pickUp('b#1', 'ben'),
        complete('a#1', {}, at(1)),
        complete('b#1', {}, at(2)),
      ];
      expect(clocksAfter(definition, both).map((c) => [c.key, c.stage, c.toActivationId, c.dueAt])).toEqual([
        ['join|a#1|c', 'assignment', 'c#1', T0 + 5 * HOUR],
        ['join|b#1|c', 'assignment', 'c#1', T0 + 6 * HOUR],
      ]);
      expect(clocksAfter(definition, [...both, pickUp('c#1', 'cat', at(3))])).toEqual([]);
    });

    it('starts no clock for a late branch absorbed by a first-of join that had fired', () => {
      const definition = joinOf({ kind: 'first' });
      const clocks = clocksAfter(definition, [
        pickUp('a#1', 'ann'),
        pickUp('b#1', 'ben'),
        complete('a#1', {}, at(1)),
        pickUp('c#1', 'cat', at(2)),
        complete('b#1', {}, at(3)),
      ]);
      expect(clocks).toEqual([]);
    });
  });

  it('keeps a handoff waiting for its event in routing, from the upstream completion', () => {
    const definition = aDefinition({
      steps: [humanTask('sign'), humanTask('file')],
      handoffs: [
        handoff('go', 'start', 'sign'),
        handoff('countersigned', 'sign', 'file', {
          trigger: { kind: 'event', event: 'contract.countersigned', correlationKey: 'caseId' },
          sla,
        }),
        handoff('done', 'file', 'end'),
      ],
    });
    const signed = [pickUp('sign#1', 'ann'), complete('sign#1', { output: { caseId: 'k-1' } }, at(1))];
    expect(clocksAfter(definition, signed).map((c) => [c.key, c.stage])).toEqual([
      ['countersigned|sign#1|file', 'routing'],
    ]);
    const arrived = [...signed, correlate('contract.countersigned', 'k-1', {}, at(2))];
    expect(clocksAfter(definition, arrived).map((c) => [c.key, c.stage, c.since])).toEqual([
      ['countersigned|sign#1|file', 'assignment', T0 + HOUR],
    ]);
  });

  it('gives a reworked step a new clock per traversal, and none for the rework edge itself', () => {
    const definition = aDefinition({
      steps: [humanTask('draft'), humanTask('check')],
      handoffs: [
        handoff('go', 'start', 'draft'),
        handoff('to-check', 'draft', 'check', { sla }),
        handoff('done', 'check', 'end'),
      ],
      exceptions: [reworkPath('redo', 'check', 'draft', 2)],
    });
    const clocks = clocksAfter(definition, [
      pickUp('draft#1', 'ann'),
      complete('draft#1', {}, at(1)),
      pickUp('check#1', 'ben', at(2)),
      { type: 'RejectStep', data: { activationId: 'check#1', reason: 'typos' }, metadata: at(3) },
      pickUp('draft#2', 'ann', at(4)),
      complete('draft#2', {}, at(5)),
    ]);
    expect(clocks.map((c) => [c.key, c.since])).toEqual([['to-check|draft#2|check', T0 + 5 * HOUR]]);
  });
});
