import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EXECUTION_EVENTS_TOPIC, executionV1 } from '@baton/contracts';
import { access, directory, type instance } from '@baton/domain';
import {
  MessageHeaders,
  type BusSubscription,
  type IncomingMessage,
  type MessageBus,
} from '@baton/messaging';
import { CLOCK, MESSAGE_BUS, type Clock } from '@baton/service-kit';
import { logEntry } from '@baton/telemetry';
import { DirectoryRepository } from '../directory/directory.repository';
import { ExecutionGateway } from '../execution/execution-gateway';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from '../ownership.options';
import { decodeEvent } from '../work/decode-event';
import { WorkProjection } from '../work/work-projection';

/** The consumer group of the assignment worker: one assignment per activation across restarts. */
export const ASSIGNMENT_GROUP = 'ownership-assignment';

/** How often unassigned steps are looked for; a step is retried after two sightings. */
const SWEEP_INTERVAL_MS = 2_000;

/** Step kinds that people do; automated, wait and timer steps are never assigned. */
const PEOPLE_STEPS = new Set(['human-task', 'approval']);

/**
 * Assigns every activated step whose policy picks someone (round-robin, least-loaded, direct):
 * resolves the assignee with the domain at the event's time and sends AssignStep to execution
 * with the key `assign:{instanceId}:{activationId}`, so a redelivery records nothing twice.
 * Manual-claim steps, and steps nobody can take, stay in the team queue.
 */
@Injectable()
export class AssignmentWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ownership.assignment');
  private readonly cursors = new Map<string, number>();
  private subscription?: BusSubscription;
  private sweepTimer?: NodeJS.Timeout;
  /** Unassigned people-steps the previous sweep saw. */
  private unassignedBefore = new Set<string>();
  /** Latest activation time the consumer has handled, and when it last handled a message. */
  private handledThrough = 0;
  private lastHandledAt = 0;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DirectoryRepository) private readonly directoryRepository: DirectoryRepository,
    @Inject(ExecutionGateway) private readonly execution: ExecutionGateway,
    @Inject(WorkProjection) private readonly work: WorkProjection,
    @Inject(OWNERSHIP_OPTIONS) private readonly options: OwnershipModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.execution.enabled) return;
    this.subscription = await this.bus.subscribe({
      topic: EXECUTION_EVENTS_TOPIC,
      groupId: this.options.assignmentGroupId ?? ASSIGNMENT_GROUP,
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
    this.sweepTimer = setInterval(
      () => void this.sweep().catch((e) => this.logger.error(`assignment sweep failed: ${String(e)}`)),
      SWEEP_INTERVAL_MS,
    );
    this.sweepTimer.unref();
  }

  /**
   * Assigns again every open people-step that stayed unassigned since the previous sweep. The
   * consumer commits its offset once a step is handled, so a step whose AssignStep could not
   * reach execution (or whose process died before it could) is not redelivered: the open-work
   * projection, rebuilt from the whole topic at every start, still shows it, and the same
   * idempotency key makes a second attempt safe.
   */
  async sweep(): Promise<void> {
    // Steps the consumer has not reached yet are its to assign: sweeping them too would race it
    // with the same commands (a backlog of thousands). An idle consumer has reached everything.
    const idle = performance.now() - this.lastHandledAt > SWEEP_INTERVAL_MS;
    const reached = idle ? Number.POSITIVE_INFINITY : this.handledThrough;
    const unassigned = new Set<string>();
    for (const a of this.work.tracker.open()) {
      if (a.assignee !== undefined || a.policy === 'manual-claim' || !PEOPLE_STEPS.has(a.stepKind)) continue;
      if (a.activatedAt > reached) continue;
      const key = `${a.instanceId}/${a.activationId}`;
      unassigned.add(key);
      if (!this.unassignedBefore.has(key)) continue;
      const step = {
        instanceId: a.instanceId,
        activationId: a.activationId,
        stepId: a.stepId,
        stepKind: a.stepKind,
        policy: a.policy,
        ...(a.owner ? { owner: a.owner } : {}),
      } as instance.StepActivated['data'];
      await this.assign(a.tenantId, step, a.activatedAt);
    }
    this.unassignedBefore = unassigned;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private async handle(message: IncomingMessage): Promise<void> {
    this.lastHandledAt = performance.now();
    if (message.headers['event-type'] !== undefined && message.headers['event-type'] !== 'StepActivated')
      return;
    let event;
    try {
      event = decodeEvent(message);
    } catch (error) {
      this.logger.warn(`skipped unreadable message ${message.partition}/${message.offset}: ${String(error)}`);
      return;
    }
    if (event.type !== 'StepActivated') return;
    this.handledThrough = Math.max(this.handledThrough, event.occurredAt.getTime());
    const step = event.data as instance.StepActivated['data'];
    if (this.work.tracker.settled(event.streamId, event.streamVersion, step.instanceId, step.activationId))
      return;
    // The delivery's trace context: the AssignStep it causes joins the instance's trace.
    await this.assign(
      access.tenantOr(event.metadata.tenantId),
      step,
      event.occurredAt.getTime(),
      message.headers[MessageHeaders.traceparent],
    );
  }

  /** Assigns the step from its instance's tenant's directory. */
  private async assign(
    tenantId: string,
    step: instance.StepActivated['data'],
    activatedAt: number,
    traceparent?: string,
  ): Promise<void> {
    if (step.policy === 'manual-claim' || !PEOPLE_STEPS.has(step.stepKind)) return;
    const { state } = await this.directoryRepository.recent(tenantId);
    const cursorKey = step.owner ? JSON.stringify(step.owner) : '';
    const resolution = directory.resolveAssignee({
      owner: step.owner,
      policy: step.policy,
      data: this.work.tracker.instanceData(step.instanceId),
      at: Math.max(activatedAt, this.clock.now()),
      snapshot: this.directoryRepository.snapshotOf(state),
      workload: (personId) => this.work.tracker.openCount(tenantId, personId),
      cursor: this.cursors.get(cursorKey) ?? 0,
    });
    if (resolution.kind !== 'assigned') {
      this.logger.log(
        logEntry(
          `${step.instanceId}/${step.activationId} left unassigned: ${resolution.reason}`,
          traceparent,
        ),
      );
      return;
    }
    if (resolution.nextCursor !== undefined) this.cursors.set(cursorKey, resolution.nextCursor);
    const outcome = await this.execution.assignStep(
      executionV1.AssignStepRequest.fromPartial({
        instanceId: step.instanceId,
        activationId: step.activationId,
        personId: resolution.personId,
        reason: resolution.reason,
        idempotencyKey: `assign:${step.instanceId}:${step.activationId}`,
      }),
      traceparent,
    );
    if (outcome.kind === 'unavailable') {
      // The bounded retries are spent: the consumer moves on and the next sweeps try again.
      this.logger.warn(
        logEntry(
          `AssignStep ${step.instanceId}/${step.activationId} deferred: ${outcome.reason}`,
          traceparent,
        ),
      );
      return;
    }
    if (outcome.kind === 'refused' || outcome.kind === 'later') {
      this.logger.warn(
        logEntry(
          `AssignStep ${step.instanceId}/${step.activationId} refused: ${outcome.reason}`,
          traceparent,
        ),
      );
    }
  }
}
