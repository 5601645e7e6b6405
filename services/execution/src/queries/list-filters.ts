import type { executionV1 } from '@baton/contracts';
import { RequestCheck } from '@baton/grpc-server';
import { instanceStatesOf, stepStatesOf } from '../execution.enums';
import type { InstanceFilter } from './list-instances.query';
import type { WorkFilter } from './list-work.query';

/** The request's filter; `scope` is what the caller may see (integrators: their own instances). */
export function instanceFilterOf(
  r: executionV1.ListInstancesRequest,
  scope: { readonly startedBy?: string },
): InstanceFilter {
  new RequestCheck()
    .require(r.pageSize >= 0, 'page_size', 'page_size must not be negative')
    .require(
      r.definitionVersion === undefined || !!r.definitionId,
      'definition_version',
      'needs definition_id',
    )
    .done('ListInstancesRequest');
  const window = r.startedWithin;
  return {
    ...{},
    ...(r.definitionId ? { definitionId: r.definitionId } : {}),
    ...(r.definitionVersion !== undefined ? { definitionVersion: r.definitionVersion } : {}),
    states: instanceStatesOf(r.states),
    ...(r.businessKey ? { businessKey: r.businessKey } : {}),
    ...(window?.startTime ? { startedFrom: window.startTime.getTime() } : {}),
    ...(window?.endTime ? { startedBefore: window.endTime.getTime() } : {}),
    ...(r.teamId ? { teamId: r.teamId } : {}),
    ...scope,
  };
}

export function workFilterOf(r: executionV1.ListWorkRequest): WorkFilter {
  new RequestCheck()
    .require(!!r.personId || !!r.teamId, 'person_id', 'give person_id or team_id', 'REQUIRED')
    .require(r.pageSize >= 0, 'page_size', 'page_size must not be negative')
    .done('ListWorkRequest');
  return {
    ...{},
    ...(r.personId ? { personId: r.personId } : {}),
    ...(r.teamId ? { teamId: r.teamId } : {}),
    includeTeamQueues: r.includeTeamQueues,
    states: stepStatesOf(r.states),
    overdueOnly: r.overdueOnly,
    ...(r.definitionId ? { definitionId: r.definitionId } : {}),
  };
}
