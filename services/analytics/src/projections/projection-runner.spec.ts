import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import { InProcessMessageBus, type Relay } from '@baton/messaging';
import { startServiceRelay } from '@baton/service-kit';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadModelStore, TableSpec } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { loadCheckpoints } from './checkpoints';
import type { ProjectedEvent, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

const SEEN: TableSpec = {
  name: 'seen',
  columns: { stream_id: 'text', version: 'integer' },
  primaryKey: ['stream_id', 'version'],
};

/** Records every event it applies, and each transaction's streams; the first one waits for `gate`. */
function recordingProjection(gate: Promise<void>) {
  const transactions: string[][] = [];
  const projection: Projection = {
    name: 'recording',
    tables: [SEEN],
    topics: [EXECUTION_EVENTS_TOPIC],
    streamPrefixes: ['instance-'],
    context: 'execution',
    async apply(tx, events: readonly ProjectedEvent[]) {
      transactions.push([...new Set(events.map(({ event }) => event.streamId))]);
      if (transactions.length === 1) await gate;
      await tx.put(
        SEEN,
        events.map(({ event }) => ({ stream_id: event.streamId, version: event.streamVersion })),
      );
    },
  };
  return { projection, transactions };
}

describe('ProjectionRunner', () => {
  let dir: string;
  let events: EventStore;
  let readModels: ReadModelStore;
  let bus: InProcessMessageBus;
  let relay: Relay;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-runner-'));
    events = await openSqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 5 });
    readModels = await openSqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
    bus = new InProcessMessageBus({ partitions: 6 });
    relay = await startServiceRelay({
      store: events,
      checkpoints: { load: async () => undefined, save: async () => undefined },
      bus,
      service: 'execution',
      streamPrefixes: ['instance-'],
      toMessage: protobufEventMapper((event) => topicForStream(event.streamId)),
    });
  });

  afterEach(async () => {
    await runner.stop();
    await relay.stop();
    await bus.close();
    await readModels.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (streamId: string) =>
    events.append(
      streamId,
      [
        {
          eventId: randomUUID(),
          type: 'InstanceCancelled',
          data: {
            instanceId: streamId.slice('instance-'.length),
            reason: 'test',
            cancelledActivationIds: [],
          },
        },
      ],
      {
        kind: 'any',
      },
    );

  const waitFor = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('applies the partitions that arrived during a transaction together in the next one, with each checkpoint', async () => {
    let open!: () => void;
    const { projection, transactions } = recordingProjection(new Promise<void>((r) => (open = r)));
    runner = new ProjectionRunner({ bus, store: readModels, projection, groupId: 'g' });
    await runner.start();

    await append('instance-first');
    await waitFor(async () => transactions.length === 1);
    // While the first transaction is held open, streams land on several partitions.
    const streams = Array.from({ length: 24 }, (_, i) => `instance-${i}`);
    for (const streamId of streams) await append(streamId);
    await new Promise((r) => setTimeout(r, 100));
    open();
    await waitFor(async () => (await readModels.range(SEEN, { where: {} })).length === streams.length + 1);

    const seen = await readModels.range(SEEN, { where: {} });
    expect(seen).toHaveLength(streams.length + 1);
    // What waited went in one transaction, whatever partition it came from: only the held
    // partition's next batch (and a batch the bus delivered late) may follow. A transaction per
    // partition would take one for each of the six partitions beside the first.
    expect(transactions.length).toBeLessThanOrEqual(4);
    expect(new Set(transactions.slice(1).flat())).toEqual(new Set(streams));
    const checkpoints = await loadCheckpoints(readModels, projection.name);
    expect(checkpoints.size).toBe(6);
    const head = (await events.readAll({ after: 0n })).at(-1)?.globalPosition;
    expect([...checkpoints.values()].some((position) => position === head)).toBe(true);
  });

  it('redelivers every partition of a failed transaction and applies each event once', async () => {
    let failures = 1;
    const seenCalls: number[] = [];
    const projection: Projection = {
      name: 'flaky',
      tables: [SEEN],
      topics: [EXECUTION_EVENTS_TOPIC],
      streamPrefixes: ['instance-'],
      context: 'execution',
      async apply(tx, batch) {
        seenCalls.push(batch.length);
        await tx.put(
          SEEN,
          batch.map(({ event }) => ({ stream_id: event.streamId, version: event.streamVersion })),
        );
        if (failures-- > 0) throw new Error('the database went away');
      },
    };
    const streams = Array.from({ length: 12 }, (_, i) => `instance-${i}`);
    for (const streamId of streams) await append(streamId);
    runner = new ProjectionRunner({ bus, store: readModels, projection, groupId: 'g' });
    await runner.start();
    await waitFor(async () => (await readModels.range(SEEN, { where: {} })).length === streams.length);

    expect(seenCalls.length).toBeGreaterThan(1);
    expect((await readModels.range(SEEN, { where: {} })).map((row) => row['stream_id']).sort()).toEqual(
      [...streams].sort(),
    );
  });
});
