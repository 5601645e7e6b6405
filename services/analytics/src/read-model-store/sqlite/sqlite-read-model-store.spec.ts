import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelStoreConformance } from '../conformance/read-model-store.conformance';
import { openSqliteReadModelStore } from './sqlite-read-model-store';

const dir = mkdtempSync(join(tmpdir(), 'baton-read-models-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

readModelStoreConformance('SQLite', async () => {
  const file = join(dir, `analytics-${++n}.sqlite`);
  return { open: async () => openSqliteReadModelStore({ file }), dispose: async () => undefined };
});
