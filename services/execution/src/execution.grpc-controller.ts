import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { executionV1 } from '@baton/contracts';
import { access, type DataRecord } from '@baton/domain';
import { callerOf, RequestCheck, type CallContext } from '@baton/grpc-server';
import { InstanceStepCommand, type InstanceCommandInput } from './commands/instance-step.command';
import { PublishTriggerCommand } from './commands/publish-trigger.command';
import { StartInstanceCommand } from './commands/start-instance.command';
import { DefinitionCatalog } from './definitions/definition-catalog';
import { dispositions } from './execution.enums';
import {
  checkPayload,
  checkVersion,
  expectedVersionOf,
  personOf,
  reasonCheck,
  startCheck,
  stepCheck,
  type StepRequest,
} from './execution.request-checks';
import { ExecutionResponses } from './execution.responses';
import type { Executed } from './instances/instance-repository';
import type { StartResult } from './instances/instance-starter';
import { authorizeInstanceRead, instanceListScopeOf } from './instances/instance-access';
import type { InstanceView } from './instances/instance-view';
import { GetInstanceQuery } from './queries/get-instance.query';
import { chainReportMessage } from './queries/chain-report.mapper';
import { VerifyAuditTrailQuery, type AuditTrailVerification } from './queries/verify-audit-trail.query';
import { instanceFilterOf, workFilterOf } from './queries/list-filters';
import { ListInstancesQuery } from './queries/list-instances.query';
import { ListWorkQuery, type WorkItem } from './queries/list-work.query';
import { fromTriggerEvent, triggerViolations } from './triggers/trigger-input';
import type { TriggerOutcome } from './triggers/trigger-processor';

type Page<T> = { items: T[]; nextPageToken: string };

/** Maps each ExecutionService RPC: request → checks → command or query bus → response. */
@Injectable()
export class ExecutionGrpcController {
  private readonly responses: ExecutionResponses;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(DefinitionCatalog) catalog: DefinitionCatalog,
  ) {
    this.responses = new ExecutionResponses(catalog);
  }

  async startInstance(
    r: executionV1.StartInstanceRequest,
    ctx: CallContext,
  ): Promise<executionV1.StartInstanceResponse> {
    startCheck(r).done('StartInstanceRequest');
    const request = {
      definitionId: r.definitionId,
      ...(r.definitionVersion !== undefined ? { definitionVersion: r.definitionVersion } : {}),
      businessKey: r.businessKey,
      data: (r.data ?? {}) as DataRecord,
      ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
    };
    const result: StartResult = await this.commands.execute(new StartInstanceCommand(request, ctx));
    return {
      instance: this.responses.instance(result.instance.view as InstanceView),
      alreadyExisted: result.alreadyExisted,
    };
  }

  async assignStep(
    r: executionV1.AssignStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.AssignStepResponse> {
    stepCheck(r).nonEmpty(r.personId, 'person_id').done('AssignStepRequest');
    const data = { activationId: r.activationId, personId: r.personId, reason: r.reason || 'assigned' };
    return this.responses.single(await this.step(r, ctx, { type: 'AssignStep', data }), r.activationId);
  }

  async startStep(r: executionV1.StartStepRequest, ctx: CallContext): Promise<executionV1.StartStepResponse> {
    stepCheck(r).done('StartStepRequest');
    const personId = personOf(ctx);
    const data = { activationId: r.activationId, ...(personId ? { personId } : {}) };
    return this.responses.single(await this.step(r, ctx, { type: 'StartStep', data }), r.activationId);
  }

  async completeStep(
    r: executionV1.CompleteStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.CompleteStepResponse> {
    checkPayload(stepCheck(r), r.output, 'output').done('CompleteStepRequest');
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
      ...{},
      ...this.responses.single(executed, r.activationId),
      activated: this.responses.activated(executed),
      instanceCompleted: executed.events.some((e) => e.type === 'InstanceCompleted'),
    };
  }

  async failStep(r: executionV1.FailStepRequest, ctx: CallContext): Promise<executionV1.FailStepResponse> {
    reasonCheck(stepCheck(r), r.reason).done('FailStepRequest');
    const data = {
      activationId: r.activationId,
      reason: r.reason,
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    };
    return this.responses.exceptional(await this.step(r, ctx, { type: 'FailStep', data }), r.activationId);
  }

  async rejectStep(
    r: executionV1.RejectStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.RejectStepResponse> {
    reasonCheck(stepCheck(r), r.reason).done('RejectStepRequest');
    const data = {
      activationId: r.activationId,
      reason: r.reason,
      ...(r.outcome ? { outcome: r.outcome } : {}),
    };
    return this.responses.exceptional(await this.step(r, ctx, { type: 'RejectStep', data }), r.activationId);
  }

  async reassignStep(
    r: executionV1.ReassignStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.ReassignStepResponse> {
    stepCheck(r).nonEmpty(r.toPersonId, 'to_person_id').done('ReassignStepRequest');
    const data = { activationId: r.activationId, toPersonId: r.toPersonId, reason: r.reason || 'reassigned' };
    return this.responses.single(await this.step(r, ctx, { type: 'ReassignStep', data }), r.activationId);
  }

  async markStepOverdue(
    r: executionV1.MarkStepOverdueRequest,
    ctx: CallContext,
  ): Promise<executionV1.MarkStepOverdueResponse> {
    stepCheck(r).done('MarkStepOverdueRequest');
    const data = { activationId: r.activationId };
    return this.responses.single(await this.step(r, ctx, { type: 'MarkStepOverdue', data }), r.activationId);
  }

  async escalateStep(
    r: executionV1.EscalateStepRequest,
    ctx: CallContext,
  ): Promise<executionV1.EscalateStepResponse> {
    stepCheck(r)
      .require(r.level >= 1, 'level', 'level is 1-based and required', 'REQUIRED')
      .done('EscalateStepRequest');
    const data = {
      activationId: r.activationId,
      level: r.level,
      ...(r.toPersonId ? { toPersonId: r.toPersonId } : {}),
    };
    return this.responses.single(await this.step(r, ctx, { type: 'EscalateStep', data }), r.activationId);
  }

  async cancelInstance(
    r: executionV1.CancelInstanceRequest,
    ctx: CallContext,
  ): Promise<executionV1.CancelInstanceResponse> {
    const check = reasonCheck(new RequestCheck().nonEmpty(r.instanceId, 'instance_id'), r.reason);
    checkVersion(check, r.expectedVersion).done('CancelInstanceRequest');
    const executed = await this.step({ ...{}, ...r, activationId: '' }, ctx, {
      type: 'CancelInstance',
      data: { reason: r.reason },
    });
    return { instance: this.responses.instance(executed.after.view as InstanceView) };
  }

  async publishTrigger(
    r: executionV1.PublishTriggerRequest,
    ctx: CallContext,
  ): Promise<executionV1.PublishTriggerResponse> {
    const check = new RequestCheck().require(
      r.trigger !== undefined,
      'trigger',
      'trigger is required',
      'REQUIRED',
    );
    const trigger = r.trigger ? fromTriggerEvent(r.trigger) : undefined;
    for (const v of trigger ? triggerViolations(trigger) : []) {
      check.require(false, `trigger.${v.field}`, v.description, v.reason);
    }
    checkPayload(check, trigger?.payload, 'trigger.payload')
      .require(
        !trigger?.tenantId || trigger.tenantId === ctx.tenantId,
        'trigger.tenant_id',
        "must be empty or the caller's tenant",
      )
      .done('PublishTriggerRequest');
    const outcome: TriggerOutcome = await this.commands.execute(
      new PublishTriggerCommand(trigger as NonNullable<typeof trigger>, ctx),
    );
    return {
      disposition: dispositions[outcome.disposition],
      startedInstanceIds: [...outcome.startedInstanceIds],
      correlatedInstanceIds: [...outcome.correlatedInstanceIds],
      rejectionReason: outcome.rejectionReason ?? '',
    };
  }

  async getInstance(
    r: executionV1.GetInstanceRequest,
    ctx: CallContext,
  ): Promise<executionV1.GetInstanceResponse> {
    new RequestCheck().nonEmpty(r.instanceId, 'instance_id').done('GetInstanceRequest');
    const view: InstanceView = await this.queries.execute(new GetInstanceQuery(r.instanceId, ctx));
    authorizeInstanceRead(ctx, view);
    return { instance: this.responses.instance(view) };
  }

  async verifyAuditTrail(
    r: executionV1.VerifyAuditTrailRequest,
    ctx: CallContext,
  ): Promise<executionV1.VerifyAuditTrailResponse> {
    new RequestCheck().nonEmpty(r.instanceId, 'instance_id').done('VerifyAuditTrailRequest');
    const report: AuditTrailVerification = await this.queries.execute(
      new VerifyAuditTrailQuery(r.instanceId, ctx.tenantId),
    );
    return chainReportMessage(r.instanceId, report);
  }

  async listInstances(
    r: executionV1.ListInstancesRequest,
    ctx: CallContext,
  ): Promise<executionV1.ListInstancesResponse> {
    if (r.allTenants) access.requireCrossTenant(callerOf(ctx));
    const query = new ListInstancesQuery(
      {
        ...{},
        ...instanceFilterOf(r, instanceListScopeOf(ctx, r)),
        ...(r.allTenants ? {} : { tenantId: ctx.tenantId }),
      },
      r.pageSize,
      r.pageToken,
    );
    const { items, nextPageToken }: Page<InstanceView> = await this.queries.execute(query);
    return { instances: items.map((v) => this.responses.instance(v, true)), nextPageToken };
  }

  async listWork(r: executionV1.ListWorkRequest, ctx: CallContext): Promise<executionV1.ListWorkResponse> {
    const query = new ListWorkQuery(
      { ...{}, ...workFilterOf(r), tenantId: ctx.tenantId },
      r.pageSize,
      r.pageToken,
    );
    const { items, nextPageToken }: Page<WorkItem> = await this.queries.execute(query);
    return { workItems: items.map((item) => this.responses.workItem(item)), nextPageToken };
  }

  private step(r: StepRequest, ctx: CallContext, command: InstanceCommandInput): Promise<Executed> {
    const key = r.idempotencyKey || undefined;
    return this.commands.execute(
      new InstanceStepCommand(r.instanceId, command, ctx, key, expectedVersionOf(r)),
    );
  }
}
