import { stepById } from '../../definition/graph';
import { DomainError } from '../../shared/errors';
import type { InstanceCommand } from '../commands';
import { handoffsWaitingForEvent } from '../routing/route-completion';
import { isTerminal } from '../state';
import * as c from './commands';
import type { Scenario } from './scenarios';
import { attempt, startScenario, type Run } from './simulation';

/** What a diligent participant does next: fire due timers, deliver awaited events, work the first open step. */
function nextDiligentCommand(scenario: Scenario, run: Run, index: number): InstanceCommand | undefined {
  const { state } = run;
  const meta = { now: run.now, idempotencyKey: `drive-${index}` };
  if (state.status === 'not-started') return startScenario(scenario, 0, meta);
  if (state.status !== 'running') return undefined;
  const activation = Object.values(state.activations)[0];
  if (!activation) {
    const waiting = handoffsWaitingForEvent(state, scenario.definition)[0];
    if (waiting?.trigger?.kind !== 'event') return undefined;
    const { event, correlationKey } = waiting.trigger;
    const payload = scenario.events.find((e) => e.type === event)?.payload ?? {};
    return c.correlate(event, String(state.data[correlationKey] ?? 'none'), payload, meta);
  }
  const step = stepById(scenario.definition, activation.stepId);
  const id = activation.activationId;
  if (step?.kind === 'timer')
    return c.fireTimer(id, { ...meta, now: Math.max(run.now, activation.dueAt ?? run.now) });
  if (step?.kind === 'wait-for-event') {
    return c.correlate(
      step.event,
      String(state.data[step.correlationKey] ?? 'none'),
      scenario.events[0]?.payload ?? {},
      meta,
    );
  }
  if (activation.status === 'activated') return c.pickUp(id, 'driver', meta);
  if (activation.status === 'assigned') return c.pickUp(id, undefined, meta);
  return c.complete(id, scenario.completion(activation.stepId, 0), meta);
}

/**
 * Drives a run to a terminal state: diligent commands while they are accepted, and a cancellation
 * when nothing sensible is left (a refused step, or a running instance with nothing to do, which
 * `stuck` reports so a property can insist it never happens).
 */
export function driveToEnd(
  scenario: Scenario,
  from: Run,
): { run: Run; stuck: boolean; refusal?: DomainError } {
  let run = from;
  for (let index = 0; index < 200 && !isTerminal(run.state); index++) {
    const command = nextDiligentCommand(scenario, run, index);
    const outcome = command ? attempt(scenario, { ...run, now: command.metadata.now }, command) : undefined;
    if (!outcome || outcome.result instanceof DomainError) {
      const cancelled = attempt(
        scenario,
        run,
        c.cancel('driver gave up', { now: run.now, idempotencyKey: 'drive-cancel' }),
      );
      const refusal = outcome?.result instanceof DomainError ? { refusal: outcome.result } : {};
      return { run: cancelled.run, stuck: command === undefined, ...refusal };
    }
    run = outcome.run;
  }
  return { run, stuck: !isTerminal(run.state) };
}
