import { openSqliteEventStore } from '@baton/eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prefill, seconds } from './bench-support';
import { endToEndLatency } from './end-to-end-latency';
import { relayThroughput, throughputSetup, type RelaySettings } from './relay-throughput';

// Relay throughput (store → Kafka) and end-to-end latency (append → relay → Kafka → consumer),
// printed as JSON. Bounded in count and time; SQLite in a temp dir and a broker on 127.0.0.1
// (KAFKA_BROKERS; `npm run bench -- messaging` starts a throwaway one when it is not set).

const EVENTS = 200_000;
const STREAMS = 1_000;
const PER_APPEND = 10;
const RUNS: RelaySettings[] = [{ batchSize: 500 }, { batchSize: 1000 }, { batchSize: 2000 }];

async function throughput(dir: string) {
  const store = await openSqliteEventStore({ file: join(dir, 'throughput.db') });
  try {
    const t0 = process.hrtime.bigint();
    const last = await prefill(store, EVENTS, STREAMS, PER_APPEND);
    const prefillSeconds = +seconds(t0).toFixed(1);
    const runs = [];
    for (const run of RUNS) runs.push(await relayThroughput(store, last, EVENTS, run));
    const best = runs.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
    return {
      events: EVENTS,
      streams: STREAMS,
      prefillSeconds,
      ...throughputSetup,
      best,
      runs,
    };
  } finally {
    await store.close();
  }
}

/** With the relay's default linger (20 ms), then with none: what the linger costs in latency. */
async function latency(dir: string) {
  const runs = [];
  for (const lingerMs of [20, 0]) {
    const store = await openSqliteEventStore({ file: join(dir, `latency-${lingerMs}.db`) });
    try {
      runs.push(
        await endToEndLatency(store, {
          eventsPerSecond: 500,
          durationSeconds: 10,
          streams: 100,
          batchSize: 500,
          lingerMs,
        }),
      );
    } finally {
      await store.close();
    }
  }
  return runs;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-messaging-'));
  const results: Record<string, unknown> = {
    node: process.version,
    cpus: cpus().length,
    at: new Date().toISOString(),
    kafka: process.env['KAFKA_BROKERS'],
    store: 'SQLite (WAL, durability full)',
  };
  try {
    results['relayThroughput'] = await throughput(dir);
    results['endToEndLatency'] = await latency(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
}

void main();
