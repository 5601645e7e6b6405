import type { Millis } from '../shared/data';
import type { EscalationLevel } from '../definition/model';
import type { TeamAssignmentPolicy } from './events';

/** An absence `[from, until)`; no `until` = until further notice. */
export interface AbsenceWindow {
  readonly from: Millis;
  readonly until?: Millis;
  readonly reason?: string;
}

export interface Person {
  readonly personId: string;
  readonly name: string;
  readonly email?: string;
  readonly roles: ReadonlySet<string>;
  readonly absences: readonly AbsenceWindow[];
}

export interface Team {
  readonly teamId: string;
  readonly name: string;
  readonly members: ReadonlySet<string>;
  readonly assignmentPolicy?: TeamAssignmentPolicy;
  readonly escalationPolicy: readonly EscalationLevel[];
}

/**
 * Maps, not records: ids are user data, and a record keyed by `constructor` or `__proto__` would
 * find Object.prototype members.
 */
export interface DirectoryState {
  readonly people: ReadonlyMap<string, Person>;
  readonly teams: ReadonlyMap<string, Team>;
  /** Idempotency keys of every command that produced events, so a retry produces none. */
  readonly processedKeys: ReadonlySet<string>;
}

export const initialDirectoryState: DirectoryState = {
  people: new Map(),
  teams: new Map(),
  processedKeys: new Set(),
};
