import { dueWithin } from '../../calendar/registry/deadlines';
import type { CalendarRegistry } from '../../calendar/registry/state';
import type { Deadline, OwnerSpec, ProcessDefinition, Step } from '../../definition/model';
import { sensitiveFields } from '../../definition/redaction';
import type { DataRecord, Millis } from '../../shared/data';
import { invalid, InstanceErrorCode as C } from '../errors';
import type { HandoffSource } from '../events';
import { eventOf, recordStepEvent, type DecisionContext, type RunningDecision } from '../decide/decision';
import { nextActivation } from '../state';
import { requireStep } from '../decide/guards';
import { parseInstant } from './instants';

/** How a refused value is quoted in a violation: as JSON. */
type Quote = (field: string, value: unknown) => string;
const asJson: Quote = (_field, value) => JSON.stringify(value);

/** Quotes values as JSON except those of the definition's sensitive fields (looked up only on refusal). */
const quoteFor =
  (definition: ProcessDefinition): Quote =>
  (field, value) =>
    sensitiveFields(definition).has(field) ? 'a value of a sensitive field' : JSON.stringify(value);

/** Who a deadline in business time counts the working time of, and the tenant's calendars. */
export interface DeadlineClock {
  readonly owner?: OwnerSpec;
  readonly calendars?: CalendarRegistry;
}

/**
 * When a deadline falls: `within` counts from activation (in business time of the owner's
 * calendar with `business`), `relative` from a date in the data (two days before `startDate`). A
 * missing or unreadable date refuses the activation: a step without a resolvable deadline would
 * silently never be chased.
 */
export function resolveDeadline(
  deadline: Deadline,
  now: Millis,
  data: DataRecord,
  stepId: string,
  clock: DeadlineClock = {},
  quote: Quote = asJson,
): Millis {
  if (deadline.kind === 'within') return dueWithin(deadline, now, clock.owner, clock.calendars);
  const value = data[deadline.field];
  const base = parseInstant(value);
  if (base === undefined) {
    const missing = value === undefined || value === null;
    throw invalid(C.deadlineUnresolvable, `The deadline of step ${stepId} cannot be resolved`, [
      {
        field: `data.${deadline.field}`,
        description: missing
          ? 'missing; the step deadline is relative to it'
          : `must be a date or timestamp, got ${quote(deadline.field, value)}`,
        reason: missing ? 'REQUIRED' : 'TYPE_MISMATCH',
      },
    ]);
  }
  return base + deadline.offsetMs;
}

/** A timer step is due when it fires; any other step when its deadline passes. */
function dueAt(
  step: Step,
  now: Millis,
  data: DataRecord,
  clock: DeadlineClock,
  quote: Quote,
): Millis | undefined {
  if (step.kind === 'timer') return resolveDeadline(step.fires, now, data, step.id, clock, quote);
  return step.deadline ? resolveDeadline(step.deadline, now, data, step.id, clock, quote) : undefined;
}

/** A person named in the data is resolved now, so ownership receives a person, not a field name. */
function resolveOwner(
  owner: OwnerSpec | undefined,
  data: DataRecord,
  stepId: string,
  quote: Quote,
): OwnerSpec | undefined {
  if (owner?.kind !== 'data-field') return owner;
  const personId = data[owner.field];
  if (typeof personId !== 'string' || personId.trim() === '') {
    throw invalid(C.ownerUnresolved, `The owner of step ${stepId} cannot be resolved`, [
      {
        field: `data.${owner.field}`,
        description: `must name the owner's person id, got ${quote(owner.field, personId ?? null)}`,
        reason: personId === undefined || personId === null ? 'REQUIRED' : 'TYPE_MISMATCH',
      },
    ]);
  }
  return { kind: 'person', personId };
}

/** Records a new activation of `stepId`, handed off from `sources` (one per arrival at a join). */
export function activateStep(
  decision: RunningDecision,
  context: DecisionContext,
  stepId: string,
  sources: readonly HandoffSource[],
): RunningDecision {
  const { state } = decision;
  const step = requireStep(context.definition, stepId);
  const { activationId, attempt } = nextActivation(state, stepId);
  // A refusal's message can reach people who never saw the data (the worker whose completion
  // activated this step, a dead-letter reason): sensitive values are not quoted.
  const quote = quoteFor(context.definition);
  const owner = resolveOwner(step.owner, state.data, stepId, quote);
  const due = dueAt(
    step,
    context.metadata.now,
    state.data,
    {
      ...{},
      ...(owner !== undefined ? { owner } : {}),
      ...(context.metadata.calendars !== undefined ? { calendars: context.metadata.calendars } : {}),
    },
    quote,
  );
  return recordStepEvent(
    decision,
    eventOf(context.metadata, 'StepActivated', {
      instanceId: state.instanceId,
      activationId,
      stepId,
      stepKind: step.kind,
      handedOffFrom: sources,
      ...(due !== undefined ? { dueAt: due } : {}),
      ...(owner !== undefined ? { owner } : {}),
      policy: step.policy,
      attempt,
    }),
  );
}
