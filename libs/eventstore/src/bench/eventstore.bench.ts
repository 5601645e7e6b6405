import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { openPostgresEventStore } from '../adapters/postgres/postgres-event-store';
import { openSqliteEventStore } from '../adapters/sqlite/sqlite-event-store';
import { anyVersion, type EventStore, type NewEvent } from '../port/event-store.port';

// Event store throughput on this machine, printed as JSON. Bounded in count; local files and
// 127.0.0.1 only. PostgreSQL runs when DATABASE_URL is set (say which durability settings it has).

const payload = { orderId: 'SO-1001', amount: 1200, lines: [{ sku: 'DESK-1', quantity: 4 }] };
const anEvent = (): NewEvent => ({ eventId: uuidv7(), type: 'StepCompleted', data: payload });

async function perSecond(count: number, run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(count / seconds);
}

/** Single-event appends from `writers` concurrent writers, each to its own streams. */
function singleAppends(store: EventStore, total: number, writers: number) {
  return perSecond(total, async () => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < total / writers; i++)
          await store.append(`bench-${w}-${i % 100}`, [anEvent()], anyVersion);
      }),
    );
  });
}

function batchedAppends(store: EventStore, batches: number, size: number) {
  return perSecond(batches * size, async () => {
    for (let b = 0; b < batches; b++) {
      await store.append(`batch-${b}`, Array.from({ length: size }, anEvent), anyVersion);
    }
  });
}

async function readAllRate(store: EventStore): Promise<{ events: number; perSecond: number }> {
  let events = 0;
  const started = process.hrtime.bigint();
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: 5000 });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1]?.globalPosition;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, perSecond: Math.round(events / seconds) };
}

async function measure(store: EventStore, writers: number) {
  return {
    singleAppendsPerSecond: await singleAppends(store, 5_000, 1),
    concurrentSingleAppendsPerSecond: { writers, perSecond: await singleAppends(store, 8_000, writers) },
    batchedEventsPerSecond: { batchSize: 1000, perSecond: await batchedAppends(store, 100, 1000) },
    readAll: await readAllRate(store),
  };
}

/** The server settings that decide what a commit costs, reported next to the figures. */
async function durabilitySettings(connectionString: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const names = ['fsync', 'synchronous_commit', 'full_page_writes', 'server_version'];
    const rows = await Promise.all(names.map((n) => client.query<Record<string, string>>(`SHOW ${n}`)));
    return Object.fromEntries(names.map((n, i) => [n, rows[i]?.rows[0]?.[n] ?? '?']));
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
  try {
    const sqlite = await openSqliteEventStore({ file: join(dir, 'events.db') });
    results['sqlite'] = { durability: 'normal (default)', ...(await measure(sqlite, 8)) };
    await sqlite.close();
    const synced = await openSqliteEventStore({ file: join(dir, 'events-full.db'), durability: 'full' });
    results['sqliteFullDurability'] = { singleAppendsPerSecond: await singleAppends(synced, 5_000, 1) };
    await synced.close();
    const url = process.env['DATABASE_URL'];
    if (url) {
      const pg = await openPostgresEventStore({ connectionString: url, schema: `bench_${Date.now()}` });
      results['postgres'] = { settings: await durabilitySettings(url), ...(await measure(pg, 8)) };
      await pg.close();
    } else {
      results['postgres'] = { skipped: 'DATABASE_URL is not set' };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
}

void main();
