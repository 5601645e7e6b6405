import type { Millis } from '../shared/data';
import type { EscalationLevel } from '../definition/model';
import type { TeamAssignmentPolicy } from './events';
import type { DirectoryState } from './state';

/**
 * The part of the directory that lint needs for the single-person-dependency rule, kept this
 * narrow so lint can run against a stub or a read model as well as a full snapshot.
 */
export interface MembershipView {
  membersOfTeam(teamId: string): string[];
  holdersOfRole(role: string): string[];
}

/**
 * A read-only view of the directory at one stream position. Every list is sorted by id (code
 * unit order, not locale) so every rule built on it is deterministic, and is a fresh copy the
 * caller may keep.
 */
export interface DirectorySnapshot extends MembershipView {
  /** Members of the team; [] for an unknown team. */
  membersOfTeam(teamId: string): string[];
  /** Registered people holding the role; [] when nobody does. */
  holdersOfRole(role: string): string[];
  /** Registered and not inside any absence window at `at`. Unknown people are never available. */
  isAvailable(personId: string, at: Millis): boolean;
  /** Teams the person is a member of; [] for an unknown person. */
  teamsOf(personId: string): string[];
  hasPerson(personId: string): boolean;
  hasTeam(teamId: string): boolean;
  /** The team's own policy, if it set one. */
  assignmentPolicyOf(teamId: string): TeamAssignmentPolicy | undefined;
  /** The team's escalation chain; [] when it set none. */
  escalationChainOf(teamId: string): readonly EscalationLevel[];
}

export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function snapshotOf(state: DirectoryState): DirectorySnapshot {
  const holders = new Map<string, string[]>();
  const teamsByPerson = new Map<string, string[]>();
  for (const person of state.people.values()) {
    for (const role of person.roles) holders.set(role, [...(holders.get(role) ?? []), person.personId]);
  }
  for (const team of state.teams.values()) {
    for (const personId of team.members) {
      teamsByPerson.set(personId, [...(teamsByPerson.get(personId) ?? []), team.teamId]);
    }
  }
  const sorted = (ids: Iterable<string> | undefined): string[] => [...(ids ?? [])].sort(byId);

  return {
    membersOfTeam: (teamId) => sorted(state.teams.get(teamId)?.members),
    holdersOfRole: (role) => sorted(holders.get(role)),
    teamsOf: (personId) => sorted(teamsByPerson.get(personId)),
    hasPerson: (personId) => state.people.has(personId),
    hasTeam: (teamId) => state.teams.has(teamId),
    isAvailable(personId, at) {
      const person = state.people.get(personId);
      return (
        person !== undefined &&
        !person.absences.some((w) => w.from <= at && (w.until === undefined || at < w.until))
      );
    },
    assignmentPolicyOf: (teamId) => state.teams.get(teamId)?.assignmentPolicy,
    escalationChainOf: (teamId) => state.teams.get(teamId)?.escalationPolicy ?? [],
  };
}
