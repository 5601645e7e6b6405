import type { Millis } from '../../shared/data';
import {
  ConflictError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type FieldViolation,
} from '../../shared/errors';
import { calendarViolations } from '../calendar';
import type { CalendarEvent, CalendarRules, CalendarSubject } from './events';
import type { CalendarRegistry } from './state';

export interface CalendarCommandMetadata {
  readonly now: Millis;
  readonly idempotencyKey?: string;
}

export type CalendarCommand =
  | {
      readonly type: 'DefineCalendar';
      readonly data: { readonly calendarId: string; readonly name: string; readonly rules: CalendarRules };
      readonly metadata: CalendarCommandMetadata;
    }
  | {
      readonly type: 'UpdateCalendar';
      readonly data: {
        readonly calendarId: string;
        readonly name?: string;
        readonly rules: CalendarRules;
        /** The calendar version the change was made against; a newer one refuses it. */
        readonly expectedVersion?: number;
      };
      readonly metadata: CalendarCommandMetadata;
    }
  | {
      readonly type: 'AssignCalendar';
      readonly data: { readonly calendarId: string; readonly subject: CalendarSubject };
      readonly metadata: CalendarCommandMetadata;
    };

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The events a calendar command records; none for a retry of a key already processed. */
export function decideCalendars(command: CalendarCommand, state: CalendarRegistry): CalendarEvent[] {
  const { now, idempotencyKey } = command.metadata;
  if (idempotencyKey !== undefined && state.processedKeys.has(idempotencyKey)) return [];
  const stamp = { at: now, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) };
  switch (command.type) {
    case 'DefineCalendar': {
      const { calendarId, name, rules } = command.data;
      requireValid(calendarId, rules, ID.test(calendarId) ? [] : [idViolation(calendarId)]);
      if (state.calendars.has(calendarId))
        throw new ConflictError('CALENDAR.EXISTS', `calendar ${calendarId} exists; update it instead`, {
          calendarId,
        });
      return [
        {
          type: 'CalendarVersionRecorded',
          data: { calendarId, version: 1, name: name || calendarId, rules },
          ...stamp,
        },
      ];
    }
    case 'UpdateCalendar': {
      const { calendarId, rules, expectedVersion } = command.data;
      const versions = requireCalendar(state, calendarId);
      const latest = versions[versions.length - 1];
      const version = latest?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== version)
        throw new IllegalStateError(
          'CALENDAR.VERSION_CHANGED',
          `calendar ${calendarId} is at version ${version}, not ${expectedVersion}; read it again and retry`,
          { currentState: `version ${version}`, allowed: ['UpdateCalendar'], calendarId, expectedVersion },
        );
      requireValid(calendarId, rules, []);
      const name = command.data.name || latest?.name || calendarId;
      return [
        {
          type: 'CalendarVersionRecorded',
          data: { calendarId, version: version + 1, name, rules },
          ...stamp,
        },
      ];
    }
    case 'AssignCalendar': {
      const { calendarId, subject } = command.data;
      requireCalendar(state, calendarId);
      return [{ type: 'CalendarAssigned', data: { calendarId, subject }, ...stamp }];
    }
  }
}

function requireCalendar(state: CalendarRegistry, calendarId: string) {
  const versions = state.calendars.get(calendarId);
  if (!versions)
    throw new NotFoundError('CALENDAR.NOT_FOUND', `calendar ${calendarId} is not defined`, { calendarId });
  return versions;
}

function idViolation(calendarId: string): FieldViolation {
  return {
    field: 'calendarId',
    description: `"${calendarId}" must be 1–64 lower-case letters, digits, '.', '_' or '-'`,
    reason: 'INVALID_FORMAT',
  };
}

function requireValid(calendarId: string, rules: CalendarRules, extra: FieldViolation[]): void {
  const violations = [...extra, ...calendarViolations({ id: calendarId, ...rules })];
  if (violations.length > 0)
    throw new ValidationError('CALENDAR.INVALID', `calendar ${calendarId} is invalid`, violations);
}
