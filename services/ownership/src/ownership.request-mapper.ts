import { ownershipV1 } from '@baton/contracts';
import type { AssignmentPolicy, EscalationLevel, OwnerSpec } from '@baton/domain';
import type { RequestCheck } from '@baton/grpc-server';
import { actionOf, ownerFromWire, policyOf } from './directory/directory.mapper';

const { AvailabilityStatus } = ownershipV1;

/**
 * The wire's availability as the directory's: AVAILABLE (or unset) ends absences now; BUSY, AWAY
 * and INACTIVE start an absence now, until `until` if given, with the note (else the status) as
 * its reason. Delegates are not recorded yet.
 */
export function availabilityChange(r: ownershipV1.SetAvailabilityRequest, check: RequestCheck) {
  const a = r.availability;
  check.require(a !== undefined, 'availability', 'availability is required', 'REQUIRED');
  check.require(
    !a?.delegatePersonId,
    'availability.delegate_person_id',
    'delegates are not recorded by this directory yet',
    'UNSUPPORTED',
  );
  check.require(
    a?.status !== AvailabilityStatus.UNRECOGNIZED,
    'availability.status',
    'is not a known status',
    'INVALID',
  );
  const status = a?.status ?? AvailabilityStatus.AVAILABILITY_STATUS_UNSPECIFIED;
  if (
    status === AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE ||
    status === AvailabilityStatus.AVAILABILITY_STATUS_UNSPECIFIED
  ) {
    check.require(a?.until === undefined, 'availability.until', 'only an absence has an end', 'INVALID');
    return { personId: r.personId, status: 'available' as const };
  }
  const reason =
    a?.note || ownershipV1.availabilityStatusToJSON(status).replace('AVAILABILITY_STATUS_', '').toLowerCase();
  return {
    personId: r.personId,
    status: 'unavailable' as const,
    ...(a?.until ? { until: a.until.getTime() } : {}),
    reason,
  };
}

export function strategyChange(
  p: ownershipV1.AssignmentPolicy | undefined,
  check: RequestCheck,
): AssignmentPolicy | undefined {
  check.require(p !== undefined, 'policy', 'policy is required', 'REQUIRED');
  const policy = p && policyOf(p.strategy);
  check.require(
    p === undefined || policy !== undefined,
    'policy.strategy',
    'must be MANUAL, ROUND_ROBIN or LEAST_LOADED',
    'REQUIRED',
  );
  check.require(
    !p?.defaultPersonId,
    'policy.default_person_id',
    'a default assignee is not recorded yet',
    'UNSUPPORTED',
  );
  check.require(
    !p?.maxOpenWorkPerPerson,
    'policy.max_open_work_per_person',
    'capacity limits are not recorded yet',
    'UNSUPPORTED',
  );
  return policy;
}

export function escalationChain(
  p: ownershipV1.EscalationPolicy | undefined,
  check: RequestCheck,
): EscalationLevel[] {
  check.require(p !== undefined, 'policy', 'policy is required', 'REQUIRED');
  check.require(
    p?.repeatEvery === undefined,
    'policy.repeat_every',
    'repeating levels are not supported yet',
    'UNSUPPORTED',
  );
  return (p?.levels ?? []).map((level, i) => {
    const action = actionOf(level.action);
    const to: OwnerSpec | undefined = ownerFromWire(level.target);
    check.require(
      action !== undefined,
      `policy.levels[${i}].action`,
      'must be REMIND, NOTIFY or REASSIGN',
      'REQUIRED',
    );
    check.require(
      to !== undefined,
      `policy.levels[${i}].target`,
      'must name a person, team or role',
      'REQUIRED',
    );
    check.require(level.after !== undefined, `policy.levels[${i}].after`, 'is required', 'REQUIRED');
    const afterMs = level.after
      ? Number(level.after.seconds) * 1000 + Math.trunc(level.after.nanos / 1e6)
      : 0;
    return { afterMs, action: action ?? 'notify', to: to ?? { kind: 'team', teamId: '' } };
  });
}
