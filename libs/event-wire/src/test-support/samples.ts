import type { DomainEventData, DomainEventType } from '../mappers/event-mappers';

// One or more realistic data samples per domain event type, in the shapes the domain records
// (ids and values from the order-to-cash and employee-onboarding reference processes). Typed so
// that a new event type without a sample does not compile. Every time equals AT unless a sample
// exercises a wire gap on purpose (see WIRE_GAPS).

export const AT = Date.UTC(2026, 0, 5, 9, 30, 0, 123);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INSTANCE = 'instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f';
const ref = (stepId: string, attempt = 1) => ({
  instanceId: INSTANCE,
  activationId: `${stepId}#${attempt}`,
  stepId,
});

type Samples = { readonly [T in DomainEventType]: readonly [DomainEventData<T>, ...DomainEventData<T>[]] };

export const samples = {
  InstanceStarted: [
    {
      instanceId: INSTANCE,
      definitionId: 'order-to-cash',
      definitionVersion: 3,
      businessKey: 'SO-1001',
      data: {
        orderId: 'SO-1001',
        orderTotal: 1200.75,
        lineItems: [{ sku: 'DESK-1', quantity: 4 }],
        shippingAddress: { city: 'Lyon', country: 'FR', floor: null },
        expedite: false,
      },
      triggerType: 'commerce.order.placed',
      definitionSha256: '3f'.repeat(32),
    },
    {
      instanceId: INSTANCE,
      definitionId: 'budget-approval',
      definitionVersion: 1,
      businessKey: 'BR-9',
      data: {},
    },
  ],
  StepActivated: [
    {
      ...ref('confirm-terms'),
      stepKind: 'human-task',
      handedOffFrom: [{ handoffId: 'start->confirm-terms', fromStepId: 'start', completedAt: AT }],
      dueAt: AT + DAY,
      owner: { kind: 'team', teamId: 'sales' },
      policy: 'round-robin',
      attempt: 1,
    },
    {
      ...ref('manager-approval', 2),
      stepKind: 'approval',
      handedOffFrom: [
        {
          handoffId: 'rework->manager-approval',
          fromStepId: 'review',
          fromActivationId: 'review#1',
          completedAt: AT,
        },
      ],
      owner: { kind: 'data-field', field: 'hiringManagerId' },
      policy: 'direct',
      attempt: 2,
    },
    {
      ...ref('wait-payment'),
      stepKind: 'wait-for-event',
      handedOffFrom: [],
      policy: 'manual-claim',
      attempt: 1,
    },
    {
      ...ref('it-setup'),
      stepKind: 'automated',
      handedOffFrom: [],
      owner: { kind: 'role', role: 'it-lead' },
      policy: 'least-loaded',
      attempt: 1,
    },
    {
      ...ref('grace-period'),
      stepKind: 'timer',
      handedOffFrom: [],
      owner: { kind: 'person', personId: 'alice' },
      dueAt: AT + 2 * DAY,
      policy: 'direct',
      attempt: 1,
    },
  ],
  StepAssigned: [
    { ...ref('confirm-terms'), personId: 'sam', teamId: 'sales', reason: 'round-robin in sales' },
    { ...ref('confirm-terms'), personId: 'sam', reason: 'direct' },
  ],
  StepStarted: [{ ...ref('confirm-terms'), personId: 'sam' }, { ...ref('it-setup') }],
  StepCompleted: [
    {
      ...ref('credit-check'),
      outcome: 'approved',
      output: { creditLimit: 50_000, rating: 'A-', checks: [{ bureau: 'x', ok: true }], comment: null },
      personId: 'rosa',
      routedVia: ['credit-check->billing', 'credit-check->fulfilment'],
    },
    { ...ref('wait-payment'), output: {}, routedVia: [] },
  ],
  StepFailed: [
    { ...ref('it-setup'), kind: 'failed', reason: 'LDAP unreachable', errorCode: 'LDAP-503' },
    {
      ...ref('manager-approval'),
      kind: 'rejected',
      reason: 'budget exceeded',
      outcome: 'rejected',
      exceptionPathId: 'manager-rejects',
    },
  ],
  StepReassigned: [
    { ...ref('confirm-terms'), fromPersonId: 'sam', toPersonId: 'kim', reason: 'sam is on leave' },
    { ...ref('confirm-terms'), toPersonId: 'kim', reason: 'claimed from queue' },
  ],
  StepOverdue: [{ ...ref('confirm-terms'), dueAt: AT - HOUR }],
  StepEscalated: [
    {
      ...ref('confirm-terms'),
      level: 2,
      action: 'reassign',
      to: { kind: 'role', role: 'sales-lead' },
      toPersonId: 'lena',
      reason: 'overdue by 1 day',
    },
    {
      ...ref('confirm-terms'),
      level: 1,
      action: 'remind',
      to: { kind: 'person', personId: 'sam' },
      reason: 'due',
    },
  ],
  HandoffAtRisk: [
    {
      instanceId: INSTANCE,
      handoffId: 'terms-to-billing',
      fromStepId: 'confirm-terms',
      fromActivationId: 'confirm-terms#1',
      fromCompletedAt: AT - 3 * HOUR,
      toStepId: 'set-up-billing',
      toActivationId: 'set-up-billing#1',
      stage: 'pickup',
      assigneeId: 'kim',
      dueAt: AT + HOUR,
      owner: { kind: 'role', role: 'revops-manager' },
      atRiskAt: AT,
    },
  ],
  HandoffBreached: [
    {
      instanceId: INSTANCE,
      handoffId: 'start->confirm-terms',
      fromStepId: 'start',
      fromCompletedAt: AT - DAY,
      toStepId: 'confirm-terms',
      toActivationId: 'confirm-terms#1',
      stage: 'assignment',
      dueAt: AT - HOUR,
    },
    {
      instanceId: INSTANCE,
      handoffId: 'branches-to-welcome',
      fromStepId: 'provision-it',
      fromActivationId: 'provision-it#1',
      fromCompletedAt: AT - DAY,
      toStepId: 'welcome',
      stage: 'routing',
      dueAt: AT - HOUR,
      owner: { kind: 'data-field', field: 'hiringManagerId' },
    },
  ],
  TriggerCorrelated: [
    {
      instanceId: INSTANCE,
      triggerType: 'payment.received',
      correlationKey: 'INV-77',
      activationId: 'wait-payment#1',
      payload: { amount: 1200.75, currency: 'EUR', paidAt: '2026-02-01T10:00:00Z' },
    },
    {
      instanceId: INSTANCE,
      triggerType: 'shipment.delivered',
      correlationKey: 'SO-1001',
      handoffId: 'ship->invoice',
      payload: {},
    },
  ],
  InstanceCompleted: [{ instanceId: INSTANCE, data: { orderId: 'SO-1001', paid: true, total: 1200.75 } }],
  InstanceCancelled: [
    {
      instanceId: INSTANCE,
      reason: 'customer withdrew the order',
      cancelledActivationIds: ['billing#1', 'fulfilment#1'],
    },
    {
      instanceId: INSTANCE,
      reason: 'credit refused',
      cancelledActivationIds: [],
      exceptionPathId: 'credit-refused',
    },
  ],
  InstanceFailed: [
    {
      instanceId: INSTANCE,
      reason: 'it-setup failed without an exception path',
      activationId: 'it-setup#1',
      cancelledActivationIds: ['badge#1'],
    },
    { instanceId: INSTANCE, reason: 'rework bound exceeded', cancelledActivationIds: [] },
  ],
  PersonRegistered: [
    { personId: 'alice', name: 'Alice Martin', email: 'alice@example.test' },
    { personId: 'bob', name: 'Bob' },
  ],
  TeamCreated: [{ teamId: 'finance', name: 'Finance' }],
  MemberAdded: [{ teamId: 'finance', personId: 'alice' }],
  MemberRemoved: [{ teamId: 'finance', personId: 'alice' }],
  RoleGranted: [{ personId: 'alice', role: 'department-head' }],
  RoleRevoked: [{ personId: 'alice', role: 'department-head' }],
  AvailabilityChanged: [
    { personId: 'alice', status: 'unavailable', from: AT, until: AT + 14 * DAY, reason: 'parental leave' },
    { personId: 'alice', status: 'unavailable', from: AT },
    { personId: 'alice', status: 'available', from: AT },
  ],
  AssignmentPolicySet: [
    { teamId: 'finance', policy: 'least-loaded' },
    { teamId: 'sales', policy: 'manual-claim' },
  ],
  EscalationPolicySet: [
    {
      teamId: 'finance',
      chain: [
        { afterMs: -2 * DAY - 1500, action: 'remind', to: { kind: 'team', teamId: 'finance' } },
        { afterMs: 0, action: 'notify', to: { kind: 'role', role: 'department-head' } },
        { afterMs: 4 * HOUR + 250, action: 'reassign', to: { kind: 'person', personId: 'lena' } },
      ],
    },
    { teamId: 'sales', chain: [] },
  ],
  CalendarVersionRecorded: [
    {
      calendarId: 'paris',
      version: 2,
      name: 'Paris office',
      rules: {
        timeZone: 'Europe/Paris',
        week: {
          1: [
            { startMinute: 540, endMinute: 720 },
            { startMinute: 780, endMinute: 1080 },
          ],
          5: [{ startMinute: 540, endMinute: 1440 }],
        },
        holidays: ['2026-12-25'],
        closures: [{ from: AT, to: AT + DAY }],
      },
    },
  ],
  CalendarAssigned: [
    { calendarId: 'paris', subject: { kind: 'team', teamId: 'finance' } },
    { calendarId: 'paris', subject: { kind: 'person', personId: 'alice' } },
    { calendarId: 'paris', subject: { kind: 'tenant' } },
  ],
  DefinitionVersionPublished: [
    {
      definitionId: 'order-to-cash',
      version: 3,
      contentSha256: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c',
      source: { format: 'yaml', text: 'id: order-to-cash\nname: Order to cash\nsteps: []\n' },
      findings: [
        {
          ruleId: 'handoff-without-data-contract',
          severity: 'warning',
          message: 'handoff terms->billing has no data contract',
          path: 'handoffs[terms->billing].data',
          line: 42,
          column: 5,
          waived: true,
        },
        {
          ruleId: 'single-person-dependency',
          severity: 'info',
          message: 'only sam',
          path: 'steps[confirm-terms].owner',
          waived: false,
        },
      ],
      changeNote: 'Billing waits for the signed terms',
    },
    {
      definitionId: 'budget-approval',
      version: 1,
      contentSha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
      source: { format: 'json', text: '{"id":"budget-approval"}' },
      findings: [],
    },
  ],
  DefinitionDeprecated: [
    { definitionId: 'order-to-cash', version: 2, reason: 'superseded by v3', replacedByVersion: 3 },
    { definitionId: 'order-to-cash', reason: 'process retired' },
  ],
} as const satisfies Samples;
