import {
  DEFINITION_EVENTS_TOPIC,
  EXECUTION_EVENTS_TOPIC,
  OWNERSHIP_EVENTS_TOPIC,
  TRIGGERS_DLQ_TOPIC,
  TRIGGERS_TOPIC,
} from '@baton/contracts';
import { KafkaMessageBus } from '@baton/messaging';
import type { ManualClock } from '@baton/service-kit';
import type { ExecutionOptions } from '../execution.lifecycle';
import { ExecutionTestApp } from './execution-test-app';

/**
 * Execution on a real broker, the topics it reads and writes under `topicPrefix` (created with
 * three partitions when missing): started again on a new prefix, it restarts on an empty cluster.
 */
export async function startExecutionOnKafka(options: {
  readonly brokers: string[];
  readonly clientId: string;
  readonly topicPrefix: string;
  readonly dir: string;
  readonly clock: ManualClock;
  readonly module: ExecutionOptions;
}): Promise<ExecutionTestApp> {
  const { brokers, clientId, topicPrefix, dir, clock, module } = options;
  const bus = new KafkaMessageBus({
    brokers,
    clientId,
    topicPrefix,
    fetchMaxWaitMs: 100,
    sessionTimeoutMs: 6_000,
  });
  await bus.ensureTopics(
    [
      DEFINITION_EVENTS_TOPIC,
      EXECUTION_EVENTS_TOPIC,
      OWNERSHIP_EVENTS_TOPIC,
      TRIGGERS_TOPIC,
      TRIGGERS_DLQ_TOPIC,
    ].map((topic) => ({ topic, numPartitions: 3 })),
  );
  return ExecutionTestApp.start({ dir, bus, clock, module });
}
