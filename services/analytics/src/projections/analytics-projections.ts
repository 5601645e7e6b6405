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
import type { Projection } from './projection';
import type { ProjectionRunner } from './projection-runner';
import { startProjectionRunners } from './start-projection-runners';

/** Injection tokens of what the analytics projections run with. */
export const ANALYTICS_PROJECTIONS = Symbol('ANALYTICS_PROJECTIONS');
export const ANALYTICS_GROUP_PREFIX = Symbol('ANALYTICS_GROUP_PREFIX');

/**
 * Runs every analytics projection from the bus on the app's own thread while the app runs, and
 * closes the read-model store after them. (See ProjectionsInWorker for the other way.)
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
    this.runners = await startProjectionRunners({
      bus: this.bus,
      store: this.store,
      projections: this.projections,
      groupPrefix: this.groupPrefix,
      log: this.logger,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.runners = [];
    await this.store.close();
  }
}
