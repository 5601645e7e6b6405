import { eventDataTypes, type EventTypeName } from '@baton/contracts';
import {
  dataMapperFor,
  eventDataMappers,
  WIRE_GAPS,
  WIRE_ONLY_EVENT_TYPES,
  type DomainEventType,
} from './event-mappers';

// Every event type of the domain's unions, at run time. `satisfies` makes a type added to
// InstanceEvent, DirectoryEvent or DefinitionEvent without an entry here a compile error, and an
// entry that is not a domain event type too; the tests below then fail until it has a mapper.
const domainEventTypes = {
  InstanceStarted: true,
  StepActivated: true,
  StepAssigned: true,
  StepStarted: true,
  StepCompleted: true,
  StepFailed: true,
  StepReassigned: true,
  StepOverdue: true,
  StepEscalated: true,
  HandoffAtRisk: true,
  HandoffBreached: true,
  TriggerCorrelated: true,
  InstanceCompleted: true,
  InstanceCancelled: true,
  InstanceFailed: true,
  PersonRegistered: true,
  TeamCreated: true,
  MemberAdded: true,
  MemberRemoved: true,
  RoleGranted: true,
  RoleRevoked: true,
  AvailabilityChanged: true,
  AssignmentPolicySet: true,
  EscalationPolicySet: true,
  CalendarVersionRecorded: true,
  CalendarAssigned: true,
  DefinitionVersionPublished: true,
  DefinitionDeprecated: true,
} as const satisfies Record<DomainEventType, true>;

const allDomainTypes = Object.keys(domainEventTypes) as DomainEventType[];

describe('event data mappers', () => {
  it.each(allDomainTypes)('%s has a mapper to its data message in the event catalog', (type) => {
    const mapper = dataMapperFor(type);
    expect(mapper).toBeDefined();
    expect(mapper?.messageType.$type).toBe(eventDataTypes[type as EventTypeName].$type);
  });

  it('maps exactly the domain event types', () => {
    expect(Object.keys(eventDataMappers).sort()).toEqual([...allDomainTypes].sort());
  });

  it('leaves only the declared wire-only types of the catalog without a domain event', () => {
    const unmapped = Object.keys(eventDataTypes).filter((type) => dataMapperFor(type) === undefined);
    expect(unmapped.sort()).toEqual([...WIRE_ONLY_EVENT_TYPES].sort());
  });

  it('knows no mapper for unknown or inherited names', () => {
    expect(dataMapperFor('SnapshotTaken')).toBeUndefined();
    expect(dataMapperFor('toString')).toBeUndefined();
  });

  it('declares the known wire gaps and no others', () => {
    expect(Object.keys(WIRE_GAPS).sort()).toEqual(['StepCompleted']);
  });
});
