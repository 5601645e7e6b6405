import type { Millis } from '../shared/data';
import type { AssignmentPolicy, EscalationLevel } from '../definition/model';

/** Time and the idempotency key arrive with the command, so `decide` stays pure. */
export interface CommandMetadata {
  readonly now: Millis;
  readonly idempotencyKey?: string;
}

export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export type RegisterPerson = Command<
  'RegisterPerson',
  { readonly personId: string; readonly name: string; readonly email?: string }
>;

export type CreateTeam = Command<'CreateTeam', { readonly teamId: string; readonly name: string }>;

export type AddMember = Command<'AddMember', { readonly teamId: string; readonly personId: string }>;

export type RemoveMember = Command<'RemoveMember', { readonly teamId: string; readonly personId: string }>;

export type GrantRole = Command<'GrantRole', { readonly personId: string; readonly role: string }>;

export type RevokeRole = Command<'RevokeRole', { readonly personId: string; readonly role: string }>;

/** `from` defaults to `metadata.now` ("available again from now", "away from now"). */
export type SetAvailability = Command<
  'SetAvailability',
  { readonly personId: string } & (
    | { readonly status: 'available'; readonly from?: Millis }
    | {
        readonly status: 'unavailable';
        readonly from?: Millis;
        readonly until?: Millis;
        readonly reason?: string;
      }
  )
>;

/** Typed as the full policy union because it arrives from the wire; `direct` is refused. */
export type SetAssignmentPolicy = Command<
  'SetAssignmentPolicy',
  { readonly teamId: string; readonly policy: AssignmentPolicy }
>;

export type SetEscalationPolicy = Command<
  'SetEscalationPolicy',
  { readonly teamId: string; readonly chain: readonly EscalationLevel[] }
>;

export type DirectoryCommand =
  | RegisterPerson
  | CreateTeam
  | AddMember
  | RemoveMember
  | GrantRole
  | RevokeRole
  | SetAvailability
  | SetAssignmentPolicy
  | SetEscalationPolicy;

export type DirectoryCommandType = DirectoryCommand['type'];
