import { anyVersion, type EventStore, type NewEvent } from '@baton/eventstore';
import { v7 as uuidv7 } from 'uuid';
import { KafkaMessageBus } from '../kafka/kafka-bus';

/** One realistic event body (about the size of a completed step with a few fields). */
const payload = { orderId: 'SO-1001', amount: 1200, lines: [{ sku: 'DESK-1', quantity: 4 }] };

export const anEvent = (n: number): NewEvent => ({
  eventId: uuidv7(),
  type: 'StepCompleted',
  data: { ...payload, n },
});

/** Partitions of every benchmark topic (the harness broker's default for auto-created topics). */
export const PARTITIONS = 3;

export function brokers(): string[] {
  const value = process.env['KAFKA_BROKERS'];
  if (!value) throw new Error('KAFKA_BROKERS is not set (npm run bench -- messaging starts a broker)');
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A bus with a topic of its own, created and warmed up (producer connected, metadata known). */
export async function busWithTopic(name: string): Promise<{ bus: KafkaMessageBus; topic: string }> {
  const bus = new KafkaMessageBus({ brokers: brokers(), clientId: `bench-${name}`, fetchMaxWaitMs: 100 });
  const topic = `bench.${name}.${Date.now().toString(36)}`;
  await bus.ensureTopics([{ topic, numPartitions: PARTITIONS }]);
  // Consumers ignore it: it has no event-id.
  await bus.publish(topic, [{ key: 'warm-up', value: Buffer.from('{}'), headers: {} }]);
  return { bus, topic };
}

/**
 * Appends `total` events over `streams` streams, `perAppend` at a time, round-robin, so the
 * global order interleaves streams as many concurrent instances would. Returns the last position.
 */
export async function prefill(
  store: EventStore,
  total: number,
  streams: number,
  perAppend: number,
): Promise<bigint> {
  let n = 0;
  let last = 0n;
  for (let round = 0; n < total; round++) {
    for (let s = 0; s < streams && n < total; s++) {
      const size = Math.min(perAppend, total - n);
      const events = Array.from({ length: size }, (_, i) => anEvent(n + i));
      ({ lastGlobalPosition: last } = await store.append(`instance-${s}`, events, anyVersion));
      n += size;
    }
  }
  return last;
}

/** Polls until `condition` holds; throws after `timeoutMs`. */
export async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;
