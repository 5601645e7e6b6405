import type { Millis } from '../shared/data';
import type { DirectoryEvent } from './events';
import {
  initialDirectoryState,
  type AbsenceWindow,
  type DirectoryState,
  type Person,
  type Team,
} from './state';

/**
 * Folds one event into the state. Total: an event about someone unknown (only possible in a
 * hand-edited stream) leaves the state unchanged rather than inventing a person or team.
 */
export function evolve(state: DirectoryState, event: DirectoryEvent): DirectoryState {
  const next = remember(state, event.idempotencyKey);
  switch (event.type) {
    case 'PersonRegistered':
      return withPerson(next, {
        personId: event.data.personId,
        name: event.data.name,
        ...(event.data.email !== undefined ? { email: event.data.email } : {}),
        roles: new Set(),
        absences: [],
      });
    case 'TeamCreated':
      return withTeam(next, {
        teamId: event.data.teamId,
        name: event.data.name,
        members: new Set(),
        escalationPolicy: [],
      });
    case 'MemberAdded':
      return updateTeam(next, event.data.teamId, (t) => ({
        ...{},
        ...t,
        members: add(t.members, event.data.personId),
      }));
    case 'MemberRemoved':
      return updateTeam(next, event.data.teamId, (t) => ({
        ...{},
        ...t,
        members: remove(t.members, event.data.personId),
      }));
    case 'RoleGranted':
      return updatePerson(next, event.data.personId, (p) => ({
        ...{},
        ...p,
        roles: add(p.roles, event.data.role),
      }));
    case 'RoleRevoked':
      return updatePerson(next, event.data.personId, (p) => ({
        ...{},
        ...p,
        roles: remove(p.roles, event.data.role),
      }));
    case 'AvailabilityChanged': {
      const change = event.data;
      return updatePerson(next, change.personId, (p) => ({
        ...{},
        ...p,
        absences:
          change.status === 'available'
            ? endAbsencesAt(p.absences, change.from)
            : [...p.absences, absence(change.from, change.until, change.reason)],
      }));
    }
    case 'AssignmentPolicySet':
      return updateTeam(next, event.data.teamId, (t) => ({
        ...{},
        ...t,
        assignmentPolicy: event.data.policy,
      }));
    case 'EscalationPolicySet':
      return updateTeam(next, event.data.teamId, (t) => ({
        ...{},
        ...t,
        escalationPolicy: event.data.chain,
      }));
    default:
      return next;
  }
}

/** Replays a stream from the start. */
export function foldDirectory(events: readonly DirectoryEvent[], from?: DirectoryState): DirectoryState {
  return events.reduce(evolve, from ?? initialDirectoryState);
}

function remember(state: DirectoryState, key: string | undefined): DirectoryState {
  if (key === undefined || state.processedKeys.has(key)) return state;
  return { ...{}, ...state, processedKeys: add(state.processedKeys, key) };
}

function withPerson(state: DirectoryState, person: Person): DirectoryState {
  return { ...{}, ...state, people: new Map(state.people).set(person.personId, person) };
}

function withTeam(state: DirectoryState, team: Team): DirectoryState {
  return { ...{}, ...state, teams: new Map(state.teams).set(team.teamId, team) };
}

function updatePerson(
  state: DirectoryState,
  personId: string,
  change: (p: Person) => Person,
): DirectoryState {
  const person = state.people.get(personId);
  return person ? withPerson(state, change(person)) : state;
}

function updateTeam(state: DirectoryState, teamId: string, change: (t: Team) => Team): DirectoryState {
  const team = state.teams.get(teamId);
  return team ? withTeam(state, change(team)) : state;
}

function add<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  return new Set(set).add(value);
}

function remove<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  const copy = new Set(set);
  copy.delete(value);
  return copy;
}

function absence(from: Millis, until: Millis | undefined, reason: string | undefined): AbsenceWindow {
  return { from, ...(until !== undefined ? { until } : {}), ...(reason !== undefined ? { reason } : {}) };
}

/** Absences that start at or after `from` are dropped; ones still running at `from` end there. */
function endAbsencesAt(absences: readonly AbsenceWindow[], from: Millis): AbsenceWindow[] {
  return absences
    .filter((w) => w.from < from)
    .map((w) => (w.until === undefined || w.until > from ? { ...{}, ...w, until: from } : w));
}
