import { commonV1, ownershipV1 } from '@baton/contracts';
import type { AssignmentPolicy, directory, EscalationLevel, OwnerSpec } from '@baton/domain';

const { AvailabilityStatus } = ownershipV1;
const { AssignmentStrategy, EscalationAction, OwnerKind } = commonV1;

// Domain ⇄ wire for the directory's read side. The domain records no external id, description,
// lead, parent, delegate or role scope yet; the controller refuses those fields rather than drop them.

export function personOf(
  person: directory.Person,
  state: directory.DirectoryState,
  at: number,
): ownershipV1.Person {
  const teamIds = [...state.teams.values()]
    .filter((t) => t.members.has(person.personId))
    .map((t) => t.teamId);
  return ownershipV1.Person.fromPartial({
    personId: person.personId,
    displayName: person.name,
    email: person.email ?? '',
    teamIds: teamIds.sort(),
    roles: [...person.roles].sort().map((role) => ({ role, teamId: '' })),
    availability: availabilityOf(person, at),
  });
}

/** The absence running at `at`, if any, as the wire's AWAY with its end and reason. */
export function availabilityOf(person: directory.Person, at: number): ownershipV1.Availability {
  const absence = person.absences.find((w) => w.from <= at && (w.until === undefined || at < w.until));
  if (!absence)
    return ownershipV1.Availability.fromPartial({ status: AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE });
  return ownershipV1.Availability.fromPartial({
    status: AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
    ...(absence.until !== undefined ? { until: new Date(absence.until) } : {}),
    note: absence.reason ?? '',
  });
}

export function teamOf(team: directory.Team): ownershipV1.Team {
  return ownershipV1.Team.fromPartial({
    teamId: team.teamId,
    name: team.name,
    memberPersonIds: [...team.members].sort(),
    ...(team.assignmentPolicy
      ? {
          assignmentPolicy: {
            strategy: strategyOf(team.assignmentPolicy),
            skipUnavailable: true,
          },
        }
      : {}),
    escalationPolicy: { levels: team.escalationPolicy.map(levelToWire) },
  });
}

const strategies: Record<AssignmentPolicy, commonV1.AssignmentStrategy> = {
  'manual-claim': AssignmentStrategy.ASSIGNMENT_STRATEGY_MANUAL,
  'round-robin': AssignmentStrategy.ASSIGNMENT_STRATEGY_ROUND_ROBIN,
  'least-loaded': AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED,
  direct: AssignmentStrategy.ASSIGNMENT_STRATEGY_DIRECT,
};

export const strategyOf = (policy: AssignmentPolicy): commonV1.AssignmentStrategy => strategies[policy];

export function policyOf(strategy: commonV1.AssignmentStrategy): AssignmentPolicy | undefined {
  return (Object.keys(strategies) as AssignmentPolicy[]).find((p) => strategies[p] === strategy);
}

const actions: Record<EscalationLevel['action'], commonV1.EscalationAction> = {
  remind: EscalationAction.ESCALATION_ACTION_REMIND,
  notify: EscalationAction.ESCALATION_ACTION_NOTIFY,
  reassign: EscalationAction.ESCALATION_ACTION_REASSIGN,
};

export function actionOf(action: commonV1.EscalationAction): EscalationLevel['action'] | undefined {
  return (Object.keys(actions) as EscalationLevel['action'][]).find((a) => actions[a] === action);
}

export const actionToWire = (action: EscalationLevel['action']): commonV1.EscalationAction => actions[action];

export function levelToWire(level: EscalationLevel): commonV1.EscalationLevel {
  return commonV1.EscalationLevel.fromPartial({
    after: { seconds: String(Math.trunc(level.afterMs / 1000)), nanos: (level.afterMs % 1000) * 1_000_000 },
    action: actions[level.action],
    target: ownerToWire(level.to),
  });
}

/** A data-field owner travels as a person owner with `data_field` set (see owner.proto). */
export function ownerToWire(owner: OwnerSpec): commonV1.OwnerSpec {
  switch (owner.kind) {
    case 'person':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, personId: owner.personId });
    case 'team':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_TEAM, teamId: owner.teamId });
    case 'role':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_ROLE, role: owner.role });
    case 'data-field':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, dataField: owner.field });
  }
}

/** The wire owner as a domain owner, or undefined when it names nothing the domain can hold. */
export function ownerFromWire(spec: commonV1.OwnerSpec | undefined): OwnerSpec | undefined {
  if (!spec) return undefined;
  if (spec.dataField !== '' && spec.kind === OwnerKind.OWNER_KIND_PERSON)
    return { kind: 'data-field', field: spec.dataField };
  switch (spec.kind) {
    case OwnerKind.OWNER_KIND_PERSON:
      return spec.personId ? { kind: 'person', personId: spec.personId } : undefined;
    case OwnerKind.OWNER_KIND_TEAM:
      return spec.teamId ? { kind: 'team', teamId: spec.teamId } : undefined;
    case OwnerKind.OWNER_KIND_ROLE:
      return spec.role ? { kind: 'role', role: spec.role } : undefined;
    default:
      return undefined;
  }
}
