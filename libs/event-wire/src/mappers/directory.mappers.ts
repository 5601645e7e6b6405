import { commonV1, ownershipV1 } from '@baton/contracts';
import type { directory } from '@baton/domain';
import { invalidField } from '../errors';
import type { EventDataMapper } from './event-data-mapper';
import {
  assignmentPolicies,
  escalationLevelOf,
  levelOf,
  millisOf,
  present,
  required,
  timestampOf,
} from './wire-values';

// Directory events (streams `directory` and `policy-{team}`): the directory namespace of
// @baton/domain ⇄ baton.ownership.v1.

type Data<T extends directory.DirectoryEventType> = Extract<directory.DirectoryEvent, { type: T }>['data'];
type Mapper<T extends directory.DirectoryEventType, M> = EventDataMapper<Data<T>, M>;

export const personRegistered: Mapper<'PersonRegistered', ownershipV1.PersonRegistered> = {
  messageType: ownershipV1.PersonRegistered,
  toWire: (d) =>
    ownershipV1.PersonRegistered.fromPartial({
      personId: d.personId,
      displayName: d.name,
      email: d.email ?? '',
    }),
  toDomain: (m) => ({
    personId: required('personId', m.personId),
    name: m.displayName,
    ...present('email', m.email),
  }),
};

export const teamCreated: Mapper<'TeamCreated', ownershipV1.TeamCreated> = {
  messageType: ownershipV1.TeamCreated,
  toWire: (d) => ownershipV1.TeamCreated.fromPartial({ teamId: d.teamId, name: d.name }),
  toDomain: (m) => ({ teamId: required('teamId', m.teamId), name: m.name }),
};

export const memberAdded: Mapper<'MemberAdded', ownershipV1.MemberAdded> = {
  messageType: ownershipV1.MemberAdded,
  toWire: (d) => ownershipV1.MemberAdded.fromPartial({ teamId: d.teamId, personId: d.personId }),
  toDomain: (m) => ({ teamId: required('teamId', m.teamId), personId: required('personId', m.personId) }),
};

export const memberRemoved: Mapper<'MemberRemoved', ownershipV1.MemberRemoved> = {
  messageType: ownershipV1.MemberRemoved,
  toWire: (d) => ownershipV1.MemberRemoved.fromPartial({ teamId: d.teamId, personId: d.personId }),
  toDomain: (m) => ({ teamId: required('teamId', m.teamId), personId: required('personId', m.personId) }),
};

export const roleGranted: Mapper<'RoleGranted', ownershipV1.RoleGranted> = {
  messageType: ownershipV1.RoleGranted,
  toWire: (d) => ownershipV1.RoleGranted.fromPartial({ personId: d.personId, role: d.role }),
  toDomain: (m) => ({ personId: required('personId', m.personId), role: required('role', m.role) }),
};

export const roleRevoked: Mapper<'RoleRevoked', ownershipV1.RoleRevoked> = {
  messageType: ownershipV1.RoleRevoked,
  toWire: (d) => ownershipV1.RoleRevoked.fromPartial({ personId: d.personId, role: d.role }),
  toDomain: (m) => ({ personId: required('personId', m.personId), role: required('role', m.role) }),
};

const { AvailabilityStatus } = ownershipV1;

/**
 * `unavailable` is AWAY on the wire (an absence window) with the reason as the note. A status
 * without `from` (written before the field existed) starts at the event's business time.
 */
export const availabilityChanged: Mapper<'AvailabilityChanged', ownershipV1.AvailabilityChanged> = {
  messageType: ownershipV1.AvailabilityChanged,
  toWire: (d) =>
    ownershipV1.AvailabilityChanged.fromPartial({
      personId: d.personId,
      availability:
        d.status === 'available'
          ? { status: AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE, from: timestampOf(d.from) }
          : {
              status: AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
              from: timestampOf(d.from),
              until: d.until === undefined ? undefined : timestampOf(d.until),
              note: d.reason ?? '',
            },
    }),
  toDomain: (m, context) => {
    const personId = required('personId', m.personId);
    const availability = m.availability;
    const from =
      availability?.from === undefined
        ? context.occurredAt
        : millisOf('availability.from', availability.from);
    switch (availability?.status) {
      case AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE:
        return { personId, status: 'available', from };
      case AvailabilityStatus.AVAILABILITY_STATUS_AWAY:
      case AvailabilityStatus.AVAILABILITY_STATUS_BUSY:
      case AvailabilityStatus.AVAILABILITY_STATUS_INACTIVE:
        return {
          personId,
          status: 'unavailable',
          from,
          ...(availability.until === undefined
            ? {}
            : { until: millisOf('availability.until', availability.until) }),
          ...present('reason', availability.note),
        };
      default:
        throw invalidField('availability.status', 'is not set');
    }
  },
};

export const assignmentPolicySet: Mapper<'AssignmentPolicySet', ownershipV1.AssignmentPolicySet> = {
  messageType: ownershipV1.AssignmentPolicySet,
  toWire: (d) =>
    ownershipV1.AssignmentPolicySet.fromPartial({
      teamId: d.teamId,
      policy: { strategy: assignmentPolicies.toWire(d.policy) },
    }),
  toDomain: (m) => {
    const strategy = m.policy?.strategy ?? commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_UNSPECIFIED;
    const policy = assignmentPolicies.toDomain('policy.strategy', strategy);
    if (policy === 'direct') throw invalidField('policy.strategy', 'cannot be DIRECT for a team');
    return { teamId: required('teamId', m.teamId), policy };
  },
};

export const escalationPolicySet: Mapper<'EscalationPolicySet', ownershipV1.EscalationPolicySet> = {
  messageType: ownershipV1.EscalationPolicySet,
  toWire: (d) =>
    ownershipV1.EscalationPolicySet.fromPartial({
      teamId: d.teamId,
      policy: { levels: d.chain.map(escalationLevelOf) },
    }),
  toDomain: (m) => ({
    teamId: required('teamId', m.teamId),
    chain: (m.policy?.levels ?? []).map((level, i) => levelOf(`policy.levels[${i}]`, level)),
  }),
};
