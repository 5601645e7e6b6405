import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { executionV1 } from '@baton/contracts';
import { directory } from '@baton/domain';
import { CLOCK, type Clock } from '@baton/service-kit';
import { DirectoryRepository } from '../directory/directory.repository';
import { actionToWire, ownerToWire } from '../directory/directory.mapper';
import { ExecutionGateway, type Outcome } from '../execution/execution-gateway';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from '../ownership.options';
import type { OpenActivation } from '../work/work-tracker';
import { WorkProjection } from '../work/work-projection';

/**
 * Marks steps overdue when their deadline passes and escalates them level by level along the
 * step's chain (from its published definition), on the injected clock. Never fires twice:
 * every command carries a deterministic key (`overdue:{activationId}`,
 * `escalate:{activationId}:{level}`) that execution dedupes, refusals meaning "already recorded"
 * count as done, and the due index is the {@link WorkTracker}, rebuilt from execution's own
 * StepOverdue/StepEscalated events after a restart.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ownership.deadlines');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OWNERSHIP_OPTIONS) private readonly options: OwnershipModuleOptions,
    @Inject(DirectoryRepository) private readonly directoryRepository: DirectoryRepository,
    @Inject(ExecutionGateway) private readonly execution: ExecutionGateway,
    @Inject(WorkProjection) private readonly work: WorkProjection,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.options.schedulerIntervalMs ?? 1_000;
    if (!this.execution.enabled || interval <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((e) => this.logger.error(String(e))), interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the due index; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    for (const activation of this.work.tracker.open()) {
      if (activation.dueAt === undefined || activation.stepKind === 'timer' || activation.unscheduled)
        continue;
      if (activation.overdueSince === undefined) {
        if (now < activation.dueAt) continue;
        const outcome = await this.markOverdue(activation);
        if (outcome.kind !== 'done' && outcome.kind !== 'already') continue;
        // Provisional until StepOverdue arrives with execution's own time.
        activation.overdueSince ??= now;
      }
      await this.escalate(activation, now);
    }
  }

  private markOverdue(activation: OpenActivation): Promise<Outcome> {
    return this.report(
      activation,
      'MarkStepOverdue',
      this.execution.markStepOverdue(
        executionV1.MarkStepOverdueRequest.fromPartial({
          instanceId: activation.instanceId,
          activationId: activation.activationId,
          idempotencyKey: `overdue:${activation.activationId}`,
        }),
      ),
    );
  }

  /** Fires the due levels in chain order; stops at the first one execution has not recorded. */
  private async escalate(activation: OpenActivation, now: number): Promise<void> {
    const chain = this.work.tracker.stepOf(activation.instanceId, activation.stepId)?.escalations ?? [];
    const due = directory.dueEscalations(
      chain,
      activation.overdueSince as number,
      now,
      activation.escalationLevel,
    );
    if (due.length === 0) return;
    // Escalation targets come from the instance's tenant's directory.
    const { state } = await this.directoryRepository.recent(activation.tenantId);
    const targets = directory.escalationTargets(due, {
      data: this.work.tracker.instanceData(activation.instanceId),
      now,
      snapshot: this.directoryRepository.snapshotOf(state),
      workload: (personId) => this.work.tracker.openCount(activation.tenantId, personId),
    });
    for (const level of targets) {
      const toPersonId = personOf(level.target);
      const outcome = await this.report(
        activation,
        `EscalateStep level ${level.level}`,
        this.execution.escalateStep(
          executionV1.EscalateStepRequest.fromPartial({
            instanceId: activation.instanceId,
            activationId: activation.activationId,
            level: level.level,
            action: actionToWire(level.action),
            target: ownerToWire(level.to),
            toPersonId,
            reason: `overdue since ${new Date(activation.overdueSince as number).toISOString()}; level ${level.level} (${level.action}): ${level.target.reason}`,
            idempotencyKey: `escalate:${activation.activationId}:${level.level}`,
          }),
        ),
      );
      if (outcome.kind !== 'done' && outcome.kind !== 'already') return;
      activation.escalationLevel = Math.max(activation.escalationLevel, level.level);
    }
  }

  private async report(activation: OpenActivation, what: string, sent: Promise<Outcome>): Promise<Outcome> {
    const outcome = await sent;
    const subject = `${what} ${activation.instanceId}/${activation.activationId}`;
    if (outcome.kind === 'refused') {
      this.logger.warn(`${subject} refused (${outcome.reason}); dropped`);
      activation.unscheduled = true;
    } else if (outcome.kind === 'unavailable' || outcome.kind === 'later') {
      this.logger.warn(`${subject} not recorded yet (${outcome.reason}); retried next tick`);
    }
    return outcome;
  }
}

/**
 * The person an escalation goes to: the one resolved, or the only candidate of an offer (a role
 * held by one person). Several candidates stay unnamed: the domain never picks one silently.
 */
function personOf(target: directory.AssigneeResolution): string {
  if (target.kind === 'assigned') return target.personId;
  if (target.kind === 'claim' && target.candidates.length === 1) return target.candidates[0] as string;
  return '';
}
