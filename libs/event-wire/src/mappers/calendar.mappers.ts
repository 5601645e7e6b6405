import { ownershipV1 } from '@baton/contracts';
import { calendar } from '@baton/domain';
import { invalidField } from '../errors';
import type { EventDataMapper } from './event-data-mapper';
import { millisOf, required } from './wire-values';

// Calendar events (stream `calendars-{tenant}`): the calendar namespace of @baton/domain ⇄
// baton.ownership.v1. Working hours travel as `HH:MM`, as the calendar RPCs show them.

type Data<T extends calendar.CalendarEvent['type']> = Extract<calendar.CalendarEvent, { type: T }>['data'];

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function minutesOf(field: string, text: string): number {
  const minutes = calendar.minuteOfDay(text);
  if (minutes === undefined) throw invalidField(field, `"${text}" is not HH:MM`);
  return minutes;
}

export const calendarVersionRecorded: EventDataMapper<
  Data<'CalendarVersionRecorded'>,
  ownershipV1.CalendarVersionRecorded
> = {
  messageType: ownershipV1.CalendarVersionRecorded,
  toWire: (d) =>
    ownershipV1.CalendarVersionRecorded.fromPartial({
      calendar: {
        calendarId: d.calendarId,
        name: d.name,
        version: String(d.version),
        timeZone: d.rules.timeZone,
        week: Object.entries(d.rules.week).map(([weekday, ranges]) => ({
          weekday: Number(weekday),
          ranges: (ranges ?? []).map((r) => ({ start: hhmm(r.startMinute), end: hhmm(r.endMinute) })),
        })),
        holidays: [...d.rules.holidays],
        closures: d.rules.closures.map((c) => ({ from: new Date(c.from), to: new Date(c.to) })),
      },
    }),
  toDomain: (m) => {
    const c = m.calendar ?? ownershipV1.Calendar.fromPartial({});
    const week: Partial<Record<calendar.Weekday, calendar.WorkingRange[]>> = {};
    c.week.forEach((day, i) => {
      week[day.weekday as calendar.Weekday] = day.ranges.map((r, j) => ({
        startMinute: minutesOf(`calendar.week[${i}].ranges[${j}].start`, r.start),
        endMinute: minutesOf(`calendar.week[${i}].ranges[${j}].end`, r.end),
      }));
    });
    return {
      calendarId: required('calendar.calendarId', c.calendarId),
      version: Number(c.version),
      name: c.name,
      rules: {
        timeZone: c.timeZone,
        week,
        holidays: [...c.holidays],
        closures: c.closures.map((x, i) => ({
          from: millisOf(`calendar.closures[${i}].from`, x.from),
          to: millisOf(`calendar.closures[${i}].to`, x.to),
        })),
      },
    };
  },
};

export const calendarAssigned: EventDataMapper<Data<'CalendarAssigned'>, ownershipV1.CalendarAssigned> = {
  messageType: ownershipV1.CalendarAssigned,
  toWire: (d) =>
    ownershipV1.CalendarAssigned.fromPartial({
      calendarId: d.calendarId,
      ...(d.subject.kind === 'team' ? { teamId: d.subject.teamId } : {}),
      ...(d.subject.kind === 'person' ? { personId: d.subject.personId } : {}),
      tenantDefault: d.subject.kind === 'tenant',
    }),
  toDomain: (m) => ({
    calendarId: required('calendarId', m.calendarId),
    subject: m.teamId
      ? { kind: 'team', teamId: m.teamId }
      : m.personId
        ? { kind: 'person', personId: m.personId }
        : m.tenantDefault
          ? { kind: 'tenant' }
          : (() => {
              throw invalidField('teamId', 'one of teamId, personId and tenantDefault is required');
            })(),
  }),
};
