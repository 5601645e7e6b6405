import { MESSAGE_BUS } from '@baton/service-kit';
import type { MessageBus } from '@baton/messaging';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model-store/read-model-store.port';
import { ReadModelShapeError } from '../read-model-store/shared/table-shape';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * A partial batch waits this long for more: a batch costs a transaction and its checkpoint, so
 * under load fewer, larger ones leave the host's CPU to the commands (projection lag target: 1 s).
 */
const PROJECTION_LINGER_MS = 100;

/** Injection tokens of what the analytics projections run with. */
export const ANALYTICS_PROJECTIONS = Symbol('ANALYTICS_PROJECTIONS');
export const ANALYTICS_GROUP_PREFIX = Symbol('ANALYTICS_GROUP_PREFIX');

/**
 * Runs every analytics projection from the bus while the app runs (consumer group
 * `<prefix>-<projection>`, durable), and closes the read-model store after them.
 */
@Injectable()
export class AnalyticsProjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('analytics.projections');
  private runners: ProjectionRunner[] = [];

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(ANALYTICS_PROJECTIONS) private readonly projections: readonly Projection[],
    @Inject(ANALYTICS_GROUP_PREFIX) private readonly groupPrefix: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.runners = this.projections.map(
      (projection) =>
        new ProjectionRunner({
          bus: this.bus,
          store: this.store,
          projection,
          groupId: `${this.groupPrefix}-${projection.name}`,
          lingerMs: PROJECTION_LINGER_MS,
          onSkipped: (message, reason) =>
            this.logger.warn(
              `${projection.name}: skipped unreadable ${message.topic} message at ${message.partition}/${message.offset}: ${reason}`,
            ),
        }),
    );
    const started: ProjectionRunner[] = [];
    for (const [i, runner] of this.runners.entries()) {
      try {
        await runner.start();
        started.push(runner);
      } catch (error) {
        // Kept by an older version: the rest of Baton runs on; this read model waits for a rebuild.
        if (!(error instanceof ReadModelShapeError)) throw error;
        this.logger.error(`${this.projections[i]?.name ?? 'a projection'} is not running: ${error.message}`);
      }
    }
    this.runners = started;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.runners = [];
    await this.store.close();
  }
}
