import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, instance } from '@baton/domain';
import { CLOCK, type Clock } from '@baton/service-kit';
import { InstanceRepository } from '../instances/instance-repository';
import { InstanceReadModel, type DueHandoffAlert } from '../read-model/instance-read-model';
import { DueWorkScheduler } from './due-work-scheduler';

const ACTOR = 'execution-handoff-sla';

/**
 * Records handoff SLA alerts when they fall due: HandoffAtRisk once a waiting handoff passes its
 * at-risk threshold, HandoffBreached once it passes its deadline. The due index is the read
 * model's open handoff clocks (folded from the instance streams, so rebuilt from the store at
 * start-up), time is the injected clock, and each command carries the key
 * `handoff-<alert>:<handoff clock>`, which the decider dedupes; the decider also refuses an alert
 * already recorded under another key, so a restart, a retry or a second replica records nothing
 * twice. A handoff whose target started has no clock: nothing fires.
 */
@Injectable()
export class HandoffDeadlineScheduler extends DueWorkScheduler {
  private readonly logger = new Logger('execution-handoff-sla');
  /** Alerts the decider refused for good (say, a clock the read model saw stale): not resent. */
  private readonly refused = new Set<string>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(InstanceReadModel) private readonly readModel: InstanceReadModel,
    @Inject(InstanceRepository) private readonly instances: InstanceRepository,
  ) {
    super();
  }

  /** Records every alert due now; resolves with how many were recorded. */
  protected async doDue(): Promise<number> {
    let recorded = 0;
    for (const due of this.readModel.dueHandoffAlerts(this.clock.now())) {
      const key = `handoff-${due.alert}:${due.clock.key}`;
      if (this.refused.has(`${due.instanceId}/${key}`)) continue;
      try {
        const executed = await this.instances.execute(due.instanceId, commandOf(due, key, this.clock.now()), {
          tenantId: 'default',
          actor: ACTOR,
        });
        if (executed.recorded) recorded += 1;
      } catch (error) {
        // A refusal stands until the instance changes, and then the clock changes or closes.
        if (error instanceof DomainError) this.refused.add(`${due.instanceId}/${key}`);
        this.logger.warn(`${key} on ${due.instanceId} not recorded: ${String(error)}`);
      }
    }
    return recorded;
  }
}

function commandOf(due: DueHandoffAlert, key: string, now: number): instance.InstanceCommand {
  const { handoffId, fromActivationId, toStepId } = due.clock.data;
  return {
    type: due.alert === 'at-risk' ? 'MarkHandoffAtRisk' : 'MarkHandoffBreached',
    data: { handoffId, toStepId, ...(fromActivationId !== undefined ? { fromActivationId } : {}) },
    metadata: { now, idempotencyKey: key, actor: ACTOR },
  };
}
