import { openSqliteEventStore } from '@baton/eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { projectionScenarios } from '../testing/projection-scenarios';

const dir = mkdtempSync(join(tmpdir(), 'baton-projections-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

projectionScenarios('SQLite', async () => {
  n += 1;
  const events = await openSqliteEventStore({ file: join(dir, `baton-${n}.db`), pollIntervalMs: 10 });
  return {
    events,
    readModels: async () => openSqliteReadModelStore({ file: join(dir, `analytics-${n}.sqlite`) }),
    otherReadModels: async () => openSqliteReadModelStore({ file: join(dir, `analytics-${n}-other.sqlite`) }),
    dispose: () => events.close(),
  };
});
