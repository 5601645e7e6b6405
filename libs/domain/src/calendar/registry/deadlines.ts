import type { Deadline, HandoffSla, OwnerSpec } from '../../definition/model';
import type { Millis } from '../../shared/data';
import { addBusinessTime } from '../business-time';
import { calendarFor, calendarOwnerOf } from './in-force';
import { emptyCalendarRegistry, type CalendarRegistry } from './state';

/**
 * When a `within` deadline falls, counted from `from`: in calendar time, or (`business`) in the
 * working time of the calendar its owner works by at `from` (a person's, their team's, the
 * tenant's default). The calendar in force at `from` is used, so a deadline computed once never
 * moves when a calendar changes later.
 */
export function dueWithin(
  deadline: Extract<Deadline, { kind: 'within' }>,
  from: Millis,
  owner: OwnerSpec | undefined,
  calendars: CalendarRegistry | undefined,
): Millis {
  if (!deadline.business) return from + deadline.durationMs;
  return businessDue(deadline.durationMs, from, owner, calendars);
}

/** `from` plus `ms` of the owner's working time (see {@link dueWithin}). */
export function businessDue(
  ms: number,
  from: Millis,
  owner: OwnerSpec | undefined,
  calendars: CalendarRegistry | undefined,
): Millis {
  const { calendar } = calendarFor(calendars ?? emptyCalendarRegistry, calendarOwnerOf(owner), from);
  return addBusinessTime(calendar, from, ms);
}

/**
 * A handoff SLA's at-risk and due instants from the upstream completion `since`: for a business
 * SLA both count working time of the receiving step's owner, so "at risk after 80 %" means 80 %
 * of the working time too.
 */
export function handoffSlaInstants(
  sla: HandoffSla,
  since: Millis,
  receiver: OwnerSpec | undefined,
  calendars: CalendarRegistry | undefined,
): { readonly atRiskAt?: Millis; readonly dueAt: Millis } {
  const after = (ms: number) => (sla.business ? businessDue(ms, since, receiver, calendars) : since + ms);
  const percent = sla.atRiskPercent;
  return {
    ...{},
    ...(percent !== undefined ? { atRiskAt: after(Math.floor((sla.withinMs * percent) / 100)) } : {}),
    dueAt: after(sla.withinMs),
  };
}
