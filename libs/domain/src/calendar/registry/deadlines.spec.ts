import fc from 'fast-check';
import type { CalendarRules } from './events';
import { businessDuration } from '../business-time';
import { dueWithin, handoffSlaInstants } from './deadlines';
import {
  assignTeam,
  assignTenant,
  define,
  HOUR,
  local,
  officeHours,
  registryAfter,
  utc,
} from './test-support';

const business = (hours: number) => ({
  kind: 'within' as const,
  durationMs: hours * HOUR,
  business: true as const,
});
const team = (teamId: string) => ({ kind: 'team' as const, teamId });

const registry = registryAfter([
  define('paris', officeHours('Europe/Paris', ['2026-12-25'])),
  define('new-york', officeHours('America/New_York')),
  assignTeam('paris', 'finance'),
  assignTeam('new-york', 'sales'),
  assignTenant('paris'),
]);

describe('deadlines in business time, computed by hand', () => {
  it('count calendar time without `business`', () => {
    const from = local('2026-11-27T15:00', 'Europe/Paris');
    expect(dueWithin({ kind: 'within', durationMs: 4 * HOUR }, from, team('finance'), registry)).toBe(
      from + 4 * HOUR,
    );
  });

  it('skip a weekend: Friday 15:00 + 4 business hours is Monday 11:00 in Paris', () => {
    const friday = local('2026-11-27T15:00', 'Europe/Paris');
    expect(dueWithin(business(4), friday, team('finance'), registry)).toBe(utc('2026-11-30T10:00:00Z'));
  });

  it('skip a holiday: Thursday 24 December 16:00 + 4 h is Monday 28th 12:00 (Christmas, then the weekend)', () => {
    const thursday = local('2026-12-24T16:00', 'Europe/Paris');
    expect(dueWithin(business(4), thursday, team('finance'), registry)).toBe(utc('2026-12-28T11:00:00Z'));
  });

  it('follow the autumn daylight-saving change in Paris (UTC+2 on Friday, UTC+1 on Monday)', () => {
    // 2 h on Friday 23 October until 17:00 (15:00Z), 2 h from Monday 09:00 (08:00Z) → 11:00 = 10:00Z.
    const friday = local('2026-10-23T15:00', 'Europe/Paris');
    expect(friday).toBe(utc('2026-10-23T13:00:00Z'));
    expect(dueWithin(business(4), friday, team('finance'), registry)).toBe(utc('2026-10-26T10:00:00Z'));
  });

  it('follow the autumn daylight-saving change in New York a week later (EDT on Friday, EST on Monday)', () => {
    // 2 h on Friday 30 October until 17:00 EDT, 2 h from Monday 2 November 09:00 EST (14:00Z) → 16:00Z.
    const friday = local('2026-10-30T15:00', 'America/New_York');
    expect(friday).toBe(utc('2026-10-30T19:00:00Z'));
    expect(dueWithin(business(4), friday, team('sales'), registry)).toBe(utc('2026-11-02T16:00:00Z'));
  });

  it('follow the spring change on a Sunday shift that has only 23 hours', () => {
    const sundays: CalendarRules = {
      timeZone: 'Europe/Paris',
      week: { 7: [{ startMinute: 0, endMinute: 1440 }] },
      holidays: [],
      closures: [],
    };
    const weekendDesk = registryAfter([define('sundays', sundays), assignTeam('sundays', 'desk')]);
    // Sunday 29 March 2026 00:00 Paris (UTC+1) is 23 working hours long; the 24th is the first
    // hour of the next Sunday (5 April, UTC+2: 00:00 = 4 April 22:00Z).
    const sunday = local('2026-03-29T00:00', 'Europe/Paris');
    expect(dueWithin(business(24), sunday, team('desk'), weekendDesk)).toBe(utc('2026-04-04T23:00:00Z'));
  });

  it('use the receiving team’s calendar for a handoff SLA, with the at-risk share in working time too', () => {
    // Finance in Paris completes at 16:00 Paris (15:00Z = 10:00 New York) on Friday 27 November;
    // Sales in New York has 7 working hours left that day.
    const since = local('2026-11-27T16:00', 'Europe/Paris');
    const sla = { withinMs: 4 * HOUR, atRiskPercent: 50, business: true as const };
    expect(handoffSlaInstants(sla, since, team('sales'), registry)).toEqual({
      atRiskAt: utc('2026-11-27T17:00:00Z'),
      dueAt: utc('2026-11-27T19:00:00Z'),
    });
    // In Paris' calendar the same SLA would fall due on Monday at 12:00 Paris.
    expect(handoffSlaInstants(sla, since, team('finance'), registry).dueAt).toBe(utc('2026-11-30T11:00:00Z'));
  });
});

describe('deadlines in business time, as properties', () => {
  const instant = fc.integer({ min: utc('2025-01-01T00:00:00Z'), max: utc('2028-01-01T00:00:00Z') });
  const hours = fc.integer({ min: 1, max: 200 }).map((h) => h * 15 * 60_000);
  const owner = fc.constantFrom(team('finance'), team('sales'), undefined);

  it('leave exactly the requested working time between activation and deadline', () => {
    fc.assert(
      fc.property(instant, hours, owner, (from, ms, who) => {
        const due = dueWithin({ kind: 'within', durationMs: ms, business: true }, from, who, registry);
        const calendar = who?.teamId === 'sales' ? 'new-york' : 'paris';
        const rules = registry.calendars.get(calendar)?.[0]?.calendar;
        return due >= from + ms && rules !== undefined && businessDuration(rules, from, due) === ms;
      }),
    );
  });

  it('never fall earlier for a longer duration', () => {
    fc.assert(
      fc.property(instant, hours, hours, (from, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const due = (ms: number) =>
          dueWithin({ kind: 'within', durationMs: ms, business: true }, from, team('sales'), registry);
        return due(short) <= due(long);
      }),
    );
  });

  it('equal calendar time for a 24×7 calendar', () => {
    const always = registryAfter([
      define('always', {
        timeZone: 'Europe/Paris',
        week: Object.fromEntries(
          [1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ startMinute: 0, endMinute: 1440 }]]),
        ),
        holidays: [],
        closures: [],
      }),
      assignTenant('always'),
    ]);
    fc.assert(
      fc.property(instant, hours, (from, ms) => {
        return (
          dueWithin({ kind: 'within', durationMs: ms, business: true }, from, undefined, always) === from + ms
        );
      }),
    );
  });
});
