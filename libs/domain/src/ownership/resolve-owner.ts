import type { DataRecord, Millis } from '../shared/data';
import type { AssignmentPolicy, OwnerSpec } from '../definition/model';
import type { TeamAssignmentPolicy } from './events';
import { byId, type DirectorySnapshot } from './snapshot';

export interface ResolveAssigneeInput {
  /** The step's owner; undefined (an unowned step) resolves to nobody. */
  readonly owner: OwnerSpec | undefined;
  /**
   * The step's policy. For a team or role owner, `direct` or no policy (an escalation target)
   * means "the team's own policy", and `manual-claim` when it has none (or the owner is a role):
   * offering the work is the only choice that never picks someone silently.
   */
  readonly policy?: AssignmentPolicy;
  /** Instance data, for `data-field` owners. */
  readonly data: DataRecord;
  /** When the assignment happens: availability is checked at this instant. */
  readonly at: Millis;
  readonly snapshot: DirectorySnapshot;
  /** Open work per person (least-loaded); non-finite counts rank last. */
  readonly workload: (personId: string) => number;
  /** Round-robin position the caller keeps per team/role; 0 when absent. */
  readonly cursor?: number;
}

export type UnresolvedCode =
  | 'NO_OWNER'
  | 'DATA_FIELD_MISSING'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_UNAVAILABLE'
  | 'TEAM_NOT_FOUND'
  | 'NO_CANDIDATES'
  | 'NOBODY_AVAILABLE';

export type AssigneeResolution =
  | {
      readonly kind: 'assigned';
      readonly personId: string;
      /** The owner team, else the assignee's only team; absent when that is ambiguous. */
      readonly teamId?: string;
      readonly reason: string;
      /** Round-robin only: the cursor to pass next time. */
      readonly nextCursor?: number;
    }
  /** Offered to the (available) candidates; one of them claims it by starting it. */
  | {
      readonly kind: 'claim';
      readonly candidates: string[];
      readonly teamId?: string;
      readonly reason: string;
    }
  | { readonly kind: 'unresolved'; readonly code: UnresolvedCode; readonly reason: string };

type Unresolved = Extract<AssigneeResolution, { kind: 'unresolved' }>;

interface Pool {
  readonly members: string[];
  readonly teamId?: string;
  readonly label: string;
}

/** Turns a step owner into one person, an offer to several, or a reason why nobody. */
export function resolveAssignee(input: ResolveAssigneeInput): AssigneeResolution {
  const { owner, data, snapshot } = input;
  switch (owner?.kind) {
    case undefined:
      return unresolved('NO_OWNER', 'the step has no owner');
    case 'person':
      return one(owner.personId, `step owner is person "${owner.personId}"`, input);
    case 'data-field': {
      const personId = data[owner.field];
      if (typeof personId !== 'string' || personId.trim() === '') {
        return unresolved('DATA_FIELD_MISSING', `data field "${owner.field}" does not name a person`);
      }
      return one(personId, `data field "${owner.field}" names "${personId}"`, input);
    }
    case 'team':
      if (!snapshot.hasTeam(owner.teamId)) return unresolved('TEAM_NOT_FOUND', `no team "${owner.teamId}"`);
      return fromPool(
        {
          members: snapshot.membersOfTeam(owner.teamId),
          teamId: owner.teamId,
          label: `team "${owner.teamId}"`,
        },
        input,
      );
    case 'role':
      return fromPool({ members: snapshot.holdersOfRole(owner.role), label: `role "${owner.role}"` }, input);
  }
}

function one(personId: string, why: string, { snapshot, at }: ResolveAssigneeInput): AssigneeResolution {
  if (!snapshot.hasPerson(personId)) return unresolved('PERSON_NOT_FOUND', `${why}, who is not registered`);
  if (!snapshot.isAvailable(personId, at)) {
    return unresolved('PERSON_UNAVAILABLE', `${why}, who is unavailable at ${iso(at)}`);
  }
  return withTeam({ kind: 'assigned', personId, reason: `direct: ${why}` }, soleTeam(personId, snapshot));
}

function fromPool(pool: Pool, input: ResolveAssigneeInput): AssigneeResolution {
  const { snapshot, at } = input;
  if (pool.members.length === 0) return unresolved('NO_CANDIDATES', `${pool.label} has nobody in it`);
  const available = pool.members.filter((p) => snapshot.isAvailable(p, at));
  if (available.length === 0) {
    return unresolved(
      'NOBODY_AVAILABLE',
      `all ${pool.members.length} of ${pool.label} (${pool.members.join(', ')}) are unavailable at ${iso(at)}`,
    );
  }
  const policy = effectivePolicy(input.policy, pool.teamId, snapshot);
  const of = `${pool.label} (${available.length} of ${pool.members.length} available)`;
  switch (policy) {
    case 'manual-claim':
      return withTeam(
        { kind: 'claim', candidates: available, reason: `manual-claim: offered to ${of}` },
        pool.teamId,
      );
    case 'least-loaded': {
      const load = (p: string): number => {
        const n = input.workload(p);
        return Number.isFinite(n) ? n : Infinity;
      };
      // Lowest load first; equal loads go to the lowest id, so the same inputs give the same pick.
      const [personId] = [...available].sort((a, b) => load(a) - load(b) || byId(a, b)) as [string];
      const reason = `least-loaded over ${of}: "${personId}" has ${load(personId)} open`;
      return withTeam({ kind: 'assigned', personId, reason }, pool.teamId ?? soleTeam(personId, snapshot));
    }
    case 'round-robin':
      return roundRobin(pool, input, of);
  }
}

/**
 * The cursor indexes the sorted member list (unavailable members included, so positions do not
 * shift with holidays); from there the first available member wins, and the next cursor points
 * just past them.
 */
function roundRobin(
  pool: Pool,
  { snapshot, at, cursor = 0 }: ResolveAssigneeInput,
  of: string,
): AssigneeResolution {
  const n = pool.members.length;
  const start = Number.isSafeInteger(cursor) ? ((cursor % n) + n) % n : 0;
  for (let i = 0; i < n; i++) {
    const index = (start + i) % n;
    const personId = pool.members[index] as string;
    if (snapshot.isAvailable(personId, at)) {
      const reason = `round-robin over ${of}: "${personId}" at position ${index}`;
      const teamId = pool.teamId ?? soleTeam(personId, snapshot);
      return withTeam({ kind: 'assigned', personId, reason, nextCursor: (index + 1) % n }, teamId);
    }
  }
  /* istanbul ignore next -- fromPool only calls this with someone available */
  return unresolved('NOBODY_AVAILABLE', `nobody in ${pool.label} is available`);
}

function effectivePolicy(
  policy: AssignmentPolicy | undefined,
  teamId: string | undefined,
  snapshot: DirectorySnapshot,
): TeamAssignmentPolicy {
  if (policy !== undefined && policy !== 'direct') return policy;
  return (teamId !== undefined ? snapshot.assignmentPolicyOf(teamId) : undefined) ?? 'manual-claim';
}

/** A person in exactly one team belongs to it; in several, guessing would misattribute work. */
function soleTeam(personId: string, snapshot: DirectorySnapshot): string | undefined {
  const teams = snapshot.teamsOf(personId);
  return teams.length === 1 ? teams[0] : undefined;
}

function withTeam<R extends AssigneeResolution>(resolution: R, teamId: string | undefined): R {
  return teamId === undefined ? resolution : { ...{}, ...resolution, teamId };
}

function unresolved(code: UnresolvedCode, reason: string): Unresolved {
  return { kind: 'unresolved', code, reason };
}

function iso(at: Millis): string {
  // Date covers ±8.64e15 ms; anything else is shown raw rather than throwing.
  return Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : String(at);
}
