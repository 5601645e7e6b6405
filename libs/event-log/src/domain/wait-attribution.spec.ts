import { calendar as cal } from '@baton/domain';
import { LogAnalysis } from './log-analysis';
import { buildCase, min, type Ev } from './test-support/log-builders';
import { waitAttribution } from './wait-attribution';

// Minute 0 is Thursday 1970-01-01 00:00 UTC; the calendar works Monday–Friday 07:00–17:00 UTC.
const FRIDAY = 1440;
const MONDAY = 4 * 1440;
const hours = cal.weekdaysCalendar('weekdays');

function bothClocks(...cases: readonly (readonly Ev[])[]) {
  const elapsed = new LogAnalysis();
  const business = new LogAnalysis((from, to) => cal.businessDuration(hours, from, to));
  cases.forEach((events, i) => {
    elapsed.addCase(buildCase(events, `c${i + 1}`));
    business.addCase(buildCase(events, `c${i + 1}`));
  });
  return waitAttribution(elapsed.report(), business.report());
}

describe('Wait attribution of handoffs: working hours against off-hours', () => {
  it('puts a weekend wait off-hours and a Monday wait in working time (hand-computed)', () => {
    const attribution = bothClocks([
      ['A', FRIDAY + 15 * 60, 'start'],
      ['A', FRIDAY + 16 * 60, 'complete'], // Friday 16:00
      ['B', MONDAY + 9 * 60, 'start'], // Monday 09:00: 65 h later, 1 h on Friday + 2 h on Monday working
      ['B', MONDAY + 10 * 60, 'complete'],
      ['C', MONDAY + 12 * 60, 'start'], // 2 h later, all working time
      ['C', MONDAY + 12 * 60 + 20, 'complete'],
    ]);
    expect(attribution).toEqual([
      {
        from: 'A',
        to: 'B',
        count: 1,
        totalMs: min(65 * 60),
        workingMs: min(3 * 60),
        offHoursMs: min(62 * 60),
        offHoursShare: 62 / 65,
      },
      {
        from: 'B',
        to: 'C',
        count: 1,
        totalMs: min(120),
        workingMs: min(120),
        offHoursMs: 0,
        offHoursShare: 0,
      },
    ]);
  });

  it('sums over cases per edge, and gives an edge that lost no time a share of 0', () => {
    const overnight: Ev[] = [
      ['A', MONDAY + 16 * 60 + 30], // Monday 16:30
      ['B', MONDAY + 1440 + 8 * 60], // Tuesday 08:00: 30 min + 60 min working, 14 h off
    ];
    const sameInstant: Ev[] = [
      ['A', MONDAY + 9 * 60, 'start'],
      ['B', MONDAY + 9 * 60, 'start'],
      ['A', MONDAY + 10 * 60, 'complete'],
      ['B', MONDAY + 10 * 60, 'complete'],
    ];
    const [ab] = bothClocks(overnight, overnight, sameInstant);
    expect(ab).toEqual({
      from: 'A',
      to: 'B',
      count: 3,
      totalMs: 2 * min(15.5 * 60),
      workingMs: 2 * min(90),
      offHoursMs: 2 * min(14 * 60),
      offHoursShare: 14 / 15.5,
    });
    const idle = bothClocks(sameInstant);
    expect(idle).toEqual([
      { from: 'A', to: 'B', count: 1, totalMs: 0, workingMs: 0, offHoursMs: 0, offHoursShare: 0 },
    ]);
  });

  it('never reports more working time than elapsed time, nor a negative off-hours part', () => {
    const elapsed = { handoffs: [{ from: 'A', to: 'B', count: 1, totalMs: 100 }] };
    const business = { handoffs: [{ from: 'A', to: 'B', count: 1, totalMs: 101 }] };
    const [row] = waitAttribution(elapsed as never, business as never);
    expect(row).toMatchObject({ workingMs: 100, offHoursMs: 0, offHoursShare: 0 });
  });
});
