import Database from 'better-sqlite3';
import { groupCommit } from './group-commit';

describe('groupCommit', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
  });
  afterEach(() => db.close());

  const inserter = () => {
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    return groupCommit(
      db,
      db.transaction((k: string) => insert.run(k).changes),
    );
  };
  const rows = () => (db.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k);

  it('runs a lone writer’s calls one after another, each committed when it resolves', async () => {
    const insert = inserter();
    for (let i = 0; i < 40; i++) {
      await insert(`k${String(i).padStart(2, '0')}`);
      expect(rows()).toHaveLength(i + 1);
    }
  });

  it('rolls back only the failing call of a concurrent group', async () => {
    const insert = inserter();
    // Enough concurrent calls that a probe defers a group and the others join it.
    const keys = Array.from({ length: 60 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const outcomes = await Promise.allSettled(
      [...keys, 'c07', ...keys.map((k) => `${k}-b`)].map((k) => insert(k)),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(rows()).toHaveLength(120);
  });
});
