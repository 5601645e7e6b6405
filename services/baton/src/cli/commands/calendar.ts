import { ownershipV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun } from '../context';
import { UsageError } from '../io';

interface RulesOptions {
  name?: string;
  timeZone: string;
  hours: string;
  days: string;
  holiday: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--days 1-5` or `1,2,3` (ISO weekdays, Monday = 1) and `--hours 09:00-12:00,13:00-17:00`. */
function calendarOf(id: string, o: RulesOptions): ownershipV1.Calendar {
  const days = o.days.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    if (!from || !to || to < from)
      throw new UsageError(`--days: "${part}" is not a weekday or a range of them (1-7)`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  const ranges = o.hours.split(',').map((range) => {
    const [start, end] = range.split('-');
    if (!start || !end) throw new UsageError(`--hours: "${range}" is not HH:MM-HH:MM`);
    return { start, end };
  });
  return ownershipV1.Calendar.fromPartial({
    calendarId: id,
    name: o.name ?? '',
    timeZone: o.timeZone,
    week: days.map((weekday) => ({ weekday, ranges })),
    holidays: o.holiday,
  });
}

function describe(c: ownershipV1.Calendar | undefined): string {
  if (!c) return '';
  const week = c.week.map((d) => `${d.weekday}: ${d.ranges.map((r) => `${r.start}-${r.end}`).join(', ')}`);
  const who = [
    ...(c.tenantDefault ? ['tenant default'] : []),
    ...c.teamIds.map((t) => `team ${t}`),
    ...c.personIds.map((p) => `person ${p}`),
  ];
  return [
    `${c.calendarId} v${c.version} (${c.name}) ${c.timeZone}, from ${c.effectiveFrom?.toISOString() ?? '?'}`,
    `  week      ${week.join('; ')}`,
    ...(c.holidays.length ? [`  holidays  ${c.holidays.join(', ')}`] : []),
    ...(who.length ? [`  used by   ${who.join(', ')}`] : []),
  ].join('\n');
}

const rulesOptions = (command: Command): Command =>
  command
    .requiredOption('--time-zone <zone>', 'IANA time zone, e.g. Europe/Paris')
    .option(
      '--hours <ranges>',
      'working hours of each working day, e.g. 09:00-12:00,13:00-17:00',
      '09:00-17:00',
    )
    .option('--days <weekdays>', 'working weekdays, Monday = 1, e.g. 1-5 or 1,2,3,4', '1-5')
    .option('--holiday <date>', 'a local date without working time (repeatable)', collect, [])
    .option('--name <name>', 'display name');

export function calendarCommands(program: Command, run: CliRun): void {
  const calendar = program
    .command('calendar')
    .description('Business calendars: working hours, time zone and holidays of teams and people');

  rulesOptions(
    calendar.command('define <calendarId>').description('Define a calendar (DefineCalendar)'),
  ).action(
    action(run, async (ctx, id: string, o: RulesOptions) => {
      const b = ctx.baton;
      const r = await b.call(
        b.ownership,
        b.ownership.defineCalendar,
        ownershipV1.DefineCalendarRequest.fromPartial({
          calendar: calendarOf(id, o),
          idempotencyKey: '',
        }),
      );
      ctx.print(ownershipV1.DefineCalendarResponse.toJSON(r), () => describe(r.calendar));
    }),
  );

  rulesOptions(
    calendar
      .command('update <calendarId>')
      .description('Record a new version, in force from now (UpdateCalendar)'),
  )
    .option('--expected-version <n>', 'refuse if the calendar has moved past this version')
    .action(
      action(run, async (ctx, id: string, o: RulesOptions & { expectedVersion?: string }) => {
        const b = ctx.baton;
        const r = await b.call(
          b.ownership,
          b.ownership.updateCalendar,
          ownershipV1.UpdateCalendarRequest.fromPartial({
            calendar: calendarOf(id, o),
            ...(o.expectedVersion ? { expectedVersion: o.expectedVersion } : {}),
          }),
        );
        ctx.print(ownershipV1.UpdateCalendarResponse.toJSON(r), () => describe(r.calendar));
      }),
    );

  calendar
    .command('get <calendarId>')
    .description('Show a calendar: its latest version, or the one in force at --at (GetCalendar)')
    .option('--at <instant>', 'an ISO 8601 instant, e.g. 2026-12-24T16:00:00Z')
    .action(
      action(run, async (ctx, id: string, o: { at?: string }) => {
        const at = o.at === undefined ? undefined : new Date(o.at);
        if (at && Number.isNaN(at.getTime()))
          throw new UsageError(`--at: "${o.at}" is not an ISO 8601 instant`);
        const b = ctx.baton;
        const r = await b.call(
          b.ownership,
          b.ownership.getCalendar,
          ownershipV1.GetCalendarRequest.fromPartial({ calendarId: id, ...(at ? { at } : {}) }),
        );
        ctx.print(ownershipV1.GetCalendarResponse.toJSON(r), () => describe(r.calendar));
      }),
    );

  calendar
    .command('list')
    .description("List the tenant's calendars (ListCalendars)")
    .action(
      action(run, async (ctx) => {
        const b = ctx.baton;
        const r = await b.call(
          b.ownership,
          b.ownership.listCalendars,
          ownershipV1.ListCalendarsRequest.fromPartial({}),
        );
        ctx.print(ownershipV1.ListCalendarsResponse.toJSON(r), () => r.calendars.map(describe).join('\n'));
      }),
    );

  calendar
    .command('assign <calendarId>')
    .description('Make a team, a person or the tenant (default) work by a calendar (AssignCalendar)')
    .option('--team <teamId>', 'the team')
    .option('--person <personId>', "the person (overrides their team's calendar)")
    .option('--tenant-default', "the tenant's default calendar")
    .action(
      action(run, async (ctx, id: string, o: { team?: string; person?: string; tenantDefault?: boolean }) => {
        if ([o.team, o.person, o.tenantDefault].filter(Boolean).length !== 1)
          throw new UsageError('give exactly one of --team, --person or --tenant-default');
        const b = ctx.baton;
        const r = await b.call(
          b.ownership,
          b.ownership.assignCalendar,
          ownershipV1.AssignCalendarRequest.fromPartial({
            calendarId: id,
            teamId: o.team ?? '',
            personId: o.person ?? '',
            tenantDefault: Boolean(o.tenantDefault),
          }),
        );
        ctx.print(ownershipV1.AssignCalendarResponse.toJSON(r), () => describe(r.calendar));
      }),
    );
}
