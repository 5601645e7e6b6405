import { ownershipV1 } from '@baton/contracts';
import { status, type ServiceError } from '@grpc/grpc-js';
import { OwnershipHarness, T0 } from '../testing/ownership-harness';

const HOUR = 3_600_000;
const weekdays = (start: string, end: string) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ranges: [{ start, end }] }));
const paris = ownershipV1.Calendar.fromPartial({
  calendarId: 'paris',
  name: 'Paris office',
  timeZone: 'Europe/Paris',
  week: weekdays('09:00', '17:00'),
  holidays: ['2026-12-25'],
});

type Cal = { calendar: ownershipV1.Calendar };

describe('OwnershipService calendars over gRPC', () => {
  let h: OwnershipHarness;
  beforeEach(async () => {
    h = await OwnershipHarness.start({ schedulerIntervalMs: 0 });
  });
  afterEach(() => h.stop());

  const define = (calendar: ownershipV1.Calendar) =>
    h.call<ownershipV1.DefineCalendarRequest, Cal>('defineCalendar', { calendar, idempotencyKey: '' });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: ServiceError) => e,
    );

  it('defines, updates, assigns and reads calendars with their versions', async () => {
    const defined = await define(paris);
    expect(defined.calendar).toMatchObject({ calendarId: 'paris', version: '1', holidays: ['2026-12-25'] });
    expect(defined.calendar.week[0]).toEqual({ weekday: 1, ranges: [{ start: '09:00', end: '17:00' }] });

    h.clock.advance(HOUR);
    const updated = await h.call<ownershipV1.UpdateCalendarRequest, Cal>('updateCalendar', {
      calendar: { ...paris, name: '', week: weekdays('08:00', '16:00') },
      idempotencyKey: 'u-1',
      expectedVersion: '1',
    });
    expect(updated.calendar).toMatchObject({ version: '2', name: 'Paris office' });
    expect(updated.calendar.effectiveFrom?.getTime()).toBe(T0 + HOUR);

    await h.call(
      'assignCalendar',
      ownershipV1.AssignCalendarRequest.fromPartial({ calendarId: 'paris', teamId: 'finance' }),
    );
    const assigned = await h.call<ownershipV1.AssignCalendarRequest, Cal>(
      'assignCalendar',
      ownershipV1.AssignCalendarRequest.fromPartial({ calendarId: 'paris', tenantDefault: true }),
    );
    expect(assigned.calendar).toMatchObject({ teamIds: ['finance'], tenantDefault: true });

    const before = await h.call<ownershipV1.GetCalendarRequest, Cal>('getCalendar', {
      calendarId: 'paris',
      at: new Date(T0 + HOUR - 1),
    });
    expect(before.calendar).toMatchObject({ version: '1' });
    expect(before.calendar.week[0]?.ranges).toEqual([{ start: '09:00', end: '17:00' }]);
    const list = await h.call<ownershipV1.ListCalendarsRequest, ownershipV1.ListCalendarsResponse>(
      'listCalendars',
      {},
    );
    expect(list.calendars.map((c) => [c.calendarId, c.version])).toEqual([['paris', '2']]);
  });

  it('answers INVALID_ARGUMENT naming each bad field', async () => {
    const error = await failure(
      define({
        ...paris,
        timeZone: 'Europe/Atlantis',
        week: [{ weekday: 8, ranges: [{ start: '17:00', end: '09:00' }] }],
      }),
    );
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const fields = String(error?.details);
    expect(fields).toContain('calendar.week[0].weekday');
  });

  it('answers INVALID_ARGUMENT from the domain for rules that parse but cannot be used', async () => {
    const error = await failure(define({ ...paris, timeZone: 'Europe/Atlantis', holidays: ['next friday'] }));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toContain('calendar paris is invalid');
  });

  it('answers ALREADY_EXISTS, NOT_FOUND and FAILED_PRECONDITION where they apply', async () => {
    await define(paris);
    expect((await failure(define(paris)))?.code).toBe(status.ALREADY_EXISTS);
    const missing = await failure(
      h.call('getCalendar', ownershipV1.GetCalendarRequest.fromPartial({ calendarId: 'nowhere' })),
    );
    expect(missing?.code).toBe(status.NOT_FOUND);
    const stale = await failure(
      h.call('updateCalendar', { calendar: paris, idempotencyKey: '', expectedVersion: '7' }),
    );
    expect(stale?.code).toBe(status.FAILED_PRECONDITION);
  });

  it('keeps each tenant’s calendars in its own stream', async () => {
    await define(paris);
    const streams = await h.runtime.store.readStream('calendars-default');
    expect(streams.map((e) => e.type)).toEqual(['CalendarVersionRecorded']);
  });
});
