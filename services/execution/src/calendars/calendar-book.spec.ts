import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import type { calendar } from '@baton/domain';
import { protobufEventMapper } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { ManualClock } from '@baton/service-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { knownCalendarsStream } from '../streams';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';
import { CalendarBook } from './calendar-book';

// Friday 27 February 2026, 14:00 in New York (EST, 19:00Z).
const FRIDAY_2PM_NEW_YORK = Date.parse('2026-02-27T19:00:00Z');
// Four business hours of a 09:00-17:00 New York team: three on Friday, one on Monday.
const MONDAY_10AM_NEW_YORK = Date.parse('2026-03-02T15:00:00Z');
// What the fallback week (Monday-Friday 07:00-17:00 UTC) would give: Monday 11:00Z.
const MONDAY_FALLBACK = Date.parse('2026-03-02T11:00:00Z');
const DAY = 86_400_000;

const CALLBACK = `id: callback
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

/** Ownership's two calendar events (define New York office hours, assign them to sales), as stored. */
function ownershipCalendarEvents(): RecordedEvent[] {
  const at = new Date(FRIDAY_2PM_NEW_YORK - 7 * DAY);
  const event = (streamVersion: number, type: string, data: unknown): RecordedEvent => ({
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
  });
  return [
    event(1, 'CalendarVersionRecorded', {
      calendarId: 'new-york',
      version: 1,
      name: 'New York office',
      rules: newYorkRules,
    }),
    event(2, 'CalendarAssigned', { calendarId: 'new-york', subject: { kind: 'team', teamId: 'sales' } }),
  ];
}

async function relay(app: ExecutionTestApp, events: readonly RecordedEvent[]): Promise<void> {
  const toMessage = protobufEventMapper(() => OWNERSHIP_EVENTS_TOPIC);
  for (const event of events) {
    const message = toMessage(event);
    if (!message) throw new Error(`${event.type} is not relayable`);
    await app.runtime.bus.publish(message.topic, [message]);
  }
}

const salesCalendar = (app: ExecutionTestApp): string | undefined =>
  app.app
    .get(CalendarBook)
    .of('default')
    ?.teams.get('sales')
    ?.map((a) => a.calendarId)
    .join();

// Execution records the calendars it learns in its own store, so a restart whose ownership topic
// is empty (a new consumer, retention dropped the old calendar events) still counts business time
// in the owning team's calendar, not in the fallback week.
describe("Execution's calendars", () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-execution-calendars-'));
  const clock = new ManualClock(FRIDAY_2PM_NEW_YORK);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept in its store once each, and give business-time deadlines after a restart without the topic', async () => {
    const first = await ExecutionTestApp.start({ dir, clock });
    const events = ownershipCalendarEvents();
    try {
      await relay(first, events);
      await waitUntil(() => salesCalendar(first) === 'new-york');
      // The topic delivers again (a new consumer group reads it from the beginning): nothing is written twice.
      await relay(first, events);
      await relay(first, [events[1] as RecordedEvent]);
      const kept = await first.runtime.store.readStream(knownCalendarsStream('default'));
      expect(kept.map((e) => (e.data as { sourceVersion: number }).sourceVersion)).toEqual([1, 2]);
    } finally {
      await first.close(false);
    }

    // A fresh in-process bus: the ownership topic holds nothing.
    const second = await ExecutionTestApp.start({ dir, clock });
    try {
      expect(salesCalendar(second)).toBe('new-york');
      await second.publishDefinitionText(CALLBACK);
      const started = await second.call('startInstance', {
        definitionId: 'callback',
        businessKey: 'customer-42',
      });
      const due = started.instance?.activations.find((a) => a.stepId === 'call-back')?.dueAt?.getTime();
      expect(due).not.toBe(MONDAY_FALLBACK);
      expect(due).toBe(MONDAY_10AM_NEW_YORK);
      // The replayed events are what a restart relearns: again nothing new is written.
      await relay(second, events);
      expect(await second.runtime.store.readStream(knownCalendarsStream('default'))).toHaveLength(2);
    } finally {
      await second.close(false);
    }
  });
});
