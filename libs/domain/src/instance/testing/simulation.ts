import { stepById } from '../../definition/graph';
import type { Millis } from '../../shared/data';
import { DomainError } from '../../shared/errors';
import type { CommandMetadata, InstanceCommand } from '../commands';
import { decide } from '../decide';
import type { InstanceEvent } from '../events';
import { evolveAll } from '../evolve';
import { initialInstanceState, type InstanceState } from '../state';
import * as c from './commands';
import { HOUR, T0 } from './events';
import { versionOf } from './definitions';
import type { Scenario } from './scenarios';

/** One random participant action, decoded against the current state by `commandFor`. */
export interface Intent {
  readonly kind: number;
  readonly pick: number;
  readonly variant: number;
  readonly advanceHours: number;
  readonly reuseKey: boolean;
}

export interface Run {
  readonly events: readonly InstanceEvent[];
  readonly state: InstanceState;
  readonly now: Millis;
  readonly keys: readonly string[];
}

export interface Outcome {
  readonly run: Run;
  readonly command: InstanceCommand;
  /** The events decided, or the DomainError refusing the command. */
  readonly result: InstanceEvent[] | DomainError;
}

export const emptyRun: Run = { events: [], state: initialInstanceState(), now: T0, keys: [] };
const PEOPLE = ['alice', 'bob', 'carol'] as const;

export const startScenario = (scenario: Scenario, variant: number, meta: Partial<CommandMetadata>) =>
  c.startInstance(
    versionOf(scenario.definition),
    scenario.startData(variant),
    meta,
    scenario.triggerType !== undefined ? { triggerType: scenario.triggerType } : {},
  );

/** Decides a command; a DomainError is a refusal (state unchanged), anything else escapes the test. */
export function attempt(scenario: Scenario, run: Run, command: InstanceCommand): Outcome {
  try {
    const events = decide(command, run.state, scenario.definition);
    const key = command.metadata.idempotencyKey;
    return {
      command,
      result: events,
      run: {
        events: [...run.events, ...events],
        state: evolveAll(run.state, events),
        now: run.now,
        keys: key !== undefined && !run.keys.includes(key) ? [...run.keys, key] : run.keys,
      },
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { command, result: error, run };
  }
}

/** Turns an intent into a command aimed at the state: mostly sensible, sometimes wrong on purpose. */
export function commandFor(scenario: Scenario, run: Run, intent: Intent, index: number): InstanceCommand {
  const now = run.now + intent.advanceHours * HOUR;
  const reused = intent.reuseKey && run.keys.length > 0 ? run.keys[intent.pick % run.keys.length] : undefined;
  const meta = { now, idempotencyKey: reused ?? `key-${index}` };
  const { state } = run;
  if (state.status === 'not-started' && intent.kind % 6 !== 0) {
    return startScenario(scenario, intent.variant, meta);
  }
  const open = state.status === 'not-started' ? [] : Object.keys(state.activations);
  const known = state.status === 'not-started' ? [] : [...open, ...Object.keys(state.closedActivations)];
  const pool = intent.pick < 8 && open.length > 0 ? open : [...known, 'ghost#1'];
  const target = pool[intent.pick % pool.length] ?? 'ghost#1';
  const stepId = target.split('#')[0] ?? '';
  const person = PEOPLE[intent.variant % PEOPLE.length];
  const event = scenario.events[intent.variant % scenario.events.length];
  switch (intent.kind) {
    case 0:
      return c.assign(target, person, meta);
    case 1:
      return c.pickUp(target, intent.variant % 2 === 0 ? person : undefined, meta);
    case 2:
    case 12:
      return c.complete(target, scenario.completion(stepId, intent.variant), meta);
    case 3:
      return c.fail(target, 'it broke', meta);
    case 4:
      return c.reject(target, 'not acceptable', meta);
    case 5:
      return c.reassign(target, person, meta);
    case 6:
      return c.markOverdue(target, meta);
    case 7:
      return c.escalate(target, 1 + (intent.variant % 2), meta, person);
    case 8: {
      const data = state.status === 'not-started' ? {} : state.data;
      const key = intent.variant % 4 === 3 ? 'unrelated' : String(data[event?.keyField ?? ''] ?? 'none');
      return c.correlate(event?.type ?? 'none', key, event?.payload ?? {}, meta);
    }
    case 9:
      return c.fireTimer(target, meta);
    case 10:
      return intent.variant === 0
        ? c.cancel('changed plans', meta)
        : c.complete(target, scenario.completion(stepId, 0), meta);
    case 11:
      return startScenario(scenario, intent.variant, meta);
    default:
      return sensibleCommand(scenario, run, target, intent.variant, meta);
  }
}

/** The next lifecycle command for one activation, with a random completion, rejection or failure. */
function sensibleCommand(
  scenario: Scenario,
  run: Run,
  activationId: string,
  variant: number,
  meta: CommandMetadata,
): InstanceCommand {
  const activation = run.state.status === 'running' ? run.state.activations[activationId] : undefined;
  const step = activation ? stepById(scenario.definition, activation.stepId) : undefined;
  if (!activation || !step) return c.complete(activationId, { output: {} }, meta);
  if (step.kind === 'timer') return c.fireTimer(activationId, meta);
  if (step.kind === 'wait-for-event') {
    const data = run.state.status === 'running' ? run.state.data : {};
    return c.correlate(
      step.event,
      String(data[step.correlationKey] ?? 'none'),
      scenario.events[0]?.payload ?? {},
      meta,
    );
  }
  if (activation.status === 'activated') return c.pickUp(activationId, PEOPLE[variant % PEOPLE.length], meta);
  if (activation.status === 'assigned') return c.pickUp(activationId, undefined, meta);
  if (variant === 8) return c.reject(activationId, 'not acceptable', meta);
  if (variant === 9) return c.fail(activationId, 'it broke', meta);
  return c.complete(activationId, scenario.completion(step.id, variant), meta);
}
