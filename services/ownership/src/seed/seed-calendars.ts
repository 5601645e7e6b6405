import type { INestApplicationContext } from '@nestjs/common';
import { ownershipV1 } from '@baton/contracts';
import { ConflictError } from '@baton/domain';
import type { CallContext } from '@baton/grpc-server';
import { CalendarsGrpcController } from '../calendars/calendars.grpc-controller';
import { SEED_TEAMS } from './seed-data';

/** The demo tenant's working week: Monday–Friday 09:00–17:00 UTC, no holidays. */
export const SEED_CALENDAR = ownershipV1.Calendar.fromPartial({
  calendarId: 'office-hours',
  name: 'Office hours',
  timeZone: 'UTC',
  week: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, ranges: [{ start: '09:00', end: '17:00' }] })),
});

/**
 * Defines the demo calendar and makes it the tenant's default and each seeded team's, so
 * `PT4H business` deadlines in the examples count office hours. Idempotent (`seed:` keys; a
 * calendar defined by hand already is left as it is).
 */
export async function seedCalendars(app: INestApplicationContext, context: CallContext): Promise<void> {
  const api = app.get(CalendarsGrpcController);
  try {
    await api.defineCalendar(
      { calendar: SEED_CALENDAR, idempotencyKey: 'seed:calendar:office-hours' },
      context,
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const assign = (partial: Partial<ownershipV1.AssignCalendarRequest>, key: string) =>
    api.assignCalendar(
      ownershipV1.AssignCalendarRequest.fromPartial({
        calendarId: 'office-hours',
        idempotencyKey: key,
        ...partial,
      }),
      context,
    );
  await assign({ tenantDefault: true }, 'seed:calendar:tenant-default');
  for (const team of SEED_TEAMS) await assign({ teamId: team.id }, `seed:calendar:team:${team.id}`);
}
