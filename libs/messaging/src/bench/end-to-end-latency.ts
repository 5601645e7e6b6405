import { anyVersion, type SqliteEventStore } from '@baton/eventstore';
import { createHistogram } from 'node:perf_hooks';
import { MessageHeaders } from '../port/message-bus.port';
import { jsonEventMapper } from '../relay/json-message.mapper';
import { Relay } from '../relay/relay';
import { anEvent, busWithTopic, until } from './bench-support';

export interface LatencySettings {
  readonly eventsPerSecond: number;
  readonly durationSeconds: number;
  readonly streams: number;
  readonly batchSize: number;
  readonly lingerMs: number;
}

const TICK_MS = 10;
const ms = (micros: number): number => +(micros / 1000).toFixed(2);

/**
 * Latency from just before `append` to the consumer's handler, one event per append at a fixed
 * rate: the store's append, the relay's linger and publish (acks all), the broker, and a consumer
 * of the Kafka bus (committing each offset). All in this process, so one clock measures it.
 */
export async function endToEndLatency(store: SqliteEventStore, settings: LatencySettings) {
  const { bus, topic } = await busWithTopic('latency');
  const total = settings.eventsPerSecond * settings.durationSeconds;
  const appendedAt = new Map<string, bigint>();
  // Node's built-in HDR histogram: microseconds, 3 significant figures.
  const histogram = createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 });
  let received = 0;
  await bus.subscribe({
    topic,
    groupId: `${topic}.consumer`,
    fromBeginning: true,
    handler: async (message) => {
      const at = appendedAt.get(message.headers[MessageHeaders.eventId] ?? '');
      if (at === undefined) return; // a redelivery: measured the first time
      appendedAt.delete(message.headers[MessageHeaders.eventId] ?? '');
      histogram.record(Math.max(1, Math.round(Number(process.hrtime.bigint() - at) / 1000)));
      received++;
    },
  });
  const relay = new Relay({
    store,
    checkpoints: store.checkpoints,
    bus,
    name: `bench:${topic}`,
    toMessage: jsonEventMapper(() => topic),
    batchSize: settings.batchSize,
    lingerMs: settings.lingerMs,
  });
  await relay.start();
  try {
    const started = Date.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - started) * settings.eventsPerSecond) / 1000));
      for (; sent < due; sent++) {
        const event = anEvent(sent);
        appendedAt.set(event.eventId, process.hrtime.bigint());
        await store.append(`instance-${sent % settings.streams}`, [event], anyVersion);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    await until(() => received >= total, 60_000);
  } finally {
    await relay.stop();
    await bus.close();
  }
  return {
    ...settings,
    events: received,
    p50Ms: ms(histogram.percentile(50)),
    p90Ms: ms(histogram.percentile(90)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    minMs: ms(histogram.min),
  };
}
