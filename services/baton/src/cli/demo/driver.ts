import { commonV1, executionV1 } from '@baton/contracts';
import type { ProcessDefinition, Step } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { BatonConnection } from '../connection';
import { isServiceError } from '../errors';
import { valuesFor, type DataContext } from './data';
import { chooseMove } from './playbook';
import type { DemoStats } from './stats';

const { StepState, InstanceState } = executionV1;
const OPEN = new Set([
  StepState.STEP_STATE_ACTIVATED,
  StepState.STEP_STATE_ASSIGNED,
  StepState.STEP_STATE_STARTED,
]);
/** Errors that mean "someone else moved first" (ownership assigned, a trigger landed): look again. */
const RACES = new Set<number>([status.FAILED_PRECONDITION, status.ABORTED, status.ALREADY_EXISTS]);

export interface DriverOptions {
  readonly definition: ProcessDefinition;
  readonly data: DataContext;
  readonly reworkRate: number;
  /** How long an activated step waits for the ownership service to assign it before a person claims it. */
  readonly assignGraceMs: number;
  /** Stop driving at this time (epoch ms). */
  readonly until: number;
  readonly stats: DemoStats;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export type DriveResult = 'completed' | 'cancelled' | 'failed' | 'stopped' | 'abandoned';

/**
 * Plays the people of one instance until it ends: assigns (when ownership has not), starts and
 * completes its steps with plausible outputs, sometimes rejects to exercise rework loops, and fires
 * the triggers its wait steps need.
 */
export async function driveInstance(
  b: BatonConnection,
  instanceId: string,
  o: DriverOptions,
): Promise<DriveResult> {
  const firstSeen = new Map<string, number>();
  const triggered = new Set<string>();
  let errors = 0;
  let idle = 0;
  while (o.now() < o.until) {
    const { instance } = await b.call(b.execution, b.execution.getInstance, { instanceId });
    if (!instance) return 'abandoned';
    if (instance.state !== InstanceState.INSTANCE_STATE_RUNNING) {
      o.stats.instanceEnded(instance);
      return instance.state === InstanceState.INSTANCE_STATE_COMPLETED
        ? 'completed'
        : instance.state === InstanceState.INSTANCE_STATE_CANCELLED
          ? 'cancelled'
          : 'failed';
    }
    let moved = false;
    for (const a of instance.activations.filter((x) => OPEN.has(x.state))) {
      const step = o.definition.steps.find((s) => s.id === a.stepId);
      if (!step) continue;
      try {
        moved = (await act(b, instance, a, step, { ...{}, ...o, firstSeen, triggered })) || moved;
      } catch (error) {
        if (isServiceError(error) && RACES.has(error.code)) {
          o.stats.race();
          moved = true;
          continue;
        }
        o.stats.error(error);
        if (++errors >= 3) return 'abandoned';
      }
    }
    idle = moved ? 0 : idle + 1;
    if (!moved) await o.sleep(Math.min(500, 25 * 2 ** Math.min(idle, 5)));
  }
  return 'stopped';
}

interface ActState extends DriverOptions {
  readonly firstSeen: Map<string, number>;
  readonly triggered: Set<string>;
}

async function act(
  b: BatonConnection,
  instance: executionV1.Instance,
  a: executionV1.StepActivation,
  step: Step,
  o: ActState,
): Promise<boolean> {
  const ids = { instanceId: instance.instanceId, activationId: a.activationId };
  if (step.kind === 'timer') return false; // the server's scheduler fires it
  if (step.kind === 'wait-for-event') {
    if (o.triggered.has(a.activationId)) return false;
    o.triggered.add(a.activationId);
    const key = String(instance.data?.[step.correlationKey] ?? '');
    const r = await b.call(b.execution, b.execution.publishTrigger, {
      trigger: commonV1.TriggerEvent.fromPartial({
        type: step.event,
        correlationKey: key,
        idempotencyKey: randomUUID(),
        occurredAt: new Date(o.now()),
        payload: valuesFor(step.requires, o.data),
        source: 'baton-demo',
      }),
    });
    o.stats.transitions(r.correlatedInstanceIds.length);
    o.stats.triggers++;
    return true;
  }
  if (a.state === StepState.STEP_STATE_ACTIVATED) {
    const seen = o.firstSeen.get(a.activationId) ?? o.now();
    o.firstSeen.set(a.activationId, seen);
    if (o.now() - seen < o.assignGraceMs) return false; // give the ownership service its chance
    const personId = claimant(instance, a, o.data);
    await b.call(b.execution, b.execution.assignStep, {
      ...executionV1.AssignStepRequest.fromPartial({
        ...{},
        ...ids,
        personId,
        reason: 'claimed in the baton demo',
      }),
    });
    o.stats.transitions(1);
    return true;
  }
  const actor = a.assigneePersonId || claimant(instance, a, o.data);
  if (a.state === StepState.STEP_STATE_ASSIGNED) {
    await b.call(b.execution, b.execution.startStep, executionV1.StartStepRequest.fromPartial(ids), {
      actor,
    });
    o.stats.transitions(1);
    return true;
  }
  const move = chooseMove(o.definition, step, a.attempt, o.data.random, o.reworkRate);
  if (move.kind === 'complete') {
    const r = await b.call(
      b.execution,
      b.execution.completeStep,
      executionV1.CompleteStepRequest.fromPartial({
        ...{},
        ...ids,
        outcome: move.outcome,
        output: valuesFor(step.outputs, o.data),
      }),
      { actor },
    );
    o.stats.transitions(1 + r.activated.length + (r.instanceCompleted ? 1 : 0));
  } else if (move.kind === 'reject') {
    const r = await b.call(
      b.execution,
      b.execution.rejectStep,
      executionV1.RejectStepRequest.fromPartial({
        ...{},
        ...ids,
        outcome: move.outcome,
        reason: move.reason,
      }),
      { actor },
    );
    o.stats.transitions(1 + r.activated.length);
    o.stats.reworks++;
  } else {
    const r = await b.call(
      b.execution,
      b.execution.failStep,
      executionV1.FailStepRequest.fromPartial({
        ...{},
        ...ids,
        reason: move.reason,
        errorCode: 'DEMO_MISMATCH',
      }),
      { actor },
    );
    o.stats.transitions(1 + r.activated.length);
    o.stats.reworks++;
  }
  return true;
}

/** Who picks up unassigned work: the named person, the person in the data field, or a team member. */
function claimant(instance: executionV1.Instance, a: executionV1.StepActivation, data: DataContext): string {
  const owner = a.owner;
  if (owner?.personId) return owner.personId;
  if (owner?.dataField) {
    const named = instance.data?.[owner.dataField];
    if (typeof named === 'string' && named) return named;
  }
  const group = owner?.teamId || owner?.role || a.teamId || 'demo';
  const members = data.people.length > 0 ? data.people : [`${group}-member`];
  let hash = 0;
  for (const c of a.activationId + instance.instanceId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return data.people.length > 0 ? (members[hash % members.length] as string) : `${group}-member`;
}
