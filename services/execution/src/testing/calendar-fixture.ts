import { executionV1, OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import type { calendar } from '@baton/domain';
import { protobufEventMapper } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { v7 as uuidv7 } from 'uuid';
import { CalendarBook } from '../calendars/calendar-book';
import type { ExecutionTestApp } from './execution-test-app';

// Friday 27 February 2026, 14:00 in New York (EST, 19:00Z).
export const FRIDAY_2PM_NEW_YORK = Date.parse('2026-02-27T19:00:00Z');
// Four business hours of a 09:00-17:00 New York team: three on Friday, one on Monday.
export const MONDAY_10AM_NEW_YORK = Date.parse('2026-03-02T15:00:00Z');
// What the fallback week (Monday-Friday 07:00-17:00 UTC) would give: Monday 11:00Z.
export const MONDAY_FALLBACK = Date.parse('2026-03-02T11:00:00Z');
const DAY = 86_400_000;

/** A step of team sales due in four business hours. */
export const CALLBACK = `id: callback
name: Call the customer back
category: operational
steps:
  - id: call-back
    owner: { team: sales }
    deadline: PT4H business
handoffs:
  - { from: start, to: call-back }
  - { from: call-back, to: end, on: completed }
`;

const nineToFive: calendar.WorkingRange[] = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
const newYorkRules: calendar.CalendarRules = {
  timeZone: 'America/New_York',
  week: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive },
  holidays: [],
  closures: [],
};

/** One event of ownership's `calendars-default` stream, as stored, a week before Friday. */
export function ownershipCalendarEvent(streamVersion: number, type: string, data: unknown): RecordedEvent {
  const at = new Date(FRIDAY_2PM_NEW_YORK - 7 * DAY);
  return {
    eventId: uuidv7(),
    streamId: 'calendars-default',
    streamVersion,
    globalPosition: BigInt(streamVersion),
    type,
    data,
    metadata: { tenantId: 'default', actor: 'admin' },
    occurredAt: at,
    recordedAt: at,
    schemaVersion: 1,
  };
}

/** Ownership's first two calendar events: New York office hours defined, assigned to sales. */
export function newYorkForSales(): RecordedEvent[] {
  return [
    ownershipCalendarEvent(1, 'CalendarVersionRecorded', {
      calendarId: 'new-york',
      version: 1,
      name: 'New York office',
      rules: newYorkRules,
    }),
    ownershipCalendarEvent(2, 'CalendarAssigned', {
      calendarId: 'new-york',
      subject: { kind: 'team', teamId: 'sales' },
    }),
  ];
}

/** Publishes ownership events to the ownership events topic, as ownership's relay does. */
export async function relayOwnershipEvents(
  app: ExecutionTestApp,
  events: readonly RecordedEvent[],
): Promise<void> {
  const toMessage = protobufEventMapper(() => OWNERSHIP_EVENTS_TOPIC);
  for (const event of events) {
    const message = toMessage(event);
    if (!message) throw new Error(`${event.type} is not relayable`);
    await app.runtime.bus.publish(message.topic, [message]);
  }
}

/** The calendars execution knows for a team of the default tenant, comma-separated. */
export const teamCalendars = (app: ExecutionTestApp, teamId: string): string | undefined =>
  app.app
    .get(CalendarBook)
    .of('default')
    ?.teams.get(teamId)
    ?.map((a) => a.calendarId)
    .join();

/** The due instant of the call-back step of a new callback instance. */
export async function callBackDueAt(app: ExecutionTestApp, businessKey: string): Promise<number | undefined> {
  const started = await app.call(
    'startInstance',
    executionV1.StartInstanceRequest.fromPartial({ definitionId: 'callback', businessKey }),
  );
  return started.instance?.activations.find((a) => a.stepId === 'call-back')?.dueAt?.getTime();
}
