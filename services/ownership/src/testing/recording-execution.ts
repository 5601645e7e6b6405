import { executionV1 } from '@baton/contracts';
import { IllegalStateError, type instance } from '@baton/domain';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { startGrpcServer, unaryHandlers, type RunningGrpcServer } from '@baton/grpc-server';
import type { MessageBus } from '@baton/messaging';
import type { Clock } from '@baton/service-kit';
import { status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the stand-in execution service recorded (a command that took effect, once per key). */
export interface Effect {
  readonly method: 'AssignStep' | 'MarkStepOverdue' | 'EscalateStep';
  readonly instanceId: string;
  readonly activationId: string;
  readonly personId?: string;
  readonly level?: number;
  readonly key: string;
}

interface Activation {
  dueAt?: number;
  assignee?: string;
  overdueSince?: number;
  escalationLevel: number;
}

const toMessage = protobufEventMapper((e) => topicForStream(e.streamId));

/**
 * A unit-level stand-in for the execution service: only AssignStep, MarkStepOverdue and
 * EscalateStep, with execution's contract as ownership relies on it (dedupe by idempotency key;
 * FAILED_PRECONDITION STEP.ALREADY_ASSIGNED / STEP.NOT_YET_DUE / STEP.ALREADY_OVERDUE /
 * ESCALATION.ALREADY_REACHED), publishing the events it records to the execution topic. Used
 * until services/execution lands (then the real service replaces it).
 */
export class RecordingExecution {
  readonly effects: Effect[] = [];
  /** Every call received, including deduped and refused ones. */
  readonly calls: string[] = [];
  /** Answer UNAVAILABLE to this many calls first. */
  unavailable = 0;
  private readonly keys = new Set<string>();
  private readonly activations = new Map<string, Activation>();
  private readonly versions = new Map<string, number>();
  private server?: RunningGrpcServer;
  private nextId = 1;

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.server?.port}`;
  }

  async start(): Promise<this> {
    const handlers = {
      assignStep: (r: executionV1.AssignStepRequest) =>
        this.handle('AssignStep', r, (a) => {
          if (a.assignee) throw refused('STEP.ALREADY_ASSIGNED', 'is already assigned');
          a.assignee = r.personId;
          return this.event(r.instanceId, 'StepAssigned', {
            ...this.ref(r),
            personId: r.personId,
            reason: r.reason,
          }).then(() => executionV1.AssignStepResponse.fromPartial({}));
        }),
      markStepOverdue: (r: executionV1.MarkStepOverdueRequest) =>
        this.handle('MarkStepOverdue', r, async (a) => {
          if (a.dueAt === undefined || this.clock.now() < a.dueAt)
            throw refused('STEP.NOT_YET_DUE', 'is not due');
          if (a.overdueSince !== undefined) throw refused('STEP.ALREADY_OVERDUE', 'is already overdue');
          a.overdueSince = this.clock.now();
          await this.event(r.instanceId, 'StepOverdue', { ...this.ref(r), dueAt: a.dueAt });
          return executionV1.MarkStepOverdueResponse.fromPartial({});
        }),
      escalateStep: (r: executionV1.EscalateStepRequest) =>
        this.handle('EscalateStep', r, async (a) => {
          if (a.overdueSince === undefined) throw refused('STEP.NOT_OVERDUE', 'is not overdue');
          if (r.level <= a.escalationLevel) throw refused('ESCALATION.ALREADY_REACHED', 'level reached');
          a.escalationLevel = r.level;
          await this.event(r.instanceId, 'StepEscalated', {
            ...this.ref(r),
            level: r.level,
            action: 'notify',
            to: { kind: 'person', personId: r.toPersonId || 'nobody' },
            ...(r.toPersonId ? { toPersonId: r.toPersonId } : {}),
            reason: r.reason,
          });
          return executionV1.EscalateStepResponse.fromPartial({});
        }),
    };
    this.server = await startGrpcServer({
      address: '127.0.0.1:0',
      services: [
        {
          name: 'baton.execution.v1.ExecutionService',
          definition: executionV1.ExecutionServiceService,
          implementation: unaryHandlers(executionV1.ExecutionServiceService, handlers as never, {
            domain: 'baton.execution',
          }),
          protoFile: 'baton/execution/v1/execution_service.proto',
        },
      ],
    });
    return this;
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }

  /** Publishes a definition version from a file in examples/. */
  publishDefinition(file: string, definitionId: string, version = 1): Promise<void> {
    const text = readFileSync(join(__dirname, '../../../../examples', file), 'utf8');
    return this.publish(`definition-${definitionId}`, 'DefinitionVersionPublished', {
      definitionId,
      version,
      contentSha256: '0'.repeat(64),
      source: { format: 'yaml', text },
      findings: [],
    });
  }

  startInstance(instanceId: string, definitionId: string, data: Record<string, unknown> = {}): Promise<void> {
    return this.event(instanceId, 'InstanceStarted', {
      instanceId,
      definitionId,
      definitionVersion: 1,
      businessKey: instanceId,
      data,
    });
  }

  activate(
    instanceId: string,
    stepId: string,
    step: Partial<instance.StepActivated['data']> = {},
  ): Promise<string> {
    const activationId = `${stepId}#1`;
    this.activations.set(`${instanceId}/${activationId}`, {
      ...(step.dueAt !== undefined ? { dueAt: step.dueAt } : {}),
      escalationLevel: 0,
    });
    return this.event(instanceId, 'StepActivated', {
      instanceId,
      activationId,
      stepId,
      stepKind: 'human-task',
      handedOffFrom: [],
      policy: 'direct',
      attempt: 1,
      ...step,
    }).then(() => activationId);
  }

  complete(instanceId: string, activationId: string): Promise<void> {
    this.activations.delete(`${instanceId}/${activationId}`);
    return this.event(instanceId, 'StepCompleted', {
      instanceId,
      activationId,
      stepId: activationId.split('#')[0] as string,
      output: {},
    });
  }

  private async handle(
    method: Effect['method'],
    r: {
      instanceId: string;
      activationId: string;
      idempotencyKey: string;
      personId?: string;
      toPersonId?: string;
      level?: number;
    },
    act: (a: Activation) => Promise<unknown>,
  ): Promise<unknown> {
    this.calls.push(`${method} ${r.idempotencyKey}`);
    if (this.unavailable > 0) {
      this.unavailable--;
      throw Object.assign(new Error('unavailable'), {
        code: status.UNAVAILABLE,
        details: 'execution is restarting',
      });
    }
    if (this.keys.has(r.idempotencyKey)) return executionV1.AssignStepResponse.fromPartial({}); // every response type encodes from {}
    const a = this.activations.get(`${r.instanceId}/${r.activationId}`);
    if (!a) throw refused('STEP.NOT_FOUND', 'no such activation');
    const response = await act(a);
    this.keys.add(r.idempotencyKey);
    const personId = r.personId || r.toPersonId;
    this.effects.push({
      method,
      instanceId: r.instanceId,
      activationId: r.activationId,
      key: r.idempotencyKey,
      ...(personId ? { personId } : {}),
      ...(r.level ? { level: r.level } : {}),
    });
    return response;
  }

  private ref(r: { instanceId: string; activationId: string }) {
    return {
      instanceId: r.instanceId,
      activationId: r.activationId,
      stepId: r.activationId.split('#')[0] as string,
    };
  }

  private event(instanceId: string, type: string, data: unknown): Promise<void> {
    return this.publish(`instance-${instanceId}`, type, data);
  }

  private async publish(streamId: string, type: string, data: unknown): Promise<void> {
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    const id = this.nextId++;
    const event: RecordedEvent = {
      eventId: `00000000-0000-7000-8000-${String(id).padStart(12, '0')}`,
      type,
      streamId,
      streamVersion: version,
      globalPosition: BigInt(id),
      occurredAt: new Date(this.clock.now()),
      recordedAt: new Date(this.clock.now()),
      data,
      metadata: { tenantId: 'default', actor: 'test' },
      schemaVersion: 1,
    };
    const message = toMessage(event);
    if (!message) throw new Error(`no topic for ${streamId}`);
    await this.bus.publish(message.topic, [message]);
  }
}

function refused(code: string, message: string): IllegalStateError {
  return new IllegalStateError(code, `Step ${message}`, { currentState: 'test', allowed: [] });
}
