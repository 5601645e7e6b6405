import type { directory, instance } from '@baton/domain';
import { noStream, type EventStore } from '@baton/eventstore';
import { CLAIMS_V1, CLAIMS_V2, published } from './claims-definitions';

/**
 * Five hand-timed claims (minutes after 09:00 UTC of 2 Nov 2026 + n days, one day each), the two
 * versions of the definition and the directory (intake: amy, bob; review: cat, dan, dan absent
 * since the day before; payout: eve). Expected figures are worked out in flows.spec.ts. v2's
 * handoff to pay has an SLA of 5 minutes, which its sources record as execution does: c4's pay
 * starts 2 minutes after assess (met), c5's 9 minutes after (missed by 4).
 */
export const CLAIMS_T0 = Date.UTC(2026, 10, 2, 9);
const MIN = 60_000;
const DAY = 86_400_000;

type Event = instance.InstanceEvent;
type Line = readonly [minute: number, type: string, data: Record<string, unknown>];
/** A handoff source: the activation (or `start`), its completion minute, the handoff, its SLA in minutes. */
type Source = [activation: string, minute: number, handoffId: string, slaMinutes?: number];

/** One claim's events from compact lines: `[minute, type, data]`, ids filled in. */
function claim(n: number, version: number, lines: readonly Line[]): Event[] {
  const instanceId = `c${n}`;
  const base = CLAIMS_T0 + (n - 1) * DAY;
  const at = (m: number) => base + m * MIN;
  return [
    {
      type: 'InstanceStarted',
      data: {
        instanceId,
        definitionId: 'claims',
        definitionVersion: version,
        businessKey: `C-${n}`,
        data: {},
      },
      at: base,
    },
    ...lines.map(([minute, type, data]): Event => {
      const activationId = data['a'] as string | undefined;
      const rest = { ...data };
      delete rest['a'];
      const ref = activationId ? { activationId, stepId: activationId.split('#')[0] } : {};
      const times = Object.fromEntries(
        ['dueAt', 'completedAt', 'fromCompletedAt', 'atRiskAt'].flatMap((k) =>
          typeof rest[k] === 'number' ? [[k, at(rest[k] as number)]] : [],
        ),
      );
      const from = (rest['from'] as Source[] | undefined)?.map(([source, m, handoffId, slaMinutes]) => ({
        handoffId,
        fromStepId: source === 'start' ? 'start' : (source.split('#')[0] as string),
        ...(source === 'start' ? {} : { fromActivationId: source }),
        completedAt: at(m),
        ...(slaMinutes !== undefined ? { slaWithinMs: slaMinutes * MIN } : {}),
      }));
      delete rest['from'];
      return {
        type,
        data: { instanceId, ...ref, ...rest, ...times, ...(from ? { handedOffFrom: from } : {}) },
        at: at(minute),
      } as Event;
    }),
  ];
}

const activated = (a: string, team: string, from: Source[], extra: Record<string, unknown> = {}) => ({
  a,
  stepKind: 'human-task',
  owner: { kind: 'team', teamId: team },
  policy: 'round-robin',
  attempt: Number(a.split('#')[1]),
  from,
  ...extra,
});
const assigned = (a: string, personId: string) => ({ a, personId, reason: 'round-robin' });
const started = (a: string, personId: string) => ({ a, personId });
const completed = (a: string, personId: string) => ({ a, personId, output: {} });

/** c5's handoff assess → pay (SLA 5 minutes, at risk after 80%), waiting for eve to start it. */
const payAlert = {
  handoffId: 'h-pay',
  fromStepId: 'assess',
  fromActivationId: 'assess#1',
  fromCompletedAt: 36,
  toStepId: 'pay',
  toActivationId: 'pay#1',
  stage: 'pickup',
  assigneeId: 'eve',
  dueAt: 41,
  owner: { kind: 'role', role: 'payout-lead' },
};

export const CLAIMS: readonly Event[][] = [
  claim(1, 1, [
    [0, 'StepActivated', activated('register#1', 'intake', [['start', 0, 'h-start']])],
    [5, 'StepAssigned', assigned('register#1', 'amy')],
    [10, 'StepStarted', started('register#1', 'amy')],
    [30, 'StepCompleted', completed('register#1', 'amy')],
    [30, 'StepActivated', activated('check#1', 'intake', [['register#1', 30, 'h-split']])],
    [30, 'StepActivated', activated('assess#1', 'review', [['register#1', 30, 'h-split']], { dueAt: 90 })],
    [35, 'StepAssigned', assigned('check#1', 'bob')],
    [40, 'StepStarted', started('check#1', 'bob')],
    [40, 'StepAssigned', assigned('assess#1', 'cat')],
    [50, 'StepReassigned', { a: 'assess#1', fromPersonId: 'cat', toPersonId: 'dan', reason: 'holiday' }],
    [60, 'StepStarted', started('assess#1', 'dan')],
    [60, 'StepCompleted', completed('check#1', 'bob')],
    [90, 'StepOverdue', { a: 'assess#1', dueAt: 90 }],
    [
      95,
      'StepEscalated',
      {
        a: 'assess#1',
        level: 1,
        action: 'notify',
        to: { kind: 'team', teamId: 'review' },
        reason: 'overdue',
      },
    ],
    [110, 'StepCompleted', { ...completed('assess#1', 'dan'), outcome: 'approved' }],
    [
      110,
      'StepActivated',
      activated('pay#1', 'payout', [
        ['check#1', 60, 'h-join'],
        ['assess#1', 110, 'h-join'],
      ]),
    ],
    [115, 'StepAssigned', assigned('pay#1', 'eve')],
    [120, 'StepStarted', started('pay#1', 'eve')],
    [150, 'StepCompleted', completed('pay#1', 'eve')],
    [150, 'InstanceCompleted', { data: {} }],
  ]),
  claim(2, 1, [
    [0, 'StepActivated', activated('register#1', 'intake', [['start', 0, 'h-start']])],
    [2, 'StepAssigned', assigned('register#1', 'bob')],
    [4, 'StepStarted', started('register#1', 'bob')],
    [14, 'StepCompleted', completed('register#1', 'bob')],
    [14, 'StepActivated', activated('check#1', 'intake', [['register#1', 14, 'h-split']])],
    [14, 'StepActivated', activated('assess#1', 'review', [['register#1', 14, 'h-split']], { dueAt: 74 })],
    [16, 'StepAssigned', assigned('assess#1', 'cat')],
    [18, 'StepStarted', started('assess#1', 'cat')],
    [20, 'StepAssigned', assigned('check#1', 'amy')],
    [22, 'StepStarted', started('check#1', 'amy')],
    [32, 'StepCompleted', completed('check#1', 'amy')],
    [
      38,
      'StepFailed',
      {
        a: 'assess#1',
        kind: 'rejected',
        reason: 'documents missing',
        outcome: 'rejected',
        exceptionPathId: 'back-to-intake',
      },
    ],
    [39, 'StepActivated', activated('register#2', 'intake', [['assess#1', 38, 'back-to-intake']])],
    [44, 'StepAssigned', assigned('register#2', 'amy')],
    [45, 'StepStarted', started('register#2', 'amy')],
    [55, 'StepCompleted', completed('register#2', 'amy')],
    [55, 'StepActivated', activated('check#2', 'intake', [['register#2', 55, 'h-split']])],
    [55, 'StepActivated', activated('assess#2', 'review', [['register#2', 55, 'h-split']], { dueAt: 115 })],
    [57, 'StepAssigned', assigned('assess#2', 'cat')],
    [58, 'StepStarted', started('assess#2', 'cat')],
    [60, 'StepAssigned', assigned('check#2', 'bob')],
    [61, 'StepStarted', started('check#2', 'bob')],
    [71, 'StepCompleted', completed('check#2', 'bob')],
    [88, 'StepCompleted', { ...completed('assess#2', 'cat'), outcome: 'approved' }],
    [
      88,
      'StepActivated',
      activated('pay#1', 'payout', [
        ['check#2', 71, 'h-join'],
        ['assess#2', 88, 'h-join'],
      ]),
    ],
    [90, 'StepAssigned', assigned('pay#1', 'eve')],
    [92, 'StepStarted', started('pay#1', 'eve')],
    [100, 'StepCompleted', completed('pay#1', 'eve')],
    [100, 'InstanceCompleted', { data: {} }],
  ]),
  claim(3, 1, [
    [0, 'StepActivated', activated('register#1', 'intake', [['start', 0, 'h-start']])],
    [1, 'StepAssigned', assigned('register#1', 'amy')],
    [2, 'StepStarted', started('register#1', 'amy')],
    [12, 'StepCompleted', completed('register#1', 'amy')],
    [12, 'StepActivated', activated('check#1', 'intake', [['register#1', 12, 'h-split']])],
    [12, 'StepActivated', activated('assess#1', 'review', [['register#1', 12, 'h-split']], { dueAt: 42 })],
    [13, 'StepAssigned', assigned('check#1', 'bob')],
    [14, 'StepStarted', started('check#1', 'bob')],
    [15, 'StepAssigned', assigned('assess#1', 'cat')],
    [20, 'StepCompleted', completed('check#1', 'bob')],
    [42, 'StepOverdue', { a: 'assess#1', dueAt: 42 }],
    [
      50,
      'StepEscalated',
      {
        a: 'assess#1',
        level: 1,
        action: 'reassign',
        to: { kind: 'team', teamId: 'review' },
        toPersonId: 'dan',
        reason: 'overdue',
      },
    ],
    [
      70,
      'StepEscalated',
      {
        a: 'assess#1',
        level: 2,
        action: 'notify',
        to: { kind: 'role', role: 'claims-lead' },
        reason: 'overdue',
      },
    ],
  ]),
  claim(4, 2, [
    [0, 'StepActivated', activated('register#1', 'intake', [['start', 0, 'h-start']])],
    [1, 'StepAssigned', assigned('register#1', 'amy')],
    [2, 'StepStarted', started('register#1', 'amy')],
    [6, 'StepCompleted', completed('register#1', 'amy')],
    [6, 'StepActivated', activated('triage#1', 'intake', [['register#1', 6, 'h-triage']])],
    [7, 'StepAssigned', assigned('triage#1', 'bob')],
    [8, 'StepStarted', started('triage#1', 'bob')],
    [10, 'StepCompleted', completed('triage#1', 'bob')],
    [10, 'StepActivated', activated('assess#1', 'review', [['triage#1', 10, 'h-assess']], { dueAt: 40 })],
    [11, 'StepAssigned', assigned('assess#1', 'cat')],
    [12, 'StepStarted', started('assess#1', 'cat')],
    [30, 'StepCompleted', { ...completed('assess#1', 'cat'), outcome: 'approved' }],
    [30, 'StepActivated', activated('pay#1', 'payout', [['assess#1', 30, 'h-pay', 5]], { dueAt: 44 })],
    [31, 'StepAssigned', assigned('pay#1', 'eve')],
    [32, 'StepStarted', started('pay#1', 'eve')],
    [40, 'StepCompleted', completed('pay#1', 'eve')],
    [40, 'InstanceCompleted', { data: {} }],
  ]),
  claim(5, 2, [
    [0, 'StepActivated', activated('register#1', 'intake', [['start', 0, 'h-start']])],
    [2, 'StepAssigned', assigned('register#1', 'bob')],
    [3, 'StepStarted', started('register#1', 'bob')],
    [9, 'StepCompleted', completed('register#1', 'bob')],
    [9, 'StepActivated', activated('triage#1', 'intake', [['register#1', 9, 'h-triage']])],
    [10, 'StepAssigned', assigned('triage#1', 'amy')],
    [11, 'StepStarted', started('triage#1', 'amy')],
    [13, 'StepCompleted', completed('triage#1', 'amy')],
    [13, 'StepActivated', activated('assess#1', 'review', [['triage#1', 13, 'h-assess']], { dueAt: 43 })],
    [15, 'StepAssigned', assigned('assess#1', 'cat')],
    [16, 'StepStarted', started('assess#1', 'cat')],
    [36, 'StepCompleted', { ...completed('assess#1', 'cat'), outcome: 'approved' }],
    [36, 'StepActivated', activated('pay#1', 'payout', [['assess#1', 36, 'h-pay', 5]], { dueAt: 50 })],
    [40, 'StepAssigned', assigned('pay#1', 'eve')],
    [40, 'HandoffAtRisk', { ...payAlert, atRiskAt: 40 }],
    [41, 'HandoffBreached', payAlert],
    [45, 'StepStarted', started('pay#1', 'eve')],
    [60, 'StepCompleted', completed('pay#1', 'eve')],
    [60, 'InstanceCompleted', { data: {} }],
  ]),
];

const LONG_AGO = CLAIMS_T0 - 10 * DAY;
const directoryEvent = (type: string, data: Record<string, unknown>, at = LONG_AGO) =>
  ({ type, data, at }) as directory.DirectoryEvent;

export const DIRECTORY_EVENTS: readonly directory.DirectoryEvent[] = [
  ...[
    ['amy', 'Amy'],
    ['bob', 'Bob'],
    ['cat', 'Cat'],
    ['dan', 'Dan'],
    ['eve', 'Eve'],
  ].map(([personId, name]) => directoryEvent('PersonRegistered', { personId, name })),
  ...[
    ['intake', 'Intake'],
    ['review', 'Review'],
    ['payout', 'Payout'],
  ].map(([teamId, name]) => directoryEvent('TeamCreated', { teamId, name })),
  ...[
    ['intake', 'amy'],
    ['intake', 'bob'],
    ['review', 'cat'],
    ['review', 'dan'],
    ['payout', 'eve'],
  ].map(([teamId, personId]) => directoryEvent('MemberAdded', { teamId, personId })),
  directoryEvent(
    'AvailabilityChanged',
    { personId: 'dan', status: 'unavailable', from: CLAIMS_T0 - DAY, reason: 'leave' },
    CLAIMS_T0 - 2 * DAY,
  ),
];

/**
 * Appends a stream's events (all, or `from`..`to`, 1-based versions) as its service records them,
 * in the tenant given (the default tenant's without).
 */
export async function appendEvents(
  store: EventStore,
  streamId: string,
  events: readonly { type: string; data: unknown; at: number }[],
  range: { readonly from?: number; readonly to?: number } = {},
  tenantId = 'default',
): Promise<void> {
  const from = range.from ?? 1;
  const picked = events.slice(from - 1, range.to);
  if (picked.length === 0) return;
  await store.append(
    streamId,
    picked.map((e, i) => ({
      eventId: `${streamId}-${from + i}`,
      type: e.type,
      data: e.data,
      occurredAt: new Date(e.at),
      metadata: { tenantId, actor: 'driver', idempotencyKey: `${streamId}-k${from + i}` },
    })),
    from === 1 ? noStream : { kind: 'exact', version: from - 1 },
  );
}

/**
 * The claims definitions (published the week before) and the directory, recorded in a tenant's
 * streams as the definition and ownership services name them (the default tenant's without).
 */
export async function appendClaimsContext(store: EventStore, tenantId = 'default'): Promise<void> {
  const at = CLAIMS_T0 - 7 * DAY;
  const own = tenantId !== 'default';
  await appendEvents(
    store,
    own ? `definition-${tenantId}/claims` : 'definition-claims',
    [
      { type: 'DefinitionVersionPublished', data: published(1, CLAIMS_V1), at },
      { type: 'DefinitionVersionPublished', data: published(2, CLAIMS_V2), at: at + DAY },
    ],
    {},
    tenantId,
  );
  await appendEvents(store, own ? `directory-${tenantId}` : 'directory', DIRECTORY_EVENTS, {}, tenantId);
}
