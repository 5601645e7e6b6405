import type { RecordedEvent } from '@baton/eventstore';
import { parentPort, workerData } from 'node:worker_threads';
import { openEventStoreAt } from './event-store-source';
import { packRows, transferablesOf } from './packed-rows';
import { ANALYTICS_PROJECTION_LIST } from './projection-list';
import type { FromRowsThread, RowsThreadData, ToRowsThread } from './rows-from-thread';

// A rebuild's helper thread (see rowsFromThread): reads a projection's streams from the store by
// itself, stream by stream up to the head, turns each page into the projection's rows and sends
// them packed, never more than `credits` batches ahead of what the rebuild has written.

async function run(data: RowsThreadData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('rows-thread runs as a worker thread');
  const projection = ANALYTICS_PROJECTION_LIST.find((p) => p.name === data.projection);
  const mapping = projection?.rowsOfEvents;
  if (!projection || !mapping) throw new Error(`${data.projection} has no rows of events`);
  let credits = data.credits;
  let wake: (() => void) | undefined;
  port.on('message', (message: ToRowsThread) => {
    if (message.kind !== 'credit') return;
    credits += 1;
    wake?.();
  });
  const send = (message: FromRowsThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const store = await openEventStoreAt(data.source);
  try {
    if (!store.readByStream) throw new Error('the event store cannot be read stream by stream');
    for (const streamPrefix of data.prefixes) {
      let after: { streamId: string; streamVersion: number } | undefined;
      for (;;) {
        const page: RecordedEvent[] = await store.readByStream({
          streamPrefix,
          until: data.head,
          maxCount: data.chunkSize,
          ...(after ? { after } : {}),
        });
        const last = page[page.length - 1];
        if (last) {
          while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
          credits -= 1;
          const packed = packRows(mapping.table, mapping.rows(page));
          send({ kind: 'rows', events: page.length, packed }, transferablesOf(packed));
        }
        if (!last || page.length < data.chunkSize) break;
        after = { streamId: last.streamId, streamVersion: last.streamVersion };
      }
    }
    send({ kind: 'done' });
  } finally {
    await store.close();
  }
}

run(workerData as RowsThreadData).catch((error: unknown) => {
  parentPort?.postMessage({
    kind: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies FromRowsThread);
});
