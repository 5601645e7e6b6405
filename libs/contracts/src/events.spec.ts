import { eventDataTypes, messageTypeRegistry } from './index';

// The events of ARCHITECTURE.md's service table and the execution events the model adds
// (InstanceFailed, TriggerRejected, HandoffAtRisk, HandoffBreached), by context.
const architectureEvents: Record<string, string[]> = {
  definition: ['DefinitionVersionPublished', 'DefinitionDeprecated'],
  execution: [
    'InstanceStarted',
    'StepActivated',
    'StepAssigned',
    'StepStarted',
    'StepCompleted',
    'StepFailed',
    'StepReassigned',
    'StepOverdue',
    'StepEscalated',
    'HandoffAtRisk',
    'HandoffBreached',
    'TriggerCorrelated',
    'InstanceCompleted',
    'InstanceCancelled',
    'InstanceFailed',
    'TriggerRejected',
  ],
  ownership: [
    'PersonRegistered',
    'TeamCreated',
    'MemberAdded',
    'MemberRemoved',
    'RoleGranted',
    'RoleRevoked',
    'AvailabilityChanged',
    'AssignmentPolicySet',
    'EscalationPolicySet',
    'CalendarVersionRecorded',
    'CalendarAssigned',
  ],
};

const expectedPairs = Object.entries(architectureEvents).flatMap(([context, types]) =>
  types.map((type) => [type, `baton.${context}.v1.${type}`] as const),
);

describe('event data messages', () => {
  it.each(expectedPairs)('%s has a data message %s in the type registry', (_type, typeName) => {
    const type = messageTypeRegistry.get(typeName);
    expect(type?.$type).toBe(typeName);
  });

  it('the event catalog lists exactly those events, each with its own message', () => {
    const catalog = Object.entries(eventDataTypes).map(([type, message]) => [type, message.$type]);
    expect(catalog.sort()).toEqual(expectedPairs.map(([t, n]) => [t, n]).sort());
  });
});
