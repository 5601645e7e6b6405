import { ATTR_MESSAGING_CONSUMER_GROUP_NAME, ATTR_MESSAGING_DESTINATION_NAME } from './semconv';
import { processTelemetry } from './telemetry-state';

/** A consumer's failed attempt that will be retried (no-op while telemetry is off). */
export function recordConsumerRetry(consumer: string, topic: string): void {
  processTelemetry()?.metrics.consumerRetries.add(1, {
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: consumer,
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
  });
}

/** A message a consumer dead-lettered, with the kind of error (no-op while telemetry is off). */
export function recordDeadLetter(consumer: string, topic: string, error: unknown): void {
  processTelemetry()?.metrics.deadLetters.add(1, {
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: consumer,
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
    'error.type': error instanceof Error ? error.name : 'unknown',
  });
}
