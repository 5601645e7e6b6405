import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { executionV1 } from '@baton/contracts';
import type { DataRecord } from '@baton/domain';
import { RequestCheck, type CallContext } from '@baton/grpc-server';
import { InstanceStepCommand, type InstanceCommandInput } from './commands/instance-step.command';
import { PublishTriggerCommand } from './commands/publish-trigger.command';
import { StartInstanceCommand } from './commands/start-instance.command';
import { DefinitionCatalog } from './definitions/definition-catalog';
import type { Executed } from './instances/instance-repository';
import type { StartResult } from './instances/instance-starter';
import { toInstance, toStepActivation } from './instances/instance.mapper';
import type { InstanceView } from './instances/instance-view';
import { GetInstanceQuery } from './queries/get-instance.query';
import { ListInstancesQuery } from './queries/list-instances.query';
import { ListWorkQuery, type WorkItem } from './queries/list-work.query';
import { fromTriggerEvent, triggerViolations } from './triggers/trigger-input';
import type { TriggerOutcome } from './triggers/trigger-processor';
import { dispositions, instanceStatesOf, stepStatesOf } from './execution.enums';

type StepRequest = {
  instanceId: string;
  activationId: string;
  idempotencyKey: string;
  expectedVersion?: string | undefined;
};

const MAX_TEXT = 2_000;

/** Maps each ExecutionService RPC: request → checks → command or query bus → response. */
@Injectable()
export class ExecutionGrpcController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
  ) {}

  async startInstance(
    r: executionV1.StartInstanceRequest,
    ctx: CallContext,
  ): Promise<executionV1.StartInstanceResponse> {
    new RequestCheck()
      .nonEmpty(r.definitionId, 'definition_id')
      .nonEmpty(r.businessKey, 'business_key')
      .maxLength(r.businessKey, 'business_key', 500)
      .maxLength(r.idempotencyKey, 'idempotency_key', 500)
      .done('StartInstanceRequest');
    const result: StartResult = await this.commands.execute(
      new StartInstanceCommand(
        {
          definitionId: r.definitionId,
          ...(r.definitionVersion !== undefined ? { definitionVersion: r.definitionVersion } : {}),
          businessKey: r.businessKey,
          data: (r.data ?? {}) as DataRecord,
          ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
        },
        ctx,
      ),
    );
    return {
      instance: this.instance(result.instance.view as InstanceView),
      alreadyExisted: result.alreadyExisted,
    };
  }

  async assignStep(
    r: executionV1.AssignStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.AssignStepResponse> {
    const check = stepCheck(r).nonEmpty(r.personId, 'person_id');
    check.done('AssignStepRequest');
    return this.single(
      await this.step(r, ctx, {
        type: 'AssignStep',
        data: { activationId: r.activationId, personId: r.personId, reason: r.reason || 'assigned' },
      }),
      r.activationId,
    );
  }

  async startStep(r: executionV1.StartStepRequest, ctx: CallContext): Promise<executionV1.StartStepResponse> {
    stepCheck(r).done('StartStepRequest');
    const personId = personOf(ctx);
    return this.single(
      await this.step(r, ctx, {
        type: 'StartStep',
        data: { activationId: r.activationId, ...(personId ? { personId } : {}) },
      }),
      r.activationId,
    );
  }

  async completeStep(
    r: executionV1.CompleteStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.CompleteStepResponse> {
    stepCheck(r).done('CompleteStepRequest');
    const personId = personOf(ctx);
    const executed = await this.step(r, ctx, {
      type: 'CompleteStep',
      data: {
        activationId: r.activationId,
        output: (r.output ?? {}) as DataRecord,
        ...(r.outcome ? { outcome: r.outcome } : {}),
        ...(personId ? { personId } : {}),
      },
    });
    return {
      ...this.single(executed, r.activationId),
      activated: this.activated(executed),
      instanceCompleted: executed.events.some((e) => e.type === 'InstanceCompleted'),
    };
  }

  async failStep(r: executionV1.FailStepRequest, ctx: CallContext): Promise<executionV1.FailStepResponse> {
    stepCheck(r).nonEmpty(r.reason, 'reason').maxLength(r.reason, 'reason', MAX_TEXT).done('FailStepRequest');
    const executed = await this.step(r, ctx, {
      type: 'FailStep',
      data: {
        activationId: r.activationId,
        reason: r.reason,
        ...(r.errorCode ? { errorCode: r.errorCode } : {}),
      },
    });
    return this.exceptional(executed, r.activationId);
  }

  async rejectStep(
    r: executionV1.RejectStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.RejectStepResponse> {
    stepCheck(r)
      .nonEmpty(r.reason, 'reason')
      .maxLength(r.reason, 'reason', MAX_TEXT)
      .done('RejectStepRequest');
    const executed = await this.step(r, ctx, {
      type: 'RejectStep',
      data: { activationId: r.activationId, reason: r.reason, ...(r.outcome ? { outcome: r.outcome } : {}) },
    });
    return this.exceptional(executed, r.activationId);
  }

  async reassignStep(
    r: executionV1.ReassignStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.ReassignStepResponse> {
    stepCheck(r).nonEmpty(r.toPersonId, 'to_person_id').done('ReassignStepRequest');
    return this.single(
      await this.step(r, ctx, {
        type: 'ReassignStep',
        data: { activationId: r.activationId, toPersonId: r.toPersonId, reason: r.reason || 'reassigned' },
      }),
      r.activationId,
    );
  }

  async markStepOverdue(
    r: executionV1.MarkStepOverdueRequest,
    ctx: CallContext,
  ): Promise<executionV1.MarkStepOverdueResponse> {
    stepCheck(r).done('MarkStepOverdueRequest');
    return this.single(
      await this.step(r, ctx, { type: 'MarkStepOverdue', data: { activationId: r.activationId } }),
      r.activationId,
    );
  }

  async escalateStep(
    r: executionV1.EscalateStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.EscalateStepResponse> {
    stepCheck(r)
      .require(r.level >= 1, 'level', 'level is 1-based and required', 'REQUIRED')
      .done('EscalateStepRequest');
    return this.single(
      await this.step(r, ctx, {
        type: 'EscalateStep',
        data: {
          activationId: r.activationId,
          level: r.level,
          ...(r.toPersonId ? { toPersonId: r.toPersonId } : {}),
        },
      }),
      r.activationId,
    );
  }

  async cancelInstance(
    r: executionV1.CancelInstanceRequest,
    ctx: CallContext,
  ): Promise<executionV1.CancelInstanceResponse> {
    const check = new RequestCheck().nonEmpty(r.instanceId, 'instance_id').nonEmpty(r.reason, 'reason');
    checkVersion(check, r.expectedVersion).done('CancelInstanceRequest');
    const executed = await this.step({ ...r, activationId: '' }, ctx, {
      type: 'CancelInstance',
      data: { reason: r.reason },
    });
    return { instance: this.instance(executed.after.view as InstanceView) };
  }

  async publishTrigger(
    r: executionV1.PublishTriggerRequest,
    ctx: CallContext,
  ): Promise<executionV1.PublishTriggerResponse> {
    const trigger = fromTriggerEvent(r.trigger ?? ({} as never));
    const check = new RequestCheck().require(
      r.trigger !== undefined,
      'trigger',
      'trigger is required',
      'REQUIRED',
    );
    for (const v of r.trigger ? triggerViolations(trigger) : [])
      check.require(false, `trigger.${v.field}`, v.description, v.reason);
    check
      .require(
        !trigger.tenantId || trigger.tenantId === ctx.tenantId,
        'trigger.tenant_id',
        "must be empty or the caller's tenant",
      )
      .done('PublishTriggerRequest');
    const outcome: TriggerOutcome = await this.commands.execute(new PublishTriggerCommand(trigger, ctx));
    return {
      disposition: dispositions[outcome.disposition],
      startedInstanceIds: [...outcome.startedInstanceIds],
      correlatedInstanceIds: [...outcome.correlatedInstanceIds],
      rejectionReason: outcome.rejectionReason ?? '',
    };
  }

  async getInstance(r: executionV1.GetInstanceRequest): Promise<executionV1.GetInstanceResponse> {
    new RequestCheck().nonEmpty(r.instanceId, 'instance_id').done('GetInstanceRequest');
    return { instance: this.instance(await this.queries.execute(new GetInstanceQuery(r.instanceId))) };
  }

  async listInstances(r: executionV1.ListInstancesRequest): Promise<executionV1.ListInstancesResponse> {
    new RequestCheck()
      .require(r.pageSize >= 0, 'page_size', 'page_size must not be negative')
      .require(
        r.definitionVersion === undefined || !!r.definitionId,
        'definition_version',
        'needs definition_id',
      )
      .done('ListInstancesRequest');
    const window = r.startedWithin;
    const { items, nextPageToken } = await this.queries.execute(
      new ListInstancesQuery(
        {
          ...(r.definitionId ? { definitionId: r.definitionId } : {}),
          ...(r.definitionVersion !== undefined ? { definitionVersion: r.definitionVersion } : {}),
          states: instanceStatesOf(r.states),
          ...(r.businessKey ? { businessKey: r.businessKey } : {}),
          ...(window?.startTime ? { startedFrom: window.startTime.getTime() } : {}),
          ...(window?.endTime ? { startedBefore: window.endTime.getTime() } : {}),
          ...(r.teamId ? { teamId: r.teamId } : {}),
        },
        r.pageSize,
        r.pageToken,
      ),
    );
    return { instances: (items as InstanceView[]).map((v) => this.instance(v, true)), nextPageToken };
  }

  async listWork(r: executionV1.ListWorkRequest): Promise<executionV1.ListWorkResponse> {
    new RequestCheck()
      .require(!!r.personId || !!r.teamId, 'person_id', 'give person_id or team_id', 'REQUIRED')
      .require(r.pageSize >= 0, 'page_size', 'page_size must not be negative')
      .done('ListWorkRequest');
    const { items, nextPageToken } = await this.queries.execute(
      new ListWorkQuery(
        {
          ...(r.personId ? { personId: r.personId } : {}),
          ...(r.teamId ? { teamId: r.teamId } : {}),
          includeTeamQueues: r.includeTeamQueues,
          states: stepStatesOf(r.states),
          overdueOnly: r.overdueOnly,
          ...(r.definitionId ? { definitionId: r.definitionId } : {}),
        },
        r.pageSize,
        r.pageToken,
      ),
    );
    return {
      workItems: (items as WorkItem[]).map(({ view, activation }) => {
        const definition = this.catalog.version(view.definitionId, view.definitionVersion);
        return {
          instanceId: view.instanceId,
          definitionId: view.definitionId,
          definitionVersion: view.definitionVersion,
          definitionName: definition?.definition.name ?? view.definitionId,
          businessKey: view.businessKey,
          activation: toStepActivation(activation, definition),
          streamVersion: String(view.streamVersion),
        };
      }),
      nextPageToken,
    };
  }

  private step(r: StepRequest, ctx: CallContext, command: InstanceCommandInput): Promise<Executed> {
    const expected = r.expectedVersion === undefined ? undefined : Number(r.expectedVersion);
    return this.commands.execute(
      new InstanceStepCommand(r.instanceId, command, ctx, r.idempotencyKey || undefined, expected),
    );
  }

  private instance(view: InstanceView, summary = false): executionV1.Instance {
    return toInstance(view, this.catalog.version(view.definitionId, view.definitionVersion), summary);
  }

  private activation(view: InstanceView, activationId: string): executionV1.StepActivation | undefined {
    const found = view.activations.find((a) => a.activationId === activationId);
    return found
      ? toStepActivation(found, this.catalog.version(view.definitionId, view.definitionVersion))
      : undefined;
  }

  private single(
    executed: Executed,
    activationId: string,
  ): { activation: executionV1.StepActivation | undefined; streamVersion: string } {
    const view = executed.after.view as InstanceView;
    return { activation: this.activation(view, activationId), streamVersion: String(executed.after.version) };
  }

  private activated(executed: Executed): executionV1.StepActivation[] {
    const view = executed.after.view as InstanceView;
    return executed.events
      .flatMap((e) => (e.type === 'StepActivated' ? [e.data.activationId] : []))
      .flatMap((id) => this.activation(view, id) ?? []);
  }

  private exceptional(executed: Executed, activationId: string) {
    const view = executed.after.view as InstanceView;
    return {
      ...this.single(executed, activationId),
      activated: this.activated(executed),
      instanceState: toInstanceStateOf(view),
    };
  }
}

const toInstanceStateOf = (view: InstanceView) => toInstance(view, undefined, true).state;

const personOf = (ctx: CallContext): string | undefined =>
  ctx.actor && ctx.actor !== 'anonymous' ? ctx.actor : undefined;

function checkVersion(check: RequestCheck, expected: string | undefined): RequestCheck {
  return check.require(
    expected === undefined || /^\d+$/.test(expected),
    'expected_version',
    'expected_version must be a non-negative integer',
  );
}

function stepCheck(r: StepRequest): RequestCheck {
  const check = new RequestCheck()
    .nonEmpty(r.instanceId, 'instance_id')
    .nonEmpty(r.activationId, 'activation_id')
    .maxLength(r.idempotencyKey, 'idempotency_key', 500);
  return checkVersion(check, r.expectedVersion);
}
