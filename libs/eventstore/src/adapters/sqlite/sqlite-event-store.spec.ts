import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance } from '../../conformance';
import { openSqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'baton-es-sqlite-'));
let n = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreConformance('SQLite', async (options) => {
  n += 1;
  const store = await openSqliteEventStore({
    file: join(dir, `events-${n}.db`),
    pollIntervalMs: 20,
    ...options,
  });
  return { store, checkpoints: store.checkpoints, dispose: () => store.close() };
});
