import type { EscalationLevel } from '../../definition/model';
import { DomainError } from '../../shared/errors';
import type { DirectoryCommand } from '../commands';
import { decide, foldDirectory } from '../directory';
import type { DirectoryEvent } from '../events';
import { snapshotOf, type DirectorySnapshot } from '../snapshot';

/** Test builders and a given/when/then helper for the directory (no mocks: real decide/evolve). */
export const T0 = Date.UTC(2026, 0, 5, 9); // a Monday, 09:00 UTC
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const personRegistered = (personId: string, at = T0): DirectoryEvent => ({
  type: 'PersonRegistered',
  data: { personId, name: personId.toUpperCase() },
  at,
});
export const teamCreated = (teamId: string, at = T0): DirectoryEvent => ({
  type: 'TeamCreated',
  data: { teamId, name: teamId },
  at,
});
export const memberAdded = (teamId: string, personId: string, at = T0): DirectoryEvent => ({
  type: 'MemberAdded',
  data: { teamId, personId },
  at,
});
export const roleGranted = (personId: string, role: string, at = T0): DirectoryEvent => ({
  type: 'RoleGranted',
  data: { personId, role },
  at,
});
export const away = (personId: string, from: number, until?: number): DirectoryEvent => ({
  type: 'AvailabilityChanged',
  data: { personId, status: 'unavailable', from, ...(until !== undefined ? { until } : {}) },
  at: from,
});
export const policySet = (
  teamId: string,
  policy: 'round-robin' | 'least-loaded' | 'manual-claim',
): DirectoryEvent => ({
  type: 'AssignmentPolicySet',
  data: { teamId, policy },
  at: T0,
});
export const escalationSet = (teamId: string, chain: readonly EscalationLevel[]): DirectoryEvent => ({
  type: 'EscalationPolicySet',
  data: { teamId, chain },
  at: T0,
});

/** A team with members, all registered. */
export function team(teamId: string, ...members: string[]): DirectoryEvent[] {
  return [
    ...members.map((p) => personRegistered(p)),
    teamCreated(teamId),
    ...members.map((p) => memberAdded(teamId, p)),
  ];
}

export function snapshot(...events: DirectoryEvent[]): DirectorySnapshot {
  return snapshotOf(foldDirectory(events));
}

export function given(...history: DirectoryEvent[]) {
  return {
    when(command: DirectoryCommand) {
      const run = (): DirectoryEvent[] => decide(command, foldDirectory(history));
      return {
        then(expected: DirectoryEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenRefuses(code: string, kind?: string): void {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainError);
          expect(refusal).toMatchObject(kind ? { code, kind } : { code });
        },
      };
    },
  };
}
