import { parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import {
  directoryFor,
  ReferenceSimulation,
  referenceProcesses,
  type SimulatedAppend,
} from './reference-simulation';

// The analytics benchmark's store is only as good as this simulation: it must keep driving all
// five reference processes through the decider (a domain change that refuses its commands would
// silently thin the store out), cover the paths the statistics care about, and stay deterministic.

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 5);

function run(events: number): { appends: SimulatedAppend[]; simulation: ReferenceSimulation } {
  const processes = referenceProcesses(FROM - DAY, FROM + 20 * DAY);
  const definitions = processes.map((p) => {
    const parsed = parseDefinitionYaml(p.versions[0]?.text ?? '');
    if (!parsed.ok) throw new Error(`${p.id} does not parse`);
    return parsed.definition;
  }) as ProcessDefinition[];
  const simulation = new ReferenceSimulation({
    seed: 3,
    from: FROM,
    instancesPerDay: 15,
    processes,
    directory: directoryFor(definitions, 4),
  });
  const appends: SimulatedAppend[] = [];
  let count = 0;
  for (const append of simulation.appends()) {
    appends.push(append);
    if (append.kind === 'instance') count += append.events.length;
    if (count >= events) break;
  }
  return { appends, simulation };
}

describe('the analytics benchmark simulation of the reference processes', () => {
  const { appends, simulation } = run(20_000);
  const instanceAppends = appends.filter(
    (a): a is Extract<SimulatedAppend, { kind: 'instance' }> => a.kind === 'instance',
  );
  const events = instanceAppends.flatMap((a) => a.events);

  it('drives every reference process, and the decider accepts nearly every command', () => {
    const started = events.filter((e) => e.type === 'InstanceStarted');
    const definitions = new Set(started.map((e) => (e.data as { definitionId: string }).definitionId));
    expect([...definitions].sort()).toEqual([
      'budget-approval',
      'client-lifecycle',
      'employee-onboarding',
      'order-to-cash',
      'vendor-management',
    ]);
    expect(simulation.counts.refused / simulation.counts.commands).toBeLessThan(0.02);
    expect(events.filter((e) => e.type === 'InstanceCompleted').length).toBeGreaterThan(started.length / 3);
  });

  it('covers reassignment, overdue and escalated steps, rework, failures, correlation and withdrawals', () => {
    const types = new Set<string>(events.map((e) => e.type));
    for (const type of [
      'StepReassigned',
      'StepOverdue',
      'StepEscalated',
      'StepFailed',
      'TriggerCorrelated',
      'InstanceCancelled',
    ])
      expect([type, types.has(type)]).toEqual([type, true]);
    // Rework: some step activated a second time.
    expect(
      events.some((e) => e.type === 'StepActivated' && (e.data as { attempt: number }).attempt > 1),
    ).toBe(true);
  });

  it('appends each instance stream with consecutive versions, in business-time order, the same for a seed', () => {
    const versions = new Map<string, number>();
    let last = 0;
    for (const a of instanceAppends) {
      expect(a.expectedVersion).toBe(versions.get(a.instanceId) ?? 0);
      versions.set(a.instanceId, a.expectedVersion + a.events.length);
      for (const e of a.events) {
        expect(e.at).toBeGreaterThanOrEqual(last);
        last = e.at;
      }
    }
    const again = run(2_000).appends;
    expect(again).toEqual(appends.slice(0, again.length));
  });
});
