import type { IncomingMessage, MessageBus } from '@baton/messaging';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { ReadModelRebuildNeeded } from '../read-model-store/shared/table-shape';
import type { Projection } from './projection';
import { PROJECTION_LINGER_MS } from './projection-list';
import { ProjectionRunner } from './projection-runner';

/** What {@link startProjectionRunners} needs. */
export interface ProjectionRunnersOptions {
  readonly bus: MessageBus;
  readonly store: ReadModelStore;
  readonly projections: readonly Projection[];
  /** Consumer groups are `<prefix>-<projection>`. */
  readonly groupPrefix: string;
  readonly log: {
    warn(message: string): void;
    error(message: string): void;
  };
}

/**
 * Starts a runner per projection (durable consumer group `<prefix>-<projection>`) and returns
 * those running. A projection whose tables an older version kept in another shape, or which an
 * upgrade gave new tables, does not run (the rest of Baton runs on; that read model waits for a
 * rebuild); any other failure is thrown.
 */
export async function startProjectionRunners(options: ProjectionRunnersOptions): Promise<ProjectionRunner[]> {
  const { bus, store, groupPrefix, log } = options;
  const started: ProjectionRunner[] = [];
  for (const projection of options.projections) {
    const runner = new ProjectionRunner({
      bus,
      store,
      projection,
      groupId: `${groupPrefix}-${projection.name}`,
      lingerMs: PROJECTION_LINGER_MS,
      onSkipped: (message: IncomingMessage, reason: string) =>
        log.warn(
          `${projection.name}: skipped unreadable ${message.topic} message at ${message.partition}/${message.offset}: ${reason}`,
        ),
    });
    try {
      await runner.start();
      started.push(runner);
    } catch (error) {
      if (!(error instanceof ReadModelRebuildNeeded)) {
        await Promise.all(started.map((r) => r.stop()));
        throw error;
      }
      log.error(`${projection.name} is not running: ${error.message}`);
    }
  }
  return started;
}
