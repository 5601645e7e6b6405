import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ownershipV1 } from '@baton/contracts';
import {
  access,
  directory,
  NotFoundError,
  type AssignmentPolicy,
  type DataRecord,
  type EscalationLevel,
  type OwnerSpec,
} from '@baton/domain';
import { CLOCK, type Clock } from '@baton/service-kit';
import { DirectoryRepository } from '../directory/directory.repository';
import { levelToWire, ownerFromWire, ownerToWire, personOf } from '../directory/directory.mapper';
import { WorkProjection } from '../work/work-projection';

/** The controller has checked that exactly one way of naming the work is given. */
export class WhoOwns {
  constructor(
    readonly tenantId: string,
    readonly request: ownershipV1.WhoOwnsRequest,
  ) {}
}

interface Work {
  readonly owner?: OwnerSpec;
  readonly policy?: AssignmentPolicy;
  readonly chain: readonly EscalationLevel[];
  readonly assignee?: string;
  readonly data: DataRecord;
}

@QueryHandler(WhoOwns)
export class WhoOwnsHandler implements IQueryHandler<WhoOwns, ownershipV1.WhoOwnsResponse> {
  constructor(
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(WorkProjection) private readonly work: WorkProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ tenantId, request }: WhoOwns): Promise<ownershipV1.WhoOwnsResponse> {
    const at = request.at?.getTime() ?? this.clock.now();
    const { state } = await this.directory.current(tenantId);
    const snapshot = directory.snapshotOf(state);
    const work = this.workOf(tenantId, request);
    const owner = work.owner;
    const ids = owner ? candidatesOf(owner, work.data, snapshot) : [];
    const candidates = ids
      .filter((id) => snapshot.hasPerson(id))
      .sort((a, b) => Number(!snapshot.isAvailable(a, at)) - Number(!snapshot.isAvailable(b, at)))
      .map((id) => personOf(state.people.get(id) as directory.Person, state, at));
    const teamId =
      owner?.kind === 'team'
        ? owner.teamId
        : ids.length === 1
          ? soleTeam(ids[0] as string, snapshot)
          : undefined;
    const suggestion = directory.resolveAssignee({
      owner,
      ...(work.policy ? { policy: work.policy } : {}),
      data: work.data,
      at,
      snapshot,
      workload: (personId) => this.work.tracker.openCount(tenantId, personId),
    });
    return ownershipV1.WhoOwnsResponse.fromPartial({
      ...{},
      ...(owner ? { owner: ownerToWire(owner) } : {}),
      teamId: teamId ?? '',
      candidates,
      assigneePersonId: work.assignee ?? '',
      suggestedPersonId: suggestion.kind === 'assigned' ? suggestion.personId : '',
      escalationChain: directory.escalationChainFor(work.chain, teamId, snapshot).map(levelToWire),
    });
  }

  private workOf(tenantId: string, r: ownershipV1.WhoOwnsRequest): Work {
    const tracker = this.work.tracker;
    if (r.owner) {
      const owner = ownerFromWire(r.owner);
      return { ...{}, ...(owner ? { owner } : {}), chain: [], data: {} };
    }
    if (r.definitionId) {
      if (!tracker.hasDefinition(tenantId, r.definitionId, r.definitionVersion)) {
        throw notFound(
          'DEFINITION.NOT_FOUND',
          'baton.definition.v1.DefinitionVersion',
          r.definitionId,
          `No published definition "${r.definitionId}"${r.definitionVersion ? ` version ${r.definitionVersion}` : ''} is known to ownership.`,
        );
      }
      const step = tracker.step(tenantId, r.definitionId, r.definitionVersion, r.stepId);
      if (!step)
        throw notFound(
          'STEP.NOT_FOUND',
          'baton.definition.v1.Step',
          r.stepId,
          `Definition "${r.definitionId}" has no step "${r.stepId}".`,
        );
      return { ...{}, ...step, chain: step.escalations, data: {} };
    }
    const found = tracker.activation(r.instanceId, r.activationId);
    // Another tenant's activation is answered as one that does not exist.
    const activation = found && found.tenantId === access.tenantOr(tenantId) ? found : undefined;
    if (!activation) {
      throw notFound(
        'ACTIVATION.NOT_FOUND',
        'baton.execution.v1.StepActivation',
        `${r.instanceId}/${r.activationId}`,
        `Instance "${r.instanceId}" has no open activation "${r.activationId}".`,
      );
    }
    return {
      ...{},
      ...(activation.owner ? { owner: activation.owner } : {}),
      policy: activation.policy,
      chain: tracker.stepOf(r.instanceId, activation.stepId)?.escalations ?? [],
      ...(activation.assignee ? { assignee: activation.assignee } : {}),
      data: tracker.instanceData(r.instanceId),
    };
  }
}

function candidatesOf(owner: OwnerSpec, data: DataRecord, snapshot: directory.DirectorySnapshot): string[] {
  switch (owner.kind) {
    case 'person':
      return [owner.personId];
    case 'team':
      return snapshot.membersOfTeam(owner.teamId);
    case 'role':
      return snapshot.holdersOfRole(owner.role);
    case 'data-field': {
      const value = data[owner.field];
      return typeof value === 'string' && value !== '' ? [value] : [];
    }
  }
}

function soleTeam(personId: string, snapshot: directory.DirectorySnapshot): string | undefined {
  const teams = snapshot.teamsOf(personId);
  return teams.length === 1 ? teams[0] : undefined;
}

function notFound(code: string, resourceType: string, resourceName: string, message: string): NotFoundError {
  return new NotFoundError(code, message, { resourceType, resourceName });
}
