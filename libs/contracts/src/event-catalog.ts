import * as definition from './gen/baton/definition/v1/events';
import * as execution from './gen/baton/execution/v1/events';
import * as ownership from './gen/baton/ownership/v1/events';

/**
 * The data message of every event type, per emitting context. An event's envelope `type` is the
 * key; its `data` is an `Any` holding the message (`baton.<context>.v1.<type>`).
 */
export const definitionEventDataTypes = {
  DefinitionVersionPublished: definition.DefinitionVersionPublished,
  DefinitionDeprecated: definition.DefinitionDeprecated,
} as const;

/** See {@link definitionEventDataTypes}. */
export const executionEventDataTypes = {
  InstanceStarted: execution.InstanceStarted,
  StepActivated: execution.StepActivated,
  StepAssigned: execution.StepAssigned,
  StepStarted: execution.StepStarted,
  StepCompleted: execution.StepCompleted,
  StepFailed: execution.StepFailed,
  StepReassigned: execution.StepReassigned,
  StepOverdue: execution.StepOverdue,
  StepEscalated: execution.StepEscalated,
  HandoffAtRisk: execution.HandoffAtRisk,
  HandoffBreached: execution.HandoffBreached,
  TriggerCorrelated: execution.TriggerCorrelated,
  TriggerRejected: execution.TriggerRejected,
  InstanceCompleted: execution.InstanceCompleted,
  InstanceCancelled: execution.InstanceCancelled,
  InstanceFailed: execution.InstanceFailed,
} as const;

/** See {@link definitionEventDataTypes}. */
export const ownershipEventDataTypes = {
  PersonRegistered: ownership.PersonRegistered,
  TeamCreated: ownership.TeamCreated,
  MemberAdded: ownership.MemberAdded,
  MemberRemoved: ownership.MemberRemoved,
  RoleGranted: ownership.RoleGranted,
  RoleRevoked: ownership.RoleRevoked,
  AvailabilityChanged: ownership.AvailabilityChanged,
  AssignmentPolicySet: ownership.AssignmentPolicySet,
  EscalationPolicySet: ownership.EscalationPolicySet,
  CalendarVersionRecorded: ownership.CalendarVersionRecorded,
  CalendarAssigned: ownership.CalendarAssigned,
} as const;

/** Every event type of every context, with its data message. */
export const eventDataTypes = {
  ...{},
  ...definitionEventDataTypes,
  ...executionEventDataTypes,
  ...ownershipEventDataTypes,
} as const;

/** The name of an event type, e.g. `'StepCompleted'`. */
export type EventTypeName = keyof typeof eventDataTypes;
