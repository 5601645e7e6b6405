import { analyticsV1 } from '@baton/contracts';
import { calendar, type instance, type OwnerSpec } from '@baton/domain';
import { openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { calendarsProjection } from '../calendars/calendars.projection';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { rebuildProjections } from '../projections/rebuild-projection';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { appendEvents } from '../testing/claims-process';
import { factsInClocks } from './business-clock';
import { compareVersions } from './flow.requests';
import { CompareVersionsHandler } from './queries/compare-versions.query';
import { GetCycleTimesHandler } from './queries/get-cycle-times.query';
import { GetHandoffStatsHandler } from './queries/get-handoff-stats.query';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { statisticsProjection } from './statistics.projection';
import { getCycleTimes, getHandoffStats, getStepStats } from './statistics.requests';

// Hand-computed cases of business time in the live statistics (docs/calendars.md). Calendars:
// ops works Monday–Friday 09:00–17:00 UTC (also the tenant default), finance 09:00–17:00 in
// Paris with Christmas off, sales 09:00–17:00 in New York. Each instance hands work from intake
// (ops) to one step of another team; the handoff is measured in the receiving team's calendar.

const HOUR = 3_600_000;
const MIN = 60_000;
const utc = (iso: string) => Date.parse(iso);
const day = { startMinute: 9 * 60, endMinute: 17 * 60 };
const week = { 1: [day], 2: [day], 3: [day], 4: [day], 5: [day] };
const rules = (timeZone: string, holidays: string[] = []): calendar.CalendarRules => ({
  timeZone,
  week,
  holidays,
  closures: [],
});
const DEFINED = utc('2026-10-01T00:00:00Z');

const CALENDAR_EVENTS = [
  ['utc-office', rules('UTC')],
  ['paris', rules('Europe/Paris', ['2026-12-25'])],
  ['new-york', rules('America/New_York')],
].map(([calendarId, r], i) => ({
  type: 'CalendarVersionRecorded',
  data: { calendarId, version: 1, name: calendarId, rules: r },
  at: DEFINED + i,
}));
const ASSIGNMENTS = [
  ['utc-office', { kind: 'tenant' }],
  ['utc-office', { kind: 'team', teamId: 'ops' }],
  ['paris', { kind: 'team', teamId: 'finance' }],
  ['new-york', { kind: 'team', teamId: 'sales' }],
].map(([calendarId, subject], i) => ({
  type: 'CalendarAssigned',
  data: { calendarId, subject },
  at: DEFINED + 10 + i,
}));

interface Handoff {
  readonly to: string;
  readonly team: string;
  /** Intake completes (the handoff's clock starts). */
  readonly completedAt: number;
  readonly assignedAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly sla?: { readonly minutes: number; readonly business?: true };
}

/** An instance: intake (ops) from `startedAt` to the handoff, then the target step. */
function instanceEvents(id: string, startedAt: number, h: Handoff): instance.InstanceEvent[] {
  const ref = (step: string) => ({ instanceId: id, activationId: `${step}#1`, stepId: step });
  const activated = (step: string, team: string, source: instance.HandoffSource, at: number) => ({
    type: 'StepActivated',
    data: {
      ...ref(step),
      stepKind: 'human-task',
      handedOffFrom: [source],
      owner: { kind: 'team', teamId: team },
      policy: 'round-robin',
      attempt: 1,
    },
    at,
  });
  return [
    {
      type: 'InstanceStarted',
      data: { instanceId: id, definitionId: 'deals', definitionVersion: 1, businessKey: id, data: {} },
      at: startedAt,
    },
    activated(
      'intake',
      'ops',
      { handoffId: 'h-start', fromStepId: 'start', completedAt: startedAt },
      startedAt,
    ),
    { type: 'StepStarted', data: { ...ref('intake'), personId: 'ana' }, at: startedAt },
    { type: 'StepCompleted', data: { ...ref('intake'), personId: 'ana', output: {} }, at: h.completedAt },
    activated(
      h.to,
      h.team,
      {
        handoffId: `h-${h.to}`,
        fromStepId: 'intake',
        fromActivationId: 'intake#1',
        completedAt: h.completedAt,
        ...(h.sla ? { slaWithinMs: h.sla.minutes * MIN } : {}),
        ...(h.sla?.business ? { slaBusiness: true as const } : {}),
      },
      h.completedAt,
    ),
    {
      type: 'StepAssigned',
      data: { ...ref(h.to), personId: 'bo', teamId: h.team, reason: 'round-robin' },
      at: h.assignedAt,
    },
    { type: 'StepStarted', data: { ...ref(h.to), personId: 'bo' }, at: h.startedAt },
    { type: 'StepCompleted', data: { ...ref(h.to), personId: 'bo', output: {} }, at: h.endedAt },
    { type: 'InstanceCompleted', data: { instanceId: id, data: {} }, at: h.endedAt },
  ] as instance.InstanceEvent[];
}

const INSTANCES: [string, number, Handoff][] = [
  // A weekend: Friday 16:00 → Monday 10:00 in ops' 09–17 UTC week is 1 + 1 = 2 business hours
  // (66 elapsed). Its SLA, 3 business hours, falls due Monday 11:00: met, where 3 wall-clock
  // hours would have been missed on Friday.
  [
    'weekend',
    utc('2026-11-27T10:00:00Z'),
    {
      to: 'review',
      team: 'ops',
      completedAt: utc('2026-11-27T16:00:00Z'),
      assignedAt: utc('2026-11-30T09:30:00Z'),
      startedAt: utc('2026-11-30T10:00:00Z'),
      endedAt: utc('2026-11-30T11:00:00Z'),
      sla: { minutes: 180, business: true },
    },
  ],
  // A holiday, another zone: Thursday 24 December 16:00 Paris (15:00Z) → Monday 28th 10:30 Paris
  // (09:30Z): 1 h on Thursday, Christmas and the weekend off, 1.5 h on Monday = 2.5 business
  // hours. Its SLA, 2 business hours, fell due Monday 10:00 Paris: missed by 30 minutes.
  [
    'holiday',
    utc('2026-12-24T13:00:00Z'),
    {
      to: 'price',
      team: 'finance',
      completedAt: utc('2026-12-24T15:00:00Z'),
      assignedAt: utc('2026-12-28T09:30:00Z'),
      startedAt: utc('2026-12-28T09:30:00Z'),
      endedAt: utc('2026-12-28T10:00:00Z'),
      sla: { minutes: 120, business: true },
    },
  ],
  // The receiving team in New York: Wednesday 20:00Z (15:00 New York) → Thursday 15:00Z (10:00):
  // 2 + 1 = 3 business hours in New York (ops' UTC week would say 6). A calendar SLA of 1 hour
  // fell due 21:00Z (16:00 New York): missed by 18 elapsed hours, 2 of New York's working hours.
  [
    'zone',
    utc('2026-12-02T12:00:00Z'),
    {
      to: 'sign',
      team: 'sales',
      completedAt: utc('2026-12-02T20:00:00Z'),
      assignedAt: utc('2026-12-03T15:00:00Z'),
      startedAt: utc('2026-12-03T15:00:00Z'),
      endedAt: utc('2026-12-03T16:00:00Z'),
      sla: { minutes: 60 },
    },
  ],
  // A daylight-saving week: New York leaves summer time on Sunday 1 November. Friday 16:00 EDT
  // (20:00Z) → Monday 10:00 EST (15:00Z) is 1 + 1 = 2 business hours (a fixed UTC−4 would say 3).
  [
    'dst',
    utc('2026-10-30T12:00:00Z'),
    {
      to: 'close',
      team: 'sales',
      completedAt: utc('2026-10-30T20:00:00Z'),
      assignedAt: utc('2026-11-02T15:00:00Z'),
      startedAt: utc('2026-11-02T15:00:00Z'),
      endedAt: utc('2026-11-02T16:00:00Z'),
    },
  ],
];

async function recorded(): Promise<EventStore> {
  const events = await openSqliteEventStore({ file: ':memory:' });
  await appendEvents(events, 'calendars-default', [...CALENDAR_EVENTS, ...ASSIGNMENTS]);
  for (const [id, startedAt, h] of INSTANCES)
    await appendEvents(events, `instance-${id}`, instanceEvents(id, startedAt, h));
  return events;
}

const hours = (d: { seconds: string; nanos: number } | undefined) =>
  d ? (Number(d.seconds) * 1000 + d.nanos / 1e6) / HOUR : undefined;
const { Clock } = analyticsV1;

describe('Statistics in business time (the receiving team’s calendar)', () => {
  let events: EventStore;
  let rebuilt: ReadModelStore;
  let live: ReadModelStore;

  beforeAll(async () => {
    events = await recorded();
    rebuilt = openSqliteReadModelStore({ file: ':memory:' });
    // One pass: the calendars' streams sort before the instances', into the rebuild's own tables.
    await rebuildProjections({
      events,
      readModels: rebuilt,
      projections: [calendarsProjection, statisticsProjection],
      chunkSize: 5,
    });
    // The queries join the definition catalog (empty here: no names).
    await rebuilt.ensureTables(definitionCatalogProjection.tables);
    // Live: every event in store order, in batches of three, each projection in its transaction.
    live = openSqliteReadModelStore({ file: ':memory:' });
    await live.ensureTables([...calendarsProjection.tables, ...statisticsProjection.tables]);
    const all = await events.readAll({ after: 0n, maxCount: 10_000 });
    for (let i = 0; i < all.length; i += 3) {
      const batch = all.slice(i, i + 3).map((event) => ({ event }));
      const own = (prefix: string) => batch.filter(({ event }) => event.streamId.startsWith(prefix));
      await live.write((tx) => calendarsProjection.apply(tx, own('calendars-')));
      await live.write((tx) => statisticsProjection.apply(tx, own('instance-')));
    }
  });
  afterAll(async () => {
    await Promise.all([rebuilt.close(), live.close()]);
    await events.close();
  });

  const handoffs = (store: ReadModelStore, clock: analyticsV1.Clock) =>
    new GetHandoffStatsHandler(store).execute(
      getHandoffStats(analyticsV1.GetHandoffStatsRequest.fromPartial({ filter: { clock } })),
    );
  const edge = (answer: analyticsV1.GetHandoffStatsResponse, to: string) =>
    answer.handoffs.find((h) => h.toStepId === to);

  it('measures each handoff in its receiving team’s working time: weekend, holiday, another zone, DST', async () => {
    const business = await handoffs(rebuilt, Clock.CLOCK_BUSINESS);
    expect(business.clock).toBe(Clock.CLOCK_BUSINESS);
    const total = (to: string) => hours(edge(business, to)?.total?.totalTimeLost);
    expect([total('review'), total('price'), total('sign'), total('close')]).toEqual([2, 2.5, 3, 2]);
    // Its parts too: the weekend's handoff was assigned Monday 09:30 (1.5 h) and picked up at 10:00.
    const review = edge(business, 'review');
    expect([review?.routing, review?.assignment, review?.pickup].map((d) => hours(d?.totalTimeLost))).toEqual(
      [0, 1.5, 0.5],
    );
    const calendarTime = await handoffs(rebuilt, Clock.CLOCK_UNSPECIFIED);
    expect(calendarTime.clock).toBe(Clock.CLOCK_CALENDAR);
    expect(hours(edge(calendarTime, 'review')?.total?.totalTimeLost)).toBe(66);
  });

  it('judges business SLAs in business time, in both clocks, and calendar SLAs as before', async () => {
    const breaches = (answer: analyticsV1.GetHandoffStatsResponse, to: string) => {
      const t = edge(answer, to)?.total;
      return [t?.slaSampleCount, t?.slaBreachCount, hours(t?.totalOverrun)];
    };
    const calendarTime = await handoffs(rebuilt, Clock.CLOCK_CALENDAR);
    const business = await handoffs(rebuilt, Clock.CLOCK_BUSINESS);
    // PT3H business, started after 2 business hours (66 elapsed): met.
    expect(breaches(calendarTime, 'review')).toEqual(['1', '0', 0]);
    expect(breaches(business, 'review')).toEqual(['1', '0', 0]);
    // PT2H business, started 30 minutes past its due instant (Monday 10:00 Paris).
    expect(breaches(calendarTime, 'price')).toEqual(['1', '1', 0.5]);
    expect(breaches(business, 'price')).toEqual(['1', '1', 0.5]);
    // PT1H (calendar): missed by 18 elapsed hours, 2 of New York's working hours.
    expect(breaches(calendarTime, 'sign')).toEqual(['1', '1', 18]);
    expect(breaches(business, 'sign')).toEqual(['1', '1', 2]);
  });

  it('splits each edge’s handoff time into working and off-hours waiting', async () => {
    for (const clock of [Clock.CLOCK_CALENDAR, Clock.CLOCK_BUSINESS]) {
      const review = edge(await handoffs(rebuilt, clock), 'review')?.waitAttribution;
      expect([hours(review?.workingTime), hours(review?.offHoursTime), review?.offHoursShare]).toEqual([
        2,
        64,
        64 / 66,
      ]);
    }
  });

  it('gives steps and cases in business time: a step its owner’s, a case the tenant default’s', async () => {
    const steps = await new GetStepStatsHandler(rebuilt).execute(
      getStepStats(analyticsV1.GetStepStatsRequest.fromPartial({ filter: { clock: Clock.CLOCK_BUSINESS } })),
    );
    expect(steps.clock).toBe(Clock.CLOCK_BUSINESS);
    // review: activated Friday 16:00, ended Monday 11:00 = 1 + 2 working hours in ops' week.
    const review = steps.steps.find((s) => s.stepId === 'review');
    expect(hours(review?.cycleTime?.totalTimeLost)).toBe(3);
    const cycle = await new GetCycleTimesHandler(rebuilt).execute(
      getCycleTimes(
        analyticsV1.GetCycleTimesRequest.fromPartial({
          filter: {
            clock: Clock.CLOCK_BUSINESS,
            timeWindow: {
              startTime: new Date(utc('2026-11-30T00:00:00Z')),
              endTime: new Date(utc('2026-12-01T00:00:00Z')),
            },
          },
        }),
      ),
    );
    // The weekend's case: Friday 10:00 → Monday 11:00 in the tenant default (09–17 UTC) = 7 + 2.
    expect([cycle.clock, hours(cycle.overall?.endToEnd?.max)]).toEqual([Clock.CLOCK_BUSINESS, 9]);
  });

  it('compares versions in business time too', async () => {
    const compared = await new CompareVersionsHandler(rebuilt).execute(
      compareVersions(
        analyticsV1.CompareVersionsRequest.fromPartial({
          definitionId: 'deals',
          baseVersion: 1,
          candidateVersion: 1,
          clock: Clock.CLOCK_BUSINESS,
        }),
      ),
    );
    const review = compared.handoffs.find((h) => h.toStepId === 'review')?.total;
    expect([compared.clock, hours(review?.base?.max), hours(review?.candidate?.max)]).toEqual([
      Clock.CLOCK_BUSINESS,
      2,
      2,
    ]);
  });

  it('keeps the same rows live, in batches as they came, as a rebuild', async () => {
    const rows = async (store: ReadModelStore) =>
      Promise.all(
        statisticsProjection.tables
          .filter((t) => t.name !== 'stats_running_events')
          .map(async (t) => [t.name, await store.range(t, { where: {} })]),
      );
    const answer = await rows(rebuilt);
    const businessDays = answer.find(([name]) => name === 'stats_business_handoff_days')?.[1];
    // Each instance: start → intake and intake → its target.
    expect(businessDays).toHaveLength(8);
    expect(await rows(live)).toEqual(answer);
  });
});

const foldCalendarEvents = (events: readonly { type: string; data: unknown; at: number }[]) =>
  calendar.foldCalendars(events as calendar.CalendarEvent[]);

describe('Which calendar a handoff counts (factsInClocks)', () => {
  // Friday 16:00Z → Monday 10:00Z into step B; who owns B decides the calendar.
  const since = utc('2026-11-27T16:00:00Z');
  const startedAt = utc('2026-11-30T10:00:00Z');
  const registry = foldCalendarEvents([
    ...CALENDAR_EVENTS,
    ...ASSIGNMENTS,
    // Ines works from New York whatever her team's calendar says.
    {
      type: 'CalendarAssigned',
      data: { calendarId: 'new-york', subject: { kind: 'person', personId: 'ines' } },
      at: DEFINED + 20,
    },
  ]);
  const handoff = {
    instanceId: 'i',
    definitionId: 'deals',
    definitionVersion: 1,
    handoffId: 'h',
    fromStepId: 'intake',
    fromActivationId: 'intake#1',
    toStepId: 'b',
    toActivationId: 'b#1',
    crossTeam: false,
    join: false,
    critical: true,
    rework: false,
    completedAt: since,
    activatedAt: since,
    startedAt,
    routingMs: 0,
    assignmentMs: startedAt - since,
    pickupMs: 0,
    totalMs: startedAt - since,
    reassignments: 0,
    bounce: false,
  };
  const totalFor = (owner: OwnerSpec) => {
    const activated = {
      type: 'StepActivated',
      data: {
        instanceId: 'i',
        activationId: 'b#1',
        stepId: 'b',
        stepKind: 'human-task',
        handedOffFrom: [
          { handoffId: 'h', fromStepId: 'intake', fromActivationId: 'intake#1', completedAt: since },
        ],
        owner,
        policy: 'round-robin',
        attempt: 1,
      },
      at: since,
    } as instance.InstanceEvent;
    const { business } = factsInClocks({ handoffs: [handoff], steps: [] }, [activated], registry);
    return (business.handoffs[0]?.totalMs ?? 0) / HOUR;
  };

  it('a person’s own calendar first, else the team’s, and a role counts the tenant default', () => {
    // New York: Friday 11:00–17:00 EST (16:00Z is 11:00 there); Monday 10:00Z is 05:00 EST.
    expect(totalFor({ kind: 'person', personId: 'ines' })).toBe(6);
    // Finance in Paris: Friday 17:00–18:00 Paris is off, Monday 09:00–11:00 Paris (08:00–10:00Z).
    expect(totalFor({ kind: 'team', teamId: 'finance' })).toBe(2);
    // A role: the tenant default, 09–17 UTC: 1 + 1.
    expect(totalFor({ kind: 'role', role: 'approver' })).toBe(2);
    // No calendars at all: Baton's fallback week, Monday–Friday 07:00–17:00 UTC: 1 + 3.
    expect(
      factsInClocks({ handoffs: [handoff], steps: [] }, [], undefined).business.handoffs[0]?.totalMs,
    ).toBe(4 * HOUR);
  });
});
