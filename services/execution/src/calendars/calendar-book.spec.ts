import type { RecordedEvent } from '@baton/eventstore';
import { ManualClock } from '@baton/service-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownCalendarsStream } from '../streams';
import {
  callBackDueAt,
  CALLBACK,
  FRIDAY_2PM_NEW_YORK,
  MONDAY_10AM_NEW_YORK,
  MONDAY_FALLBACK,
  newYorkForSales,
  relayOwnershipEvents,
  teamCalendars,
} from '../testing/calendar-fixture';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';
import { CalendarBook, type LearnedCalendarEvent } from './calendar-book';

describe('CalendarBook', () => {
  const [defined, assigned] = newYorkForSales() as [RecordedEvent, RecordedEvent];
  const learned = (event: RecordedEvent) => CalendarBook.learnedFrom(event) as LearnedCalendarEvent;

  it("takes ownership's calendar events only, with their tenant and stream version", () => {
    expect(learned(assigned)).toMatchObject({
      tenantId: 'default',
      sourceVersion: 2,
      event: { type: 'CalendarAssigned' },
    });
    expect(CalendarBook.learnedFrom({ ...defined, streamId: 'directory' })).toBeUndefined();
    expect(CalendarBook.learnedFrom({ ...defined, type: 'TeamCreated' })).toBeUndefined();
  });

  it('folds each source version once, and keeps tenants apart', () => {
    const book = new CalendarBook();
    book.learn(learned(defined));
    book.learn(learned(assigned));
    const registry = book.of('default');
    expect(book.knows(learned(defined))).toBe(true);
    book.learn(learned(defined));
    book.learn(learned(assigned));
    expect(book.of('default')).toBe(registry);
    expect(registry?.teams.get('sales')?.map((a) => a.calendarId)).toEqual(['new-york']);
    const other = { ...defined, metadata: { ...defined.metadata, tenantId: 'acme' } };
    expect(book.knows(learned(other))).toBe(false);
    expect(book.of('acme')).toBeUndefined();
  });
});

// Execution records the calendars it learns in its own store, so a restart whose ownership topic
// is empty (a new consumer, retention dropped the old calendar events) still counts business time
// in the owning team's calendar, not in the fallback week.
describe("Execution's calendars", () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-execution-calendars-'));
  const clock = new ManualClock(FRIDAY_2PM_NEW_YORK);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept in its store once each, and give business-time deadlines after a restart without the topic', async () => {
    const first = await ExecutionTestApp.start({ dir, clock });
    const events = newYorkForSales();
    try {
      await relayOwnershipEvents(first, events);
      await waitUntil(() => teamCalendars(first, 'sales') === 'new-york');
      // The topic delivers again (a new consumer group reads it from the beginning): nothing is written twice.
      await relayOwnershipEvents(first, events);
      await relayOwnershipEvents(first, events.slice(1));
      const kept = await first.runtime.store.readStream(knownCalendarsStream('default'));
      expect(kept.map((e) => (e.data as { sourceVersion: number }).sourceVersion)).toEqual([1, 2]);
    } finally {
      await first.close(false);
    }

    // A fresh in-process bus: the ownership topic holds nothing.
    const second = await ExecutionTestApp.start({ dir, clock });
    try {
      expect(teamCalendars(second, 'sales')).toBe('new-york');
      await second.publishDefinitionText(CALLBACK);
      const due = await callBackDueAt(second, 'customer-42');
      expect(due).not.toBe(MONDAY_FALLBACK);
      expect(due).toBe(MONDAY_10AM_NEW_YORK);
      // The replayed events are what a restart relearns: again nothing new is written.
      await relayOwnershipEvents(second, events);
      expect(await second.runtime.store.readStream(knownCalendarsStream('default'))).toHaveLength(2);
    } finally {
      await second.close(false);
    }
  });
});
