import { START, type Deadline, type OwnerSpec, type ProcessDefinition } from '../model';
import { handoffPath, stepPath } from '../paths';
import { analyseDataFlow, provides, type DataFlow } from './data-flow';
import { finding, type LintCheck, type LintFinding } from './types';

interface Requirement {
  readonly field: string;
  readonly path: string;
  readonly what: string;
}

/**
 * Every field the process relies on is present where it is needed, on every path there: a handoff's
 * data contract, owner dataField and event correlationKey (when the handoff fires); a step's
 * relative deadline or timer field, owner or escalation dataField, and a wait-for-event
 * correlationKey (when the step activates). Present means provided by the start trigger (every
 * trigger, if several), the initial `data`, an upstream step output or wait-for-event payload, or
 * an upstream handoff contract. A dotted field counts as present when an enclosing object is.
 * Routing conditions are not checked here: a missing field fails their evaluation at run time.
 */
export const dataNotProvided: LintCheck = (definition) => {
  const flow = analyseDataFlow(definition);
  return [...handoffRequirements(definition, flow), ...stepRequirements(definition, flow)];
};

function handoffRequirements(definition: ProcessDefinition, flow: DataFlow): LintFinding[] {
  return definition.handoffs.flatMap((handoff) => {
    const at = handoffPath(handoff.id);
    const needs: Requirement[] = (handoff.data ?? []).map((field, index) => ({
      field: field.name,
      path: `${at}.data[${index}]`,
      what: `the data contract of handoff '${handoff.id}'`,
    }));
    needs.push(...ownerNeeds(handoff.owner, `${at}.owner`, `the owner of handoff '${handoff.id}'`));
    if (handoff.trigger?.kind === 'event') {
      const what = `the event trigger of handoff '${handoff.id}'`;
      needs.push({ field: handoff.trigger.correlationKey, path: `${at}.on.correlationKey`, what });
    }
    const where = handoff.from.includes(START) ? 'at start' : `after ${handoff.from.join(', ')}`;
    return check(needs, flow.atHandoff(handoff, 'must'), flow.atHandoff(handoff, 'may'), where);
  });
}

function stepRequirements(definition: ProcessDefinition, flow: DataFlow): LintFinding[] {
  return definition.steps.flatMap((step) => {
    const at = stepPath(step.id);
    const needs: Requirement[] = [
      ...deadlineNeeds(step.deadline, `${at}.deadline`, `the deadline of step '${step.id}'`),
      ...ownerNeeds(step.owner, `${at}.owner`, `the owner of step '${step.id}'`),
      ...step.escalations.flatMap((level, index) =>
        ownerNeeds(level.to, `${at}.escalate[${index}].to`, `escalation ${index + 1} of step '${step.id}'`),
      ),
    ];
    if (step.kind === 'timer') needs.push(...deadlineNeeds(step.fires, `${at}.fires`, `timer '${step.id}'`));
    if (step.kind === 'wait-for-event') {
      needs.push({
        field: step.correlationKey,
        path: `${at}.correlationKey`,
        what: `the event step '${step.id}'`,
      });
    }
    return check(needs, flow.must.get(step.id), flow.may.get(step.id), `when '${step.id}' activates`);
  });
}

function check(
  needs: readonly Requirement[],
  must: ReadonlySet<string> | undefined,
  may: ReadonlySet<string> | undefined,
  where: string,
): LintFinding[] {
  if (!must) return [];
  return needs
    .filter((need) => !provides(must, need.field))
    .map((need) =>
      finding(
        'data-not-provided',
        need.path,
        may && provides(may, need.field)
          ? `'${need.field}', needed by ${need.what}, is missing ${where} on some paths: provide it on every path (trigger requires, data, or a step output)`
          : `'${need.field}', needed by ${need.what}, is never provided ${where}: add it to the trigger's requires, the initial data, or an upstream step's outputs`,
      ),
    );
}

function deadlineNeeds(deadline: Deadline | undefined, path: string, what: string): Requirement[] {
  return deadline?.kind === 'relative' ? [{ field: deadline.field, path: `${path}.relativeTo`, what }] : [];
}

function ownerNeeds(owner: OwnerSpec | undefined, path: string, what: string): Requirement[] {
  return owner?.kind === 'data-field' ? [{ field: owner.field, path: `${path}.dataField`, what }] : [];
}
