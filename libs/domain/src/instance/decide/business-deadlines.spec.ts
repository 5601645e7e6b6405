import {
  assignTeam,
  define,
  local,
  officeHours,
  registryAfter,
  utc,
} from '../../calendar/registry/test-support';
import { lintDefinition } from '../../definition/lint';
import { parseDefinitionYaml } from '../../definition/parse';
import { serializeDefinitionYaml } from '../../definition/serialize';
import type { ProcessDefinition } from '../../definition/model';
import { decide } from '../decide';
import { evolve } from '../evolve';
import { openHandoffClocks } from '../handoff-clocks';
import { initialInstanceState, type InstanceState } from '../state';
import type { CommandMetadata, InstanceCommand } from '../commands';
import type { InstanceEvent, StepActivated } from '../events';
import { complete, INSTANCE_ID, pickUp, startInstance, versionOf } from '../testing';

// Finance works in Paris, Sales in New York; the Paris calendar has Christmas off.
const calendars = registryAfter([
  define('paris', officeHours('Europe/Paris', ['2026-12-25'])),
  define('new-york', officeHours('America/New_York')),
  assignTeam('paris', 'finance'),
  assignTeam('new-york', 'sales'),
]);

const source = `id: deal-desk
name: Deal desk
category: operational
steps:
  - { id: price, owner: { team: finance }, deadline: PT4H business }
  - { id: sign, owner: { team: sales }, deadline: { within: PT4H business } }
handoffs:
  - { from: start, to: price }
  - { from: price, to: sign, on: completed, sla: { within: PT2H business, atRisk: 50% } }
  - { from: sign, to: end, on: completed }
`;

function parsed(text: string): ProcessDefinition {
  const result = parseDefinitionYaml(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}
const definition = parsed(source);

function run(state: InstanceState, command: InstanceCommand): [InstanceState, InstanceEvent[]] {
  const events = decide(command, state, definition);
  return [events.reduce(evolve, state), events];
}
const activation = (events: readonly InstanceEvent[], stepId: string) =>
  events.find((e): e is StepActivated => e.type === 'StepActivated' && e.data.stepId === stepId);
const meta = (now: number): Partial<CommandMetadata> => ({ now, calendars });

describe('Deadlines in business time through the instance decider', () => {
  it('reads `PT4H business` in the language and writes it back unchanged', () => {
    expect(definition.steps.map((s) => s.deadline)).toEqual([
      { kind: 'within', durationMs: 4 * 3_600_000, business: true },
      { kind: 'within', durationMs: 4 * 3_600_000, business: true },
    ]);
    expect(definition.handoffs[1]?.sla).toEqual({
      withinMs: 2 * 3_600_000,
      atRiskPercent: 50,
      business: true,
    });
    expect(parsed(serializeDefinitionYaml(definition))).toEqual(definition);
  });

  it('refuses a clock it does not know', () => {
    const result = parseDefinitionYaml(
      source.replace('PT4H business }\n  - { id: sign', 'PT4H working }\n  - { id: sign'),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toContain('optionally followed by "business"');
  });

  it('dues each step in its own team’s calendar, across zones, a weekend and a holiday', () => {
    // Thursday 24 December 2026, 15:00 in Paris: Finance has 2 working hours left, then Christmas
    // and the weekend; 4 business hours fall on Monday 28th at 11:00 Paris (10:00Z).
    const started = local('2026-12-24T15:00', 'Europe/Paris');
    let [state, events] = run(
      initialInstanceState(),
      startInstance(versionOf(definition), {}, meta(started)),
    );
    expect(activation(events, 'price')?.data.dueAt).toBe(utc('2026-12-28T10:00:00Z'));

    // Finance completes on Thursday at 16:30 Paris = 10:30 in New York, where it is a working day:
    // Sales' 4 business hours end at 14:30 New York (19:30Z) the same day.
    const done = local('2026-12-24T16:30', 'Europe/Paris');
    [state] = run(state, pickUp('price#1', 'amelie', meta(started)));
    [state, events] = run(state, complete('price#1', {}, meta(done)));
    expect(activation(events, 'sign')?.data.dueAt).toBe(utc('2026-12-24T19:30:00Z'));
    // The traversal records its SLA's clock, so analytics judges it in business time too.
    expect(activation(events, 'sign')?.data.handedOffFrom).toEqual([
      expect.objectContaining({ slaWithinMs: 2 * 3_600_000, slaBusiness: true }),
    ]);

    // The handoff SLA counts Sales' working time too: at risk after 1 h, due after 2 h.
    const [clock] = openHandoffClocks(state, definition, calendars);
    expect(clock?.deadlines).toEqual({
      since: done,
      atRiskAt: utc('2026-12-24T16:30:00Z'),
      dueAt: utc('2026-12-24T17:30:00Z'),
    });
    expect(state.status === 'running' && state.instanceId).toBe(INSTANCE_ID);
  });

  it('counts the fallback week (Monday–Friday 07:00–17:00 UTC) when the command carries no calendars', () => {
    const friday = utc('2026-11-27T15:00:00Z');
    const [, events] = run(initialInstanceState(), startInstance(versionOf(definition), {}, { now: friday }));
    expect(activation(events, 'price')?.data.dueAt).toBe(utc('2026-11-30T09:00:00Z'));
  });
});

describe('The unmeetable-SLA lint with business time', () => {
  const withTimer = (fires: string, sla: string) =>
    parsed(`id: wait-then-call
name: Wait then call
category: operational
steps:
  - { id: note, owner: { team: sales }, deadline: P1D }
  - { id: cool-off, kind: timer, fires: ${fires} }
handoffs:
  - { from: start, to: note }
  - { from: note, to: cool-off, on: completed, sla: ${sla} }
  - { from: cool-off, to: end, on: completed }
`);
  const unmeetable = (d: ProcessDefinition) =>
    lintDefinition(d).filter((f) => f.rule === 'handoff-sla-unmeetable').length;

  it('compares a timer with an SLA on the same clock only', () => {
    expect(unmeetable(withTimer('PT8H business', 'PT4H business'))).toBe(1);
    expect(unmeetable(withTimer('PT8H', 'PT4H'))).toBe(1);
    // Eight calendar hours may be fewer than four working hours (a night, a weekend): no finding.
    expect(unmeetable(withTimer('PT8H', 'PT4H business'))).toBe(0);
  });
});
