import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreConformance, type Tamper } from '../../conformance';
import { openSqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'baton-es-sqlite-'));
let n = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Edits the file through a connection of its own, as someone with access to it could. */
function tamperWith(file: string): Tamper & { close(): void } {
  const db = new Database(file);
  const where = 'WHERE stream_id = ? AND stream_version = ?';
  return {
    setData: async (streamId, version, data) =>
      void db.prepare(`UPDATE events SET data = ? ${where}`).run(JSON.stringify(data), streamId, version),
    setLink: async (streamId, version, link) =>
      void db.prepare(`UPDATE events SET chain_hash = ? ${where}`).run(link, streamId, version),
    remove: async (streamId, version) =>
      void db.prepare(`DELETE FROM events ${where}`).run(streamId, version),
    link: async (streamId, version) =>
      (
        db.prepare(`SELECT chain_hash FROM events ${where}`).get(streamId, version) as {
          chain_hash: string | null;
        }
      ).chain_hash,
    close: () => db.close(),
  };
}

eventStoreConformance('SQLite', async (options) => {
  n += 1;
  const file = join(dir, `events-${n}.db`);
  const store = await openSqliteEventStore({ file, pollIntervalMs: 20, ...options });
  const tamper = tamperWith(file);
  return {
    store,
    checkpoints: store.checkpoints,
    tamper,
    dispose: async () => {
      tamper.close();
      await store.close();
    },
  };
});
