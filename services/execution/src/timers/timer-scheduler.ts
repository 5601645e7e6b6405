import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@baton/service-kit';
import { InstanceRepository } from '../instances/instance-repository';
import { InstanceReadModel } from '../read-model/instance-read-model';
import { DueWorkScheduler } from './due-work-scheduler';

/**
 * Fires timer steps when they are due. The due index is the read model (rebuilt from the store at
 * start-up), time is the injected clock, and each firing carries the key `timer:{activationId}`,
 * so a timer fired twice (a restart, two replicas) records once.
 */
@Injectable()
export class TimerScheduler extends DueWorkScheduler {
  private readonly logger = new Logger('execution-timers');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(InstanceReadModel) private readonly readModel: InstanceReadModel,
    @Inject(InstanceRepository) private readonly instances: InstanceRepository,
  ) {
    super();
  }

  /** Fires every timer due now; resolves with how many fired. */
  protected async doDue(): Promise<number> {
    let fired = 0;
    for (const due of this.readModel.dueTimers(this.clock.now())) {
      const key = `timer:${due.activationId}`;
      try {
        const executed = await this.instances.execute(
          due.instanceId,
          {
            type: 'FireTimer',
            data: { activationId: due.activationId },
            metadata: { now: this.clock.now(), idempotencyKey: key, actor: 'execution-timers' },
          },
          { tenantId: 'default', actor: 'execution-timers' },
        );
        if (executed.recorded) fired += 1;
      } catch (error) {
        this.logger.warn(`timer ${due.instanceId}/${due.activationId} did not fire: ${String(error)}`);
      }
    }
    return fired;
  }
}
