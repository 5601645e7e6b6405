import type { instance } from '@baton/domain';
import type { InstantFormat } from './instant-format';

/** OCEL 2.0 (JSON format) records, as Baton writes them. */
export type OcelAttributeType = 'string' | 'time' | 'integer' | 'float' | 'boolean';
export type OcelValue = string | number | boolean;

export interface OcelTypeDeclaration {
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly type: OcelAttributeType }[];
}

export interface OcelRelationship {
  readonly objectId: string;
  readonly qualifier: string;
}

export interface OcelEvent {
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly attributes: readonly { readonly name: string; readonly value: OcelValue }[];
  readonly relationships: readonly OcelRelationship[];
}

export interface OcelObject {
  readonly id: string;
  readonly type: string;
  /** Each value with the time it took effect (the Unix epoch for values fixed from the start). */
  readonly attributes: readonly { readonly name: string; readonly time: string; readonly value: OcelValue }[];
  readonly relationships: readonly OcelRelationship[];
}

export const OBJECT_TYPES = {
  instance: 'instance',
  activation: 'step-activation',
  person: 'person',
  team: 'team',
} as const;

/** Object ids name their type, so ids from different kinds of thing never collide. */
export const objectIds = {
  instance: (instanceId: string) => `instance:${instanceId}`,
  activation: (instanceId: string, activationId: string) => `step-activation:${instanceId}/${activationId}`,
  person: (personId: string) => `person:${personId}`,
  team: (teamId: string) => `team:${teamId}`,
};

export const OBJECT_TYPE_DECLARATIONS: readonly OcelTypeDeclaration[] = [
  {
    name: OBJECT_TYPES.instance,
    attributes: [
      { name: 'definitionId', type: 'string' },
      { name: 'definitionVersion', type: 'integer' },
      { name: 'businessKey', type: 'string' },
      { name: 'status', type: 'string' },
    ],
  },
  {
    name: OBJECT_TYPES.activation,
    attributes: [
      { name: 'stepId', type: 'string' },
      { name: 'attempt', type: 'integer' },
      { name: 'stepKind', type: 'string' },
      { name: 'dueAt', type: 'time' },
      { name: 'status', type: 'string' },
      { name: 'assignee', type: 'string' },
    ],
  },
  { name: OBJECT_TYPES.person, attributes: [] },
  { name: OBJECT_TYPES.team, attributes: [] },
];

type Attributes = OcelTypeDeclaration['attributes'];
const STEP: Attributes = [
  { name: 'stepId', type: 'string' },
  { name: 'attempt', type: 'integer' },
];

/** A handoff SLA alert: the edge, where it waits and its deadline. */
const HANDOFF: Attributes = [
  { name: 'handoffId', type: 'string' },
  { name: 'fromStepId', type: 'string' },
  { name: 'toStepId', type: 'string' },
  { name: 'stage', type: 'string' },
  { name: 'dueAt', type: 'time' },
];

/** The attributes an event of each Baton type may carry (absent values are left out). */
export const EVENT_ATTRIBUTES: Readonly<Record<instance.InstanceEventType, Attributes>> = {
  InstanceStarted: [
    { name: 'definitionId', type: 'string' },
    { name: 'definitionVersion', type: 'integer' },
    { name: 'businessKey', type: 'string' },
    { name: 'triggerType', type: 'string' },
  ],
  StepActivated: [
    ...STEP,
    { name: 'stepKind', type: 'string' },
    { name: 'policy', type: 'string' },
    { name: 'dueAt', type: 'time' },
  ],
  StepAssigned: [...STEP, { name: 'reason', type: 'string' }],
  StepReassigned: [...STEP, { name: 'reason', type: 'string' }],
  StepStarted: STEP,
  StepCompleted: [...STEP, { name: 'outcome', type: 'string' }],
  StepFailed: [
    ...STEP,
    { name: 'reason', type: 'string' },
    { name: 'outcome', type: 'string' },
    { name: 'errorCode', type: 'string' },
    { name: 'exceptionPathId', type: 'string' },
  ],
  StepOverdue: [...STEP, { name: 'dueAt', type: 'time' }],
  StepEscalated: [
    ...STEP,
    { name: 'level', type: 'integer' },
    { name: 'action', type: 'string' },
    { name: 'reason', type: 'string' },
  ],
  HandoffAtRisk: [...HANDOFF, { name: 'atRiskAt', type: 'time' }],
  HandoffBreached: HANDOFF,
  TriggerCorrelated: [
    { name: 'triggerType', type: 'string' },
    { name: 'correlationKey', type: 'string' },
    { name: 'handoffId', type: 'string' },
  ],
  InstanceCompleted: [],
  InstanceCancelled: [
    { name: 'reason', type: 'string' },
    { name: 'exceptionPathId', type: 'string' },
  ],
  InstanceFailed: [{ name: 'reason', type: 'string' }],
};

const STEP_VERBS: Partial<Record<instance.InstanceEventType, string>> = {
  StepActivated: 'activated',
  StepAssigned: 'assigned',
  StepReassigned: 'reassigned',
  StepStarted: 'started',
  StepCompleted: 'completed',
  StepOverdue: 'overdue',
  StepEscalated: 'escalated',
};

const INSTANCE_TYPES: Partial<Record<instance.InstanceEventType, string>> = {
  InstanceStarted: 'Instance started',
  InstanceCompleted: 'Instance completed',
  InstanceCancelled: 'Instance cancelled',
  InstanceFailed: 'Instance failed',
  TriggerCorrelated: 'Trigger correlated',
  HandoffAtRisk: 'Handoff at risk',
  HandoffBreached: 'Handoff breached',
};

/**
 * The OCEL event type (the activity mining tools show) of a Baton event: `<step id> <verb>` for
 * a step's events (`review completed`, `review rejected`), `Instance started` and the like for the
 * instance's. Step ids are lower case, so the two kinds never collide.
 */
export function ocelEventType(event: instance.InstanceEvent): string {
  if (event.type === 'StepFailed') return `${event.data.stepId} ${event.data.kind}`;
  const verb = STEP_VERBS[event.type];
  if (verb !== undefined) return `${(event.data as { stepId: string }).stepId} ${verb}`;
  return INSTANCE_TYPES[event.type] ?? event.type;
}

/**
 * The declared attributes an event has, typed as declared (times written by `time`). Only an
 * activation's first event carries its `attempt`, so the caller passes it.
 */
export function eventAttributes(
  event: instance.InstanceEvent,
  time: InstantFormat,
  attempt: number | undefined,
): OcelEvent['attributes'] {
  const data = event.data as unknown as Record<string, unknown>;
  const values: { name: string; value: OcelValue }[] = [];
  for (const { name, type } of EVENT_ATTRIBUTES[event.type]) {
    const value = name === 'attempt' ? attempt : data[name];
    if (value === undefined || value === null) continue;
    if (type === 'time' && typeof value === 'number') values.push({ name, value: time(value) });
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values.push({ name, value });
  }
  return values;
}
