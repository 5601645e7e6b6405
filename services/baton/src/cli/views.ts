import { commonV1, definitionV1, executionV1 } from '@baton/contracts';
import { enumLabel, fields, table, time } from './format';

export const instanceState = (s: executionV1.InstanceState): string =>
  enumLabel(executionV1.instanceStateToJSON(s), 'INSTANCE_STATE_');
export const stepState = (s: executionV1.StepState): string =>
  enumLabel(executionV1.stepStateToJSON(s), 'STEP_STATE_');
export const stepKind = (k: definitionV1.StepKind): string =>
  enumLabel(definitionV1.stepKindToJSON(k), 'STEP_KIND_');

/** `team:finance`, `role:billing-lead`, `person:alice`, `data:hiringManagerId`. */
export function ownerLabel(owner: commonV1.OwnerSpec | undefined): string {
  if (!owner) return '';
  if (owner.personId) return `person:${owner.personId}`;
  if (owner.teamId) return `team:${owner.teamId}`;
  if (owner.role) return `role:${owner.role}`;
  if (owner.dataField) return `data:${owner.dataField}`;
  return '';
}

export function activationsTable(activations: readonly executionV1.StepActivation[]): string {
  return table(activations, [
    { header: 'activation', value: (a) => a.activationId },
    { header: 'step', value: (a) => a.stepId },
    { header: 'kind', value: (a) => stepKind(a.stepKind) },
    { header: 'state', value: (a) => `${stepState(a.state)}${a.overdue ? ' (overdue)' : ''}` },
    { header: 'assignee', value: (a) => a.assigneePersonId },
    { header: 'team', value: (a) => a.teamId },
    { header: 'attempt', value: (a) => a.attempt },
    { header: 'due', value: (a) => time(a.dueAt) },
    { header: 'outcome', value: (a) => a.outcome || a.failureReason, max: 30 },
  ]);
}

export function instanceText(instance: executionV1.Instance): string {
  const head = fields([
    ['instance', instance.instanceId],
    ['definition', `${instance.definitionId} v${instance.definitionVersion}`],
    ['business key', instance.businessKey],
    ['state', instanceState(instance.state)],
    ['started', `${time(instance.startedAt)}${instance.startedBy?.id ? ` by ${instance.startedBy.id}` : ''}`],
    ['ended', time(instance.endedAt)],
    ['end reason', instance.endReason],
    ['stream version', instance.streamVersion],
  ]);
  return `${head}\n\n${activationsTable(instance.activations)}`;
}

export function instancesTable(instances: readonly executionV1.Instance[]): string {
  return table(instances, [
    { header: 'instance', value: (i) => i.instanceId },
    { header: 'definition', value: (i) => `${i.definitionId} v${i.definitionVersion}` },
    { header: 'business key', value: (i) => i.businessKey, max: 30 },
    { header: 'state', value: (i) => instanceState(i.state) },
    { header: 'started', value: (i) => time(i.startedAt) },
    { header: 'ended', value: (i) => time(i.endedAt) },
  ]);
}

export function workTable(items: readonly executionV1.WorkItem[]): string {
  return table(items, [
    { header: 'instance', value: (w) => w.instanceId },
    { header: 'activation', value: (w) => w.activation?.activationId },
    { header: 'definition', value: (w) => w.definitionId },
    { header: 'business key', value: (w) => w.businessKey, max: 24 },
    { header: 'step', value: (w) => w.activation?.stepId },
    { header: 'state', value: (w) => (w.activation ? stepState(w.activation.state) : '') },
    { header: 'assignee', value: (w) => w.activation?.assigneePersonId },
    { header: 'due', value: (w) => time(w.activation?.dueAt) },
  ]);
}

/** One line about an activation after a step command. */
export function activationLine(a: executionV1.StepActivation | undefined): string {
  if (!a) return '(no activation returned)';
  const who = a.assigneePersonId ? ` (${a.assigneePersonId})` : '';
  return `${a.stepId} [${a.activationId}] ${stepState(a.state)}${who}`;
}
