import type { SqliteEventStore } from '@baton/eventstore';
import { jsonEventMapper } from '../relay/json-message.mapper';
import { Relay } from '../relay/relay';
import { busWithTopic, PARTITIONS, seconds, until } from './bench-support';

/** Settings of one relay run. */
export interface RelaySettings {
  readonly batchSize: number;
}

export interface ThroughputResult extends RelaySettings {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * Time for a fresh relay (no checkpoint) to publish every event of a pre-filled store to Kafka,
 * until its checkpoint reaches the last position: read, map, publish with acks, save checkpoint.
 */
export async function relayThroughput(
  store: SqliteEventStore,
  lastPosition: bigint,
  events: number,
  settings: RelaySettings,
): Promise<ThroughputResult> {
  const { bus, topic } = await busWithTopic(`relay-${settings.batchSize}`);
  const name = `bench:${topic}`;
  const relay = new Relay({
    store,
    checkpoints: store.checkpoints,
    bus,
    name,
    toMessage: jsonEventMapper(() => topic),
    ...settings,
  });
  try {
    const started = process.hrtime.bigint();
    await relay.start();
    await until(async () => (await store.checkpoints.load(name)) === lastPosition, 300_000);
    const took = seconds(started);
    return { ...settings, events, seconds: +took.toFixed(2), eventsPerSecond: Math.round(events / took) };
  } finally {
    await relay.stop();
    await bus.close();
  }
}

export const throughputSetup = { partitions: PARTITIONS, mapper: 'jsonEventMapper', acks: 'all (-1)' };
