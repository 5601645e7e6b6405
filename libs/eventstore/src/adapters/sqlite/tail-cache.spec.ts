import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../port/event-store.port';
import { openSqliteEventStore } from './sqlite-event-store';
import { TailCache, type TailRow } from './tail-cache';

const row = (position: number, stream = 'instance-1'): TailRow => ({
  global_position: position,
  event_id: `e-${position}`,
  stream_id: stream,
  stream_version: position,
  type: 'T',
  data: `{"n":${position}}`,
  metadata: '{}',
  schema_version: 1,
  occurred_at: 0,
  recorded_at: 0,
});

const asEvent = (r: TailRow) => ({ eventId: r.event_id, streamId: r.stream_id }) as RecordedEvent;
const ids = (events: RecordedEvent[] | undefined) => events?.map((e) => e.eventId);
const all = { streamPrefixes: [''], maxCount: -1 };

describe('TailCache', () => {
  it('answers a range it holds whole, filtered by prefix and limited, and nothing else', () => {
    const cache = new TailCache(asEvent);
    cache.add([row(5), row(6, 'definition-x')]);
    cache.add([row(7)]);
    expect(ids(cache.read({ ...all, after: 4n, until: 7n }))).toEqual(['e-5', 'e-6', 'e-7']);
    expect(ids(cache.read({ ...all, after: 4n, until: 7n, streamPrefixes: ['instance-'] }))).toEqual([
      'e-5',
      'e-7',
    ]);
    expect(ids(cache.read({ ...all, after: 5n, until: 7n, maxCount: 1 }))).toEqual(['e-6']);
    expect(ids(cache.read({ ...all, after: 7n, until: 7n }))).toEqual([]);
    expect(cache.read({ ...all, after: 3n, until: 7n })).toBeUndefined(); // 4 is not held
    expect(cache.read({ ...all, after: 4n, until: 8n })).toBeUndefined(); // 8 is not held
  });

  it('starts over after a gap (another writer) and keeps only the latest rows', () => {
    const cache = new TailCache(asEvent, 2);
    cache.add([row(1), row(2)]);
    cache.add([row(4)]);
    expect(cache.read({ ...all, after: 0n, until: 2n })).toBeUndefined();
    expect(ids(cache.read({ ...all, after: 3n, until: 4n }))).toEqual(['e-4']);
    cache.add([row(5), row(6)]);
    expect(cache.read({ ...all, after: 3n, until: 6n })).toBeUndefined();
    expect(ids(cache.read({ ...all, after: 4n, until: 6n }))).toEqual(['e-5', 'e-6']);
  });

  it('parses a row once for all readers', () => {
    let parsed = 0;
    const cache = new TailCache((r) => (parsed++, asEvent(r)));
    cache.add([row(1)]);
    const first = cache.read({ ...all, after: 0n, until: 1n });
    const second = cache.read({ ...all, after: 0n, until: 1n });
    expect(first?.[0]).toBe(second?.[0]);
    expect(parsed).toBe(1);
  });
});

describe('SQLite store with a tail cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-tail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it appended exactly as from the database, and sees another writer in between', async () => {
    const file = join(dir, 'events.db');
    const mine = await openSqliteEventStore({ file });
    const other = await openSqliteEventStore({ file });
    const event = (n: number) => ({
      eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type: 'Happened',
      data: { n, nested: { list: [n], none: null } },
      metadata: { actor: 'a', idempotencyKey: `k-${n}` },
      occurredAt: new Date(1_000 + n),
    });
    await mine.append('instance-a', [event(1), event(2)], { kind: 'any' });
    await other.append('instance-b', [event(3)], { kind: 'any' });
    await mine.append('instance-a', [event(4)], { kind: 'any' });
    const head = await mine.headPosition();
    const live = await mine.readAll({ after: 0n, until: head, streamPrefixes: ['instance-'] });
    // A fresh store on the same file has no tail: everything comes from the database.
    const fresh = await openSqliteEventStore({ file });
    const stored = await fresh.readAll({ after: 0n, until: head, streamPrefixes: ['instance-'] });
    expect(live.map((e) => e.streamId)).toEqual(['instance-a', 'instance-a', 'instance-b', 'instance-a']);
    expect(live).toEqual(stored);
    const tailOnly = await mine.readAll({ after: 3n, until: head, streamPrefixes: ['instance-'] });
    expect(tailOnly).toEqual(stored.slice(3));
    await Promise.all([mine.close(), other.close(), fresh.close()]);
  });

  it('follows its own appends at once and another writer’s at the next poll, each once and in order', async () => {
    const file = join(dir, 'live.db');
    const mine = await openSqliteEventStore({ file, pollIntervalMs: 50 });
    const other = await openSqliteEventStore({ file });
    const event = (n: number) => ({
      eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type: 'Happened',
      data: { n },
    });
    const seen: number[] = [];
    let arrived = (): void => undefined;
    const subscription = mine.subscribeToAll({
      streamPrefixes: ['instance-'],
      handler: async (e) => {
        seen.push((e.data as { n: number }).n);
        arrived();
      },
    });
    const next = (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => seen.length >= count && resolve();
        arrived();
      });
    await mine.append('instance-a', [event(1)], { kind: 'any' });
    await next(1);
    // Another process's append (only a poll can notice it), then ours right after it.
    await other.append('instance-b', [event(2)], { kind: 'any' });
    await mine.append('instance-a', [event(3)], { kind: 'any' });
    await next(3);
    // Another process's append alone: seen at a poll, without any append of ours to wake it.
    await other.append('instance-b', [event(4)], { kind: 'any' });
    const t0 = performance.now();
    await next(4);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(seen).toEqual([1, 2, 3, 4]);
    await subscription.stop();
    await Promise.all([mine.close(), other.close()]);
  });
});
