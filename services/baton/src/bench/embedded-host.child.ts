import { InProcessMessageBus } from '@baton/messaging';
import { ProjectionsInWorker } from '@baton/service-analytics';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { startEmbeddedHost, type EmbeddedHost } from '../embedded-host';
import { tuneEmbeddedProcess } from '../process-tuning';
import { analyticsProjectionsIn } from './processes';

// The embedded host alone in a process (forked by e2e.bench.ts with --expose-gc), so its memory
// is measured without the bench's or the client's. IPC: sends {port}; answers 'memory' with
// process.memoryUsage() after the in-process consumers have caught up (the bus holds what the
// slowest one has not consumed; waiting at most DRAIN_MAX_MS) and a full GC; 'heapsnapshot:<file>'
// writes a heap snapshot there; 'stop' stops the host and exits. With BATON_BENCH_HEAPSNAPSHOT_DIR
// set, every 'memory' answer also writes the process's memory map there on Linux
// (memory-<n>.smaps: what of the RSS is outside the V8 heap) and, from the second on, a heap
// snapshot (memory-<n>.heapsnapshot; not of the idle host, as writing one leaves malloc'd memory
// behind that the next figure would show).

const DRAIN_MAX_MS = 240_000;
const SETTLE_MAX_MS = 30_000;

const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Waits until every consumer group of the in-process bus has consumed everything published. */
async function drained(host: EmbeddedHost): Promise<void> {
  const bus = host.runtime.bus;
  if (!(bus instanceof InProcessMessageBus)) return;
  const start = Date.now();
  const backlog = bus.backlog();
  while (bus.backlog() > 0 && Date.now() - start < DRAIN_MAX_MS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (backlog > 0) {
    console.error(
      `[host] memory: waited ${((Date.now() - start) / 1000).toFixed(1)} s for the consumers' backlog ` +
        `of ${backlog} messages (${bus.backlog()} left)`,
    );
  }
}

/** The analytics projection thread of the host, if its projections run in one. */
function projectionThread(host: EmbeddedHost): ProjectionsInWorker | undefined {
  try {
    return host.app.get(ProjectionsInWorker, { strict: false });
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  tuneEmbeddedProcess();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-host-'));
  const host = await startEmbeddedHost({
    address: '127.0.0.1:0',
    dataDir: dir,
    seed: true,
    analyticsProjectionsIn: analyticsProjectionsIn(),
  });
  const snapshotDir = process.env['BATON_BENCH_HEAPSNAPSHOT_DIR'];
  let answers = 0;
  const memory = async () => {
    await drained(host);
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
    const thread = projectionThread(host);
    const threadHeap = await thread?.threadMemory({ gc: gc !== undefined });
    const afterGc = process.memoryUsage();
    // V8 hands freed pages back to the OS in the background, a few seconds after a GC: the figure
    // is the settled RSS, once it has stopped falling (up to SETTLE_MAX_MS), not the moment after.
    const settleStart = Date.now();
    let usage = afterGc;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const now = process.memoryUsage();
      const falling = now.rss < usage.rss - (1 << 20);
      usage = now;
      if (!falling || Date.now() - settleStart > SETTLE_MAX_MS) break;
    }
    // Where the V8 heap's committed size (heapTotal) goes beyond what is used, space by space.
    const spaces = getHeapSpaceStatistics()
      .filter((space) => space.space_size > 1 << 20)
      .map((space) => `${space.space_name} ${mib(space.space_used_size)}/${mib(space.space_size)}`);
    const { malloced_memory: malloced, peak_malloced_memory: peakMalloced } = getHeapStatistics();
    console.error(
      `[host] memory: rss ${mib(usage.rss)} MiB (${mib(afterGc.rss)} right after the GC); V8 spaces used/committed MiB: ${spaces.join(', ')}; ` +
        `V8 malloced ${mib(malloced)} (peak ${mib(peakMalloced)}) MiB` +
        (threadHeap
          ? `; projection thread heap ${mib(threadHeap.heapUsed)}/${mib(threadHeap.heapTotal)} MiB`
          : ''),
    );
    if (snapshotDir) {
      const name = join(snapshotDir, `memory-${++answers}`);
      if (process.platform === 'linux') writeFileSync(`${name}.smaps`, readFileSync('/proc/self/smaps'));
      if (answers > 1) writeHeapSnapshot(`${name}.heapsnapshot`);
    }
    process.send?.({
      memory: usage,
      rssRightAfterGc: afterGc.rss,
      gcForced: gc !== undefined,
      projectionThreadHeap: threadHeap,
    });
  };
  process.on('message', (message: string) => {
    if (message === 'memory') {
      void memory();
    } else if (message.startsWith('heapsnapshot:')) {
      // For diagnosing the memory figure: a heap snapshot written where asked.
      process.send?.({ heapsnapshot: writeHeapSnapshot(message.slice('heapsnapshot:'.length)) });
    } else if (message === 'stop') {
      void host
        .stop()
        .finally(() => rmSync(dir, { recursive: true, force: true }))
        .finally(() => process.exit(0));
    }
  });
  process.send?.({ port: host.port, seeded: host.seeded });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
