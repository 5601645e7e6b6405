import { analyticsV1, executionV1 } from '@baton/contracts';
import { status, type ServiceError } from '@grpc/grpc-js';
import { BatonConnection } from '../cli/connection';

// One budget-approval instance driven through its happy path (engineering department, endorsed,
// approved, allocated): StartInstance, then per human step AssignStep + StartStep + CompleteStep,
// and StartStep + CompleteStep for the automated ERP step: 12 accepted commands ("transitions").
//
// AssignStep carries ownership's own idempotency key (`assign:{instance}:{activation}`): when the
// ownership service assigns the step by policy first (embedded mode, seeded directory), the
// client's AssignStep is an idempotent replay and records nothing; when the client is first,
// ownership's is the replay. Exactly one assignment is recorded either way, and StartStep is sent
// without an actor so it starts the step as whoever was assigned.

export const DEFINITION_ID = 'budget-approval';
export const TRANSITIONS_PER_INSTANCE = 12;

/** Where the workload sends commands (execution) and reads the audit trail (analytics). */
export interface Targets {
  readonly execution: string;
  readonly analytics: string;
  /**
   * Bearer tokens (the server verifies them); none: the development identity. A step is started
   * and completed with its assignee's token (a token's subject is the actor), the rest with
   * `default`'s.
   */
  readonly tokens?: { readonly default: string; readonly byPerson: Readonly<Record<string, string>> };
}

/** What a driven instance reports per call: the command, its latency, and the response. */
export interface Observer {
  transition(command: string, latencyMs: number): void;
  /** After a CompleteStep was accepted: sent at `sentAt` (performance.now()). */
  completed?(instanceId: string, activationId: string, sentAt: number): void;
}

export class Workload {
  readonly execution: BatonConnection;
  readonly analytics: BatonConnection;
  private readonly tokens: Targets['tokens'];

  constructor(targets: Targets, timeoutMs = 30_000) {
    this.tokens = targets.tokens;
    const token = targets.tokens === undefined ? {} : { token: targets.tokens.default };
    this.execution = new BatonConnection({ address: targets.execution, timeoutMs, ...token });
    this.analytics =
      targets.analytics === targets.execution
        ? this.execution
        : new BatonConnection({ address: targets.analytics, timeoutMs, ...token });
  }

  close(): void {
    this.execution.close();
    if (this.analytics !== this.execution) this.analytics.close();
  }

  private async timed<T>(command: string, o: Observer, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const result = await call();
    o.transition(command, performance.now() - t0);
    return result;
  }

  startInstance(key: string, o: Observer): Promise<executionV1.StartInstanceResponse> {
    const b = this.execution;
    const request = executionV1.StartInstanceRequest.fromPartial({
      definitionId: DEFINITION_ID,
      businessKey: key,
      idempotencyKey: `start:${key}`,
      data: {
        requestId: key,
        requesterId: 'carla.romero',
        department: 'engineering',
        departmentHeadId: 'elena.rossi',
        amount: 12_500,
        currency: 'EUR',
        fiscalYear: 2026,
        justification: 'two build servers for the CI farm',
      },
    });
    return this.timed('StartInstance', o, () => b.call(b.execution, b.execution.startInstance, request));
  }

  /** Assign (unless automated), start and complete one activation; returns what it activated. */
  async work(
    instanceId: string,
    activationId: string,
    automated: boolean,
    outcome: string,
    output: Record<string, unknown>,
    o: Observer,
  ): Promise<executionV1.CompleteStepResponse> {
    const b = this.execution;
    const ids = { instanceId, activationId };
    let as: { token?: string } = {};
    if (!automated) {
      const assigned = await this.timed('AssignStep', o, () =>
        b.call(
          b.execution,
          b.execution.assignStep,
          executionV1.AssignStepRequest.fromPartial({
            ...ids,
            personId: 'ben.okafor',
            reason: 'bench',
            idempotencyKey: `assign:${instanceId}:${activationId}`,
          }),
        ),
      );
      const assignee = assigned.activation?.assigneePersonId ?? '';
      const token = this.tokens?.byPerson[assignee];
      if (token) as = { token };
    }
    await this.timed('StartStep', o, () =>
      b.call(
        b.execution,
        b.execution.startStep,
        executionV1.StartStepRequest.fromPartial({
          ...ids,
          idempotencyKey: `start:${instanceId}:${activationId}`,
        }),
        as,
      ),
    );
    const sentAt = performance.now();
    const response = await this.timed('CompleteStep', o, () =>
      b.call(
        b.execution,
        b.execution.completeStep,
        executionV1.CompleteStepRequest.fromPartial({
          ...ids,
          outcome,
          output,
          idempotencyKey: `complete:${instanceId}:${activationId}`,
        }),
        as,
      ),
    );
    o.completed?.(instanceId, activationId, sentAt);
    return response;
  }

  /** Drives one instance to completion; throws on the first refused command. */
  async runInstance(key: string, o: Observer): Promise<void> {
    const started = await this.startInstance(key, o);
    const instance = started.instance;
    if (!instance) throw new Error('StartInstance returned no instance');
    const id = instance.instanceId;
    const first = instance.activations.find((a) => a.stepId === 'prepare-request');
    if (!first) throw new Error('prepare-request was not activated');
    const next = async (r: executionV1.CompleteStepResponse, stepId: string) => {
      const a = r.activated.find((x) => x.stepId === stepId);
      if (!a)
        throw new Error(`${stepId} was not activated (got ${r.activated.map((x) => x.stepId).join(',')})`);
      return a.activationId;
    };
    let r = await this.work(id, first.activationId, false, '', { costBreakdownUrl: 'https://x/1' }, o);
    r = await this.work(id, await next(r, 'engineering-head-review'), false, 'endorsed', {}, o);
    r = await this.work(
      id,
      await next(r, 'finance-review'),
      false,
      'approved',
      { approvedAmount: 12_000 },
      o,
    );
    r = await this.work(id, await next(r, 'allocate-budget'), true, '', {}, o);
    if (!r.instanceCompleted) throw new Error(`instance ${id} did not complete`);
  }

  /** Whether analytics' audit trail of the instance shows the activation's completion. */
  async trailShowsCompletion(instanceId: string, activationId: string): Promise<boolean> {
    const entries = await this.trail(instanceId);
    return entries.some((e) => e.activationId === activationId && e.event?.type === 'StepCompleted');
  }

  /** Analytics' audit trail of the instance; empty while analytics has seen none of its events. */
  async trail(instanceId: string): Promise<analyticsV1.AuditEntry[]> {
    const b = this.analytics;
    let page: analyticsV1.GetAuditTrailResponse;
    try {
      page = await b.call(
        b.analytics,
        b.analytics.getAuditTrail,
        analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId, pageSize: 1000 }),
      );
    } catch (error) {
      // Analytics has seen nothing of the instance yet.
      if ((error as Partial<ServiceError>).code === status.NOT_FOUND) return [];
      throw error;
    }
    return page.entries;
  }
}

/** `CODE: message` of a gRPC error, for counting error kinds. */
export function errorKind(error: unknown): string {
  const e = error as Partial<ServiceError>;
  return typeof e.code === 'number'
    ? `${e.code}: ${(e.details ?? '').slice(0, 120)}`
    : String(error).slice(0, 120);
}
