import { ConflictError, IllegalStateError, NotFoundError, ValidationError } from '../../shared/errors';
import { decideCalendars } from './decide';
import { calendarFor, calendarVersionAt, FALLBACK_CALENDAR } from './in-force';
import { calendarStreamOf, emptyCalendarRegistry } from './state';
import {
  assignPerson,
  assignTeam,
  assignTenant,
  define,
  officeHours,
  registryAfter,
  update,
} from './test-support';

const paris = officeHours('Europe/Paris');
const parisWithChristmas = officeHours('Europe/Paris', ['2026-12-25']);

describe('Calendar registry', () => {
  it('keys its stream by tenant', () => {
    expect(calendarStreamOf('acme')).toBe('calendars-acme');
  });

  describe('when a calendar is defined and updated', () => {
    const registry = registryAfter([define('paris', paris, 100), update('paris', parisWithChristmas, 200)]);

    it('keeps every version with the instant it came into force', () => {
      expect(registry.calendars.get('paris')?.map((v) => [v.version, v.from, v.calendar.holidays])).toEqual([
        [1, 100, []],
        [2, 200, ['2026-12-25']],
      ]);
    });

    it('knows the version in force at any instant', () => {
      expect(calendarVersionAt(registry, 'paris', 150)?.version).toBe(1);
      expect(calendarVersionAt(registry, 'paris', 200)?.version).toBe(2);
      expect(calendarVersionAt(registry, 'paris', 10_000)?.version).toBe(2);
    });

    it('refuses an update made against an older version', () => {
      expect(() => decideCalendars(update('paris', paris, 300, 1), registry)).toThrow(IllegalStateError);
      expect(decideCalendars(update('paris', paris, 300, 2), registry)[0]?.data).toMatchObject({
        version: 3,
      });
    });
  });

  it('refuses an invalid calendar naming every bad field', () => {
    const bad = { ...paris, timeZone: 'Mars/Olympus', holidays: ['25/12/2026'] };
    let error: unknown;
    try {
      decideCalendars(define('Bad Id', bad), emptyCalendarRegistry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).violations.map((v) => v.field)).toEqual([
      'calendarId',
      'timeZone',
      'holidays[0]',
    ]);
  });

  it('refuses defining a calendar twice and assigning one that does not exist', () => {
    const registry = registryAfter([define('paris', paris)]);
    expect(() => decideCalendars(define('paris', paris), registry)).toThrow(ConflictError);
    expect(() => decideCalendars(assignTeam('nowhere', 'sales'), registry)).toThrow(NotFoundError);
  });

  it('records nothing for a retried command', () => {
    const registry = registryAfter([define('paris', paris, 0, 'k-1')]);
    expect(decideCalendars(define('paris', paris, 5, 'k-1'), registry)).toEqual([]);
  });

  describe('which calendar an owner works by', () => {
    const registry = registryAfter([
      define('paris', paris),
      define('new-york', officeHours('America/New_York')),
      define('tokyo', officeHours('Asia/Tokyo')),
      assignTenant('paris', 0),
      assignTeam('new-york', 'sales', 100),
      assignPerson('tokyo', 'kenji', 100),
      assignTeam('tokyo', 'sales', 500),
    ]);

    it('takes the person’s own, then the team’s, then the tenant’s default', () => {
      expect(calendarFor(registry, { personId: 'kenji', teamId: 'sales' }, 200)).toMatchObject({
        source: 'person',
        calendar: { id: 'tokyo' },
      });
      expect(calendarFor(registry, { personId: 'ana', teamId: 'sales' }, 200)).toMatchObject({
        source: 'team',
        calendar: { id: 'new-york' },
      });
      expect(calendarFor(registry, { teamId: 'finance' }, 200)).toMatchObject({
        source: 'tenant',
        calendar: { id: 'paris' },
      });
    });

    it('takes the assignment in force at the instant, not the latest', () => {
      expect(calendarFor(registry, { teamId: 'sales' }, 99).calendar.id).toBe('paris');
      expect(calendarFor(registry, { teamId: 'sales' }, 499).calendar.id).toBe('new-york');
      expect(calendarFor(registry, { teamId: 'sales' }, 500).calendar.id).toBe('tokyo');
    });

    it('falls back to Monday–Friday 07:00–17:00 UTC in a tenant without calendars', () => {
      expect(calendarFor(emptyCalendarRegistry, { teamId: 'sales' }, 0)).toEqual({
        calendar: FALLBACK_CALENDAR,
        version: 0,
        source: 'fallback',
      });
    });
  });
});
