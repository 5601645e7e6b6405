import { calendar } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import {
  CALENDAR_EVENTS,
  CalendarRegistries,
  calendarsProjection,
  tenantOfCalendarStream,
} from './calendars.projection';

const rules: calendar.CalendarRules = {
  timeZone: 'Europe/Paris',
  week: { 1: [{ startMinute: 540, endMinute: 1020 }] },
  holidays: [],
  closures: [],
};

let position = 0n;
function recorded(
  streamId: string,
  streamVersion: number,
  type: string,
  data: unknown,
  at: number,
): RecordedEvent {
  position += 1n;
  return {
    eventId: `${streamId}-${streamVersion}`,
    streamId,
    streamVersion,
    globalPosition: position,
    type,
    data,
    metadata: { tenantId: tenantOfCalendarStream(streamId) ?? 'default' },
    occurredAt: new Date(at),
    recordedAt: new Date(at),
  } as unknown as RecordedEvent;
}

const defined = (streamId: string, v: number, calendarId: string) =>
  recorded(streamId, v, 'CalendarVersionRecorded', { calendarId, version: 1, name: calendarId, rules }, v);
const assigned = (streamId: string, v: number, calendarId: string, teamId: string) =>
  recorded(streamId, v, 'CalendarAssigned', { calendarId, subject: { kind: 'team', teamId } }, v);

describe('The calendars projection', () => {
  let store: ReadModelStore;
  beforeEach(async () => {
    store = openSqliteReadModelStore({ file: ':memory:' });
    await store.ensureTables(calendarsProjection.tables);
  });
  afterEach(() => store.close());

  const apply = (events: RecordedEvent[]) =>
    store.write((tx) =>
      calendarsProjection.apply(
        tx,
        events.map((event) => ({ event })),
      ),
    );
  const registries = () =>
    store.write((tx) => new CalendarRegistries().load(tx, ['default', 'acme', 'none']));

  it('keeps each tenant’s calendars apart, each event once, and ignores other streams', async () => {
    await apply([defined('calendars-default', 1, 'paris'), defined('calendars-acme', 1, 'tokyo')]);
    // A redelivery (the bus delivers at least once) and the next event in one batch.
    await apply([
      defined('calendars-default', 1, 'paris'),
      assigned('calendars-default', 2, 'paris', 'finance'),
      recorded('directory', 1, 'TeamCreated', { teamId: 'finance', name: 'Finance' }, 3),
    ]);
    const found = await registries();
    expect([...found.keys()].sort()).toEqual(['acme', 'default']);
    const home = found.get('default') as calendar.CalendarRegistry;
    expect(home.calendars.get('paris')).toHaveLength(1);
    expect(calendar.calendarFor(home, { teamId: 'finance' }, 10)).toMatchObject({
      source: 'team',
      calendar: { id: 'paris', timeZone: 'Europe/Paris' },
    });
    // Another tenant's team of the same name works by that tenant's calendars only.
    expect(
      calendar.calendarFor(found.get('acme') as calendar.CalendarRegistry, { teamId: 'finance' }, 10).source,
    ).toBe('fallback');
    const rows = await store.range(CALENDAR_EVENTS, { where: {} });
    expect(rows.map((r) => [r['tenant_id'], r['version']])).toEqual([
      ['acme', 1],
      ['default', 2],
    ]);
  });

  it('names the tenant of a calendar stream only', () => {
    expect(
      ['calendars-default', 'calendars-acme', 'calendars-', 'directory'].map(tenantOfCalendarStream),
    ).toEqual(['default', 'acme', undefined, undefined]);
  });
});
