import { ownershipV1 } from '@baton/contracts';
import { calendar } from '@baton/domain';
import type { RequestCheck } from '@baton/grpc-server';

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The rules of a Calendar message; malformed times and weekdays are recorded on `check`. */
export function rulesOf(message: ownershipV1.Calendar, check: RequestCheck): calendar.CalendarRules {
  const week: Partial<Record<calendar.Weekday, calendar.WorkingRange[]>> = {};
  message.week.forEach((day, i) => {
    const field = `calendar.week[${i}]`;
    const weekday = day.weekday as calendar.Weekday;
    check
      .require(
        Number.isInteger(weekday) && weekday >= 1 && weekday <= 7,
        `${field}.weekday`,
        'must be 1 (Monday) to 7 (Sunday)',
      )
      .require(week[weekday] === undefined, `${field}.weekday`, `weekday ${weekday} is listed twice`);
    week[weekday] = day.ranges.map((range, j) => {
      const startMinute = calendar.minuteOfDay(range.start);
      const endMinute = calendar.minuteOfDay(range.end);
      check
        .require(
          startMinute !== undefined,
          `${field}.ranges[${j}].start`,
          `"${range.start}" is not HH:MM (00:00–24:00)`,
        )
        .require(
          endMinute !== undefined,
          `${field}.ranges[${j}].end`,
          `"${range.end}" is not HH:MM (00:00–24:00)`,
        );
      return { startMinute: startMinute ?? 0, endMinute: endMinute ?? 0 };
    });
  });
  const closures = message.closures.map((c, i) => {
    check
      .require(c.from !== undefined, `calendar.closures[${i}].from`, 'is required', 'REQUIRED')
      .require(c.to !== undefined, `calendar.closures[${i}].to`, 'is required', 'REQUIRED');
    return { from: c.from?.getTime() ?? 0, to: c.to?.getTime() ?? 0 };
  });
  return { timeZone: message.timeZone, week, holidays: [...message.holidays], closures };
}

/** A calendar version as the wire shows it, with who works by it now. */
export function calendarMessage(
  registry: calendar.CalendarRegistry,
  version: calendar.CalendarVersion,
  now: number,
): ownershipV1.Calendar {
  const { calendar: rules } = version;
  const id = rules.id;
  const holding = (assignments: ReadonlyMap<string, readonly calendar.Assignment[]>) =>
    [...assignments.entries()]
      .filter(([, history]) => current(history, now)?.calendarId === id)
      .map(([subject]) => subject)
      .sort();
  return ownershipV1.Calendar.fromPartial({
    calendarId: id,
    name: version.name,
    timeZone: rules.timeZone,
    week: Object.entries(rules.week).map(([weekday, ranges]) => ({
      weekday: Number(weekday),
      ranges: (ranges ?? []).map((r) => ({ start: hhmm(r.startMinute), end: hhmm(r.endMinute) })),
    })),
    holidays: [...rules.holidays],
    closures: rules.closures.map((c) => ({ from: new Date(c.from), to: new Date(c.to) })),
    version: String(version.version),
    effectiveFrom: new Date(version.from),
    tenantDefault: current(registry.tenant, now)?.calendarId === id,
    teamIds: holding(registry.teams),
    personIds: holding(registry.people),
  });
}

function current(history: readonly calendar.Assignment[], now: number): calendar.Assignment | undefined {
  return history.filter((a) => a.from <= now).at(-1);
}
