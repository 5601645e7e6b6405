import { ManualClock } from '@baton/service-kit';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownCalendarsStream } from '../streams';
import {
  callBackDueAt,
  CALLBACK,
  FRIDAY_2PM_NEW_YORK,
  MONDAY_10AM_NEW_YORK,
  newYorkForSales,
  ownershipCalendarEvent,
  relayOwnershipEvents,
  teamCalendars,
} from '../testing/calendar-fixture';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';
import { startExecutionOnKafka } from '../testing/execution-on-kafka';

jest.setTimeout(120_000);

// On a real broker: a restarted execution reads ownership's topic from the beginning again (a new
// consumer group per process) and records nothing twice; restarted on a cluster whose ownership
// topic is empty, it still counts business time in the team's calendar from its own store.
describeWithKafka("Execution's calendars on Kafka", () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-execution-calendars-kafka-'));
  const clock = new ManualClock(FRIDAY_2PM_NEW_YORK);
  const groups = {
    definitions: uniqueName('execution-definitions'),
    triggers: uniqueName('execution-triggers'),
  };
  const kept = async (app: ExecutionTestApp) =>
    (await app.runtime.store.readStream(knownCalendarsStream('default'))).map(
      (e) => (e.data as { sourceVersion: number }).sourceVersion,
    );

  /** Execution on the broker, its topics under `topicPrefix` (created if missing). */
  const start = (topicPrefix: string) =>
    startExecutionOnKafka({
      brokers: kafkaBrokers(),
      clientId: 'execution-calendars-int',
      topicPrefix,
      dir,
      clock,
      module: { groups },
    });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records each calendar event once across restarts and keeps them when the topic is empty', async () => {
    const cluster = `${uniqueName('calendars')}.`;
    const first = await start(cluster);
    try {
      await relayOwnershipEvents(first, newYorkForSales());
      await waitUntil(() => teamCalendars(first, 'sales') === 'new-york', 60_000);
      expect(await kept(first)).toEqual([1, 2]);
    } finally {
      await first.close(false);
    }

    // The same topic, read from its beginning by the restarted process's new group.
    const second = await start(cluster);
    try {
      const support = ownershipCalendarEvent(3, 'CalendarAssigned', {
        calendarId: 'new-york',
        subject: { kind: 'team', teamId: 'support' },
      });
      await relayOwnershipEvents(second, [support]);
      // Keyed by stream: events 1 and 2 were delivered again before 3.
      await waitUntil(() => teamCalendars(second, 'support') === 'new-york', 60_000);
      expect(await kept(second)).toEqual([1, 2, 3]);
    } finally {
      await second.close(false);
    }

    // Another cluster name: its ownership topic has never held a calendar event.
    const third = await start(`${uniqueName('empty')}.`);
    try {
      expect(teamCalendars(third, 'sales')).toBe('new-york');
      await third.publishDefinitionText(CALLBACK);
      expect(await callBackDueAt(third, 'customer-42')).toBe(MONDAY_10AM_NEW_YORK);
      expect(await kept(third)).toEqual([1, 2, 3]);
    } finally {
      await third.close(false);
    }
  });
});
