import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsFromThread } from './rows-from-thread';

const dir = mkdtempSync(join(tmpdir(), 'baton-rows-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rowsFromThread', () => {
  it("rejects with the thread's reason when it cannot make the rows, and ends the thread", async () => {
    const batches = rowsFromThread({
      source: { kind: 'sqlite', file: join(dir, 'baton.db') },
      projection: 'statistics',
      prefixes: ['instance-'],
      head: 0n,
      chunkSize: 10,
    });
    await expect(batches.next()).rejects.toThrow(
      /the rows thread failed: .*statistics has no rows of events/,
    );
  });

  it('ends without a batch on an empty store', async () => {
    const batches = [];
    for await (const batch of rowsFromThread({
      source: { kind: 'sqlite', file: join(dir, 'empty.db') },
      projection: 'audit-trail',
      prefixes: ['instance-'],
      head: 0n,
      chunkSize: 10,
    }))
      batches.push(batch);
    expect(batches).toEqual([]);
  });
});
