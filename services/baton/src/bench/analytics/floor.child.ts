import { observeInstance } from '@baton/analytics-core';
import type { instance } from '@baton/domain';
import { encodeEnvelope } from '@baton/event-wire';
import { openSqliteEventStore, type RecordedEvent } from '@baton/eventstore';
import { toDomainEvent } from '@baton/service-kit';

// What any replay of the instance streams costs before it writes a row, in a process of its own:
// `read` reads and decodes every event stream by stream (what a rebuild reads); `envelopes` also
// encodes each one's wire envelope (the audit trail's rows); `observe` also observes each instance
// (the statistics' pure part, no read model). Prints one JSON line: events, seconds, CPU seconds.

export type FloorMode = 'read' | 'envelopes' | 'observe';

export interface FloorRun {
  readonly mode: FloorMode;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly eventsPerCpuSecond: number;
  readonly cpuMicrosPerEvent: number;
}

const PAGE = 5_000;

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2) as [string, FloorMode];
  const store = await openSqliteEventStore({ file });
  const readByStream = store.readByStream?.bind(store);
  if (!readByStream) throw new Error('the SQLite store reads by stream');
  const head = await store.headPosition();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let events = 0;
  let kept = 0;
  let instance: RecordedEvent[] = [];
  const observe = () => {
    if (instance.length === 0) return;
    const observed = observeInstance(instance.map((e) => toDomainEvent<instance.InstanceEvent>(e)));
    if (observed.ok) kept += observed.observations.handoffs.length;
    instance = [];
  };
  let after: { streamId: string; streamVersion: number } | undefined;
  for (;;) {
    const page = await readByStream({
      streamPrefix: 'instance-',
      until: head,
      maxCount: PAGE,
      ...(after ? { after } : {}),
    });
    for (const event of page) {
      events += 1;
      if (mode === 'envelopes') kept += encodeEnvelope(event).length;
      if (mode === 'observe') {
        if (instance[0] && instance[0].streamId !== event.streamId) observe();
        instance.push(event);
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    after = { streamId: last.streamId, streamVersion: last.streamVersion };
  }
  observe();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  await store.close();
  if (kept < 0) throw new Error('unreachable: keeps the work from being optimised away');
  const run: FloorRun = {
    mode,
    events,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(events / seconds),
    eventsPerCpuSecond: Math.round(events / cpuSeconds),
    cpuMicrosPerEvent: Number(((cpuSeconds * 1e6) / events).toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
