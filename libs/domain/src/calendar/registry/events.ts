import type { Millis } from '../../shared/data';
import type { DomainEvent } from '../../instance/events';
import type { BusinessCalendar } from '../calendar';

/** The working week, zone, holidays and closures of one calendar version (its id is the stream's). */
export type CalendarRules = Omit<BusinessCalendar, 'id'>;

/** Who a calendar applies to: a team, a person (overrides the team's), or the tenant's default. */
export type CalendarSubject =
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'person'; readonly personId: string }
  | { readonly kind: 'tenant' };

/**
 * A calendar's new version: version 1 defines it, each later one replaces its rules from `at`
 * on (versions are never edited, so the calendar in force at any past instant stays known).
 */
export type CalendarVersionRecorded = DomainEvent<
  'CalendarVersionRecorded',
  {
    readonly calendarId: string;
    readonly version: number;
    readonly name: string;
    readonly rules: CalendarRules;
  }
>;

/** From `at` on, the subject works by this calendar. */
export type CalendarAssigned = DomainEvent<
  'CalendarAssigned',
  { readonly calendarId: string; readonly subject: CalendarSubject }
>;

export type CalendarEvent = CalendarVersionRecorded | CalendarAssigned;

/** One version as kept in the state: in force from `from` until the next version's `from`. */
export interface CalendarVersion {
  readonly version: number;
  readonly name: string;
  readonly from: Millis;
  readonly calendar: BusinessCalendar;
}
