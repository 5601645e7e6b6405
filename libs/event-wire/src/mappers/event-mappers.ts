import type { eventDataTypes, EventTypeName } from '@baton/contracts';
import type { calendar, directory, instance } from '@baton/domain';
import { calendarAssigned, calendarVersionRecorded } from './calendar.mappers';
import type { DefinitionEvent } from './definition.mappers';
import { definitionDeprecated, definitionVersionPublished } from './definition.mappers';
import * as dir from './directory.mappers';
import { handoffAtRisk, handoffBreached } from './handoff-alert.mappers';
import type { EventDataMapper } from './event-data-mapper';
import * as inst from './instance.mappers';
import * as step from './step.mappers';

/** Every event Baton's domain records, over all aggregates. */
export type DomainEvent =
  instance.InstanceEvent | directory.DirectoryEvent | calendar.CalendarEvent | DefinitionEvent;
export type DomainEventType = DomainEvent['type'];
export type DomainEventData<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];

/** The generated data message of a wire event type, e.g. `executionV1.StepCompleted`. */
export type WireMessage<T extends string> = T extends EventTypeName
  ? ReturnType<(typeof eventDataTypes)[T]['decode']>
  : never;

/**
 * One data mapper per domain event type. The `satisfies` makes a new domain event without a
 * mapper, or a domain event without a wire message in the event catalog, a compile error.
 */
export const eventDataMappers = {
  InstanceStarted: inst.instanceStarted,
  StepActivated: step.stepActivated,
  StepAssigned: step.stepAssigned,
  StepStarted: step.stepStarted,
  StepCompleted: step.stepCompleted,
  StepFailed: step.stepFailed,
  StepReassigned: step.stepReassigned,
  StepOverdue: step.stepOverdue,
  StepEscalated: step.stepEscalated,
  HandoffAtRisk: handoffAtRisk,
  HandoffBreached: handoffBreached,
  TriggerCorrelated: inst.triggerCorrelated,
  InstanceCompleted: inst.instanceCompleted,
  InstanceCancelled: inst.instanceCancelled,
  InstanceFailed: inst.instanceFailed,
  PersonRegistered: dir.personRegistered,
  TeamCreated: dir.teamCreated,
  MemberAdded: dir.memberAdded,
  MemberRemoved: dir.memberRemoved,
  RoleGranted: dir.roleGranted,
  RoleRevoked: dir.roleRevoked,
  AvailabilityChanged: dir.availabilityChanged,
  AssignmentPolicySet: dir.assignmentPolicySet,
  EscalationPolicySet: dir.escalationPolicySet,
  CalendarVersionRecorded: calendarVersionRecorded,
  CalendarAssigned: calendarAssigned,
  DefinitionVersionPublished: definitionVersionPublished,
  DefinitionDeprecated: definitionDeprecated,
} as const satisfies {
  readonly [T in DomainEventType]: EventDataMapper<DomainEventData<T>, WireMessage<T>>;
};

/** Wire event types of the public contract that the domain does not record (yet). */
export const WIRE_ONLY_EVENT_TYPES = ['TriggerRejected'] as const satisfies readonly Exclude<
  EventTypeName,
  DomainEventType
>[];

/**
 * Domain fields the wire messages cannot carry, and what they read back as. Everything else
 * round-trips exactly. Each is a missing proto field, not a choice of this mapping.
 */
export const WIRE_GAPS: Readonly<Partial<Record<DomainEventType, readonly string[]>>> = {
  StepCompleted: ['routedVia absent: read back as [] (the decider always records it)'],
};

/** The mapper of an event type, or undefined for a type Baton does not map. */
export function dataMapperFor(type: string): EventDataMapper<unknown, unknown> | undefined {
  if (!Object.hasOwn(eventDataMappers, type)) return undefined;
  return eventDataMappers[type as DomainEventType] as EventDataMapper<unknown, unknown>;
}
