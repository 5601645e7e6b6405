import { calendar } from '@baton/domain';
import { openSqliteEventStore } from '@baton/eventstore';
import {
  BUSINESS_CLOCK,
  CALENDAR_EVENTS,
  openReadModelStore,
  rebuildProjection,
  statisticsProjectionWith,
} from '@baton/service-analytics';
import { peakMemory } from './memory';

// One rebuild of the statistics alone from the generated store, in a process of its own: with
// business time (every handoff, step and case also in the working time of its calendar) or in
// calendar time only (the statistics as they were before). With business time, the generated
// directory's teams are given calendars in four zones first (written straight into the
// calendars read model, as the calendars projection would keep them). Prints one JSON line.

export interface ClockJob {
  readonly storeFile: string;
  readonly readModelsFile: string;
  readonly businessTime: boolean;
}

export interface ClockRun {
  readonly businessTime: boolean;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly eventsPerCpuSecond: number;
  readonly calendars: number;
  readonly teams: number;
  /** All-time handoff rows in business time (0 in calendar time only): business time was kept. */
  readonly businessHandoffRows: number;
  readonly memory: { readonly peakRssMb: number; readonly peakHeapUsedMb: number };
}

const day = (from: string, to: string) => {
  const minute = (t: string) => calendar.minuteOfDay(t) as number;
  return { startMinute: minute(from), endMinute: minute(to) };
};
const weekdays = (...ranges: ReturnType<typeof day>[]) => ({
  1: ranges,
  2: ranges,
  3: ranges,
  4: ranges,
  5: ranges,
});

/** Four calendars: two shifts in Paris with holidays, New York, Tokyo, and UTC office hours (tenant default). */
const CALENDARS: readonly (readonly [string, calendar.CalendarRules])[] = [
  ['utc-office', { timeZone: 'UTC', week: weekdays(day('09:00', '17:00')), holidays: [], closures: [] }],
  [
    'paris',
    {
      timeZone: 'Europe/Paris',
      week: weekdays(day('09:00', '12:30'), day('13:30', '17:30')),
      holidays: ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14'],
      closures: [],
    },
  ],
  [
    'new-york',
    { timeZone: 'America/New_York', week: weekdays(day('08:00', '16:00')), holidays: [], closures: [] },
  ],
  ['tokyo', { timeZone: 'Asia/Tokyo', week: weekdays(day('09:00', '18:00')), holidays: [], closures: [] }],
];

/** The default tenant's calendar events: the four calendars, the tenant default, a calendar per team. */
function calendarEvents(teams: readonly string[]): calendar.CalendarEvent[] {
  const at = 0;
  const defined = CALENDARS.map(([calendarId, rules]): calendar.CalendarEvent => ({
    type: 'CalendarVersionRecorded',
    data: { calendarId, version: 1, name: calendarId, rules },
    at,
  }));
  const assigned = [
    { calendarId: 'utc-office', subject: { kind: 'tenant' as const } },
    ...teams.map((teamId, i) => ({
      calendarId: (CALENDARS[i % CALENDARS.length] as readonly [string, unknown])[0],
      subject: { kind: 'team' as const, teamId },
    })),
  ].map((data): calendar.CalendarEvent => ({ type: 'CalendarAssigned', data, at }));
  return [...defined, ...assigned];
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] as string) as ClockJob;
  const memory = peakMemory();
  const events = await openSqliteEventStore({ file: job.storeFile });
  const readModels = await openReadModelStore({ kind: 'sqlite', file: job.readModelsFile });
  try {
    const teams = (await events.readStream('directory'))
      .filter((e) => e.type === 'TeamCreated')
      .map((e) => (e.data as { teamId: string }).teamId);
    const calendarEventsOfTenant = calendarEvents(teams);
    if (job.businessTime) {
      await readModels.ensureTables([CALENDAR_EVENTS]);
      await readModels.write((tx) =>
        tx.put(CALENDAR_EVENTS, [
          {
            tenant_id: 'default',
            version: calendarEventsOfTenant.length,
            events: JSON.stringify(calendarEventsOfTenant),
          },
        ]),
      );
    }
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const t0 = performance.now();
    const c0 = cpu();
    const result = await rebuildProjection({
      events,
      readModels,
      projection: statisticsProjectionWith({ businessTime: job.businessTime }),
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = cpu() - c0;
    const businessHandoffRows = job.businessTime
      ? (await readModels.range(BUSINESS_CLOCK.handoffs.totals, { where: {} })).length
      : 0;
    const { peakRssMb, peakHeapUsedMb } = memory.stop();
    const run: ClockRun = {
      businessTime: job.businessTime,
      events: result.events,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(result.events / seconds),
      eventsPerCpuSecond: Math.round(result.events / cpuSeconds),
      calendars: job.businessTime ? CALENDARS.length : 0,
      teams: teams.length,
      businessHandoffRows,
      memory: { peakRssMb, peakHeapUsedMb },
    };
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await readModels.close();
    await events.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
