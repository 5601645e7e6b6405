import type { Millis } from '../shared/data';
import type { AssignmentPolicy, EscalationLevel } from '../definition/model';
import type { DomainEvent } from '../instance/events';

/**
 * The directory's events: who exists, which teams they are in, which roles they hold, when they
 * are away, and how each team assigns and escalates work. Same envelope shape as instance events
 * (`at` = business time, `idempotencyKey` = the causing command's key).
 */
export type PersonRegistered = DomainEvent<
  'PersonRegistered',
  { readonly personId: string; readonly name: string; readonly email?: string }
>;

export type TeamCreated = DomainEvent<'TeamCreated', { readonly teamId: string; readonly name: string }>;

export type MemberAdded = DomainEvent<'MemberAdded', { readonly teamId: string; readonly personId: string }>;

export type MemberRemoved = DomainEvent<
  'MemberRemoved',
  { readonly teamId: string; readonly personId: string }
>;

export type RoleGranted = DomainEvent<'RoleGranted', { readonly personId: string; readonly role: string }>;

export type RoleRevoked = DomainEvent<'RoleRevoked', { readonly personId: string; readonly role: string }>;

/**
 * `unavailable` adds an absence window `[from, until)` (no `until` = until further notice);
 * `available` ends every absence at `from`: windows still running are cut there and windows that
 * start later are dropped (back early, holiday cancelled).
 */
export type Availability =
  | { readonly status: 'available'; readonly from: Millis }
  | {
      readonly status: 'unavailable';
      readonly from: Millis;
      readonly until?: Millis;
      readonly reason?: string;
    };

export type AvailabilityChanged = DomainEvent<
  'AvailabilityChanged',
  { readonly personId: string } & Availability
>;

export type AssignmentPolicySet = DomainEvent<
  'AssignmentPolicySet',
  { readonly teamId: string; readonly policy: TeamAssignmentPolicy }
>;

/** A step's escalation chain falls back to its team's chain when the definition gives none. */
export type EscalationPolicySet = DomainEvent<
  'EscalationPolicySet',
  { readonly teamId: string; readonly chain: readonly EscalationLevel[] }
>;

/** `direct` names one person, so it is never a team's policy. */
export type TeamAssignmentPolicy = Exclude<AssignmentPolicy, 'direct'>;

export type DirectoryEvent =
  | PersonRegistered
  | TeamCreated
  | MemberAdded
  | MemberRemoved
  | RoleGranted
  | RoleRevoked
  | AvailabilityChanged
  | AssignmentPolicySet
  | EscalationPolicySet;

export type DirectoryEventType = DirectoryEvent['type'];
