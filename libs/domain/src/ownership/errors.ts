import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type DomainError,
  type FieldViolation,
} from '../shared/errors';
import type { Millis } from '../shared/data';
import type { DirectoryState, Person, Team } from './state';

/** Stable codes of the directory's refusals; services map them to gRPC status codes. */
export const DirectoryErrorCode = {
  personNotFound: 'PERSON.NOT_FOUND',
  personAlreadyExists: 'PERSON.ALREADY_EXISTS',
  personInvalid: 'PERSON.INVALID',
  teamNotFound: 'TEAM.NOT_FOUND',
  teamAlreadyExists: 'TEAM.ALREADY_EXISTS',
  teamInvalid: 'TEAM.INVALID',
  memberAlreadyInTeam: 'MEMBER.ALREADY_IN_TEAM',
  memberNotInTeam: 'MEMBER.NOT_IN_TEAM',
  roleInvalid: 'ROLE.INVALID',
  roleAlreadyGranted: 'ROLE.ALREADY_GRANTED',
  roleNotGranted: 'ROLE.NOT_GRANTED',
  availabilityInvalid: 'AVAILABILITY.INVALID',
  policyInvalid: 'POLICY.INVALID',
  escalationInvalid: 'ESCALATION.INVALID_CHAIN',
} as const;

export function requirePerson(state: DirectoryState, personId: string, field = 'data.personId'): Person {
  const person = state.people.get(personId);
  if (!person) {
    throw new NotFoundError(DirectoryErrorCode.personNotFound, `No person "${personId}" is registered.`, {
      personId,
      field,
    });
  }
  return person;
}

export function requireTeam(state: DirectoryState, teamId: string, field = 'data.teamId'): Team {
  const team = state.teams.get(teamId);
  if (!team) {
    throw new NotFoundError(DirectoryErrorCode.teamNotFound, `No team "${teamId}" exists.`, {
      teamId,
      field,
    });
  }
  return team;
}

export function conflict(code: string, message: string, details: Record<string, unknown>): DomainError {
  return new ConflictError(code, message, details);
}

export function notFound(code: string, message: string, details: Record<string, unknown>): DomainError {
  return new NotFoundError(code, message, details);
}

/** Collects field problems so one refusal lists all of them, not just the first. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  text(field: string, value: string | undefined): this {
    if (typeof value !== 'string' || value.trim() === '') {
      this.list.push({ field, description: 'must be a non-empty string', reason: 'REQUIRED' });
    }
    return this;
  }

  time(field: string, value: Millis | undefined): this {
    if (value !== undefined && !Number.isSafeInteger(value)) {
      this.list.push({
        field,
        description: 'must be epoch milliseconds (an integer)',
        reason: 'INVALID_TIME',
      });
    }
    return this;
  }

  check(ok: boolean, field: string, description: string, reason: string): this {
    if (!ok) this.list.push({ field, description, reason });
    return this;
  }

  throwIfAny(code: string, what: string): void {
    const [first] = this.list;
    if (first) {
      throw new ValidationError(code, `${what}: ${first.field} ${first.description}.`, this.list);
    }
  }
}
