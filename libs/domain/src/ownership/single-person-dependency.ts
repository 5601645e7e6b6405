import type { Millis } from '../shared/data';
import type { OwnerSpec, StepKind } from '../definition/model';
import type { MembershipView } from './snapshot';

/** What the rule reads of a step; a definition's `Step` fits. */
export interface OwnedStep {
  readonly id: string;
  readonly kind?: StepKind;
  readonly owner?: OwnerSpec;
}

export type DependencyReason =
  /** The owner is one named person. */
  | 'named-person'
  /** The owner team or role has exactly one member/holder. */
  | 'only-member'
  /** Several could, but at the instant checked only one of them is available. */
  | 'only-available';

export interface SinglePersonDependency {
  readonly stepId: string;
  readonly owner: OwnerSpec;
  readonly personId: string;
  readonly reason: DependencyReason;
}

export interface AvailabilityCheck {
  readonly at: Millis;
  readonly isAvailable: (personId: string, at: Millis) => boolean;
}

/** Step kinds done by a system or the clock: nobody's memory is at risk there. */
const unattended: ReadonlySet<StepKind> = new Set(['automated', 'timer', 'wait-for-event']);

/**
 * Who could perform a step owned by `owner`: the person, the team's members or the role's
 * holders. Undefined when the directory cannot say (a `data-field` owner is known per instance).
 */
export function performersOf(owner: OwnerSpec, view: MembershipView): string[] | undefined {
  switch (owner.kind) {
    case 'person':
      return [owner.personId];
    case 'team':
      return view.membersOfTeam(owner.teamId);
    case 'role':
      return view.holdersOfRole(owner.role);
    case 'data-field':
      return undefined;
  }
}

/**
 * Steps that only one person can perform (best practice 5: resilience beyond one person's
 * memory). Structural dependencies (one named person, a team or role of one) are always
 * reported; given `availability`, so is a step whose pool has exactly one person available at
 * that instant (everyone else on holiday). Steps without an owner, with a data-field owner, or
 * performed by a system or timer are not this rule's business. In step order.
 */
export function singlePersonDependencies(
  steps: readonly OwnedStep[],
  view: MembershipView,
  availability?: AvailabilityCheck,
): SinglePersonDependency[] {
  const found: SinglePersonDependency[] = [];
  for (const step of steps) {
    if (!step.owner || (step.kind !== undefined && unattended.has(step.kind))) continue;
    const people = performersOf(step.owner, view);
    if (!people) continue;
    const base = { stepId: step.id, owner: step.owner };
    const [only] = people;
    if (people.length === 1 && only !== undefined) {
      found.push({
        ...{},
        ...base,
        personId: only,
        reason: step.owner.kind === 'person' ? 'named-person' : 'only-member',
      });
      continue;
    }
    const available = availability ? people.filter((p) => availability.isAvailable(p, availability.at)) : [];
    const [onlyAvailable] = available;
    if (available.length === 1 && onlyAvailable !== undefined) {
      found.push({ ...{}, ...base, personId: onlyAvailable, reason: 'only-available' });
    }
  }
  return found;
}
