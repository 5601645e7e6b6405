import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { startEmbeddedHost } from '../embedded-host';

// The embedded host alone in a process (forked by e2e.bench.ts with --expose-gc), so its memory
// is measured without the bench's or the client's. IPC: sends {port}; answers 'memory' with
// process.memoryUsage() after a full GC; 'heapsnapshot:<file>' writes a heap snapshot there;
// 'stop' stops the host and exits.

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-host-'));
  const host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir: dir, seed: true });
  process.on('message', (message: string) => {
    if (message === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        gc();
      }
      process.send?.({ memory: process.memoryUsage(), gcForced: gc !== undefined });
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
