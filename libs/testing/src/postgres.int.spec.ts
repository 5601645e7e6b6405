import { Client } from 'pg';
import { databaseUrl, describeWithPostgres, uniqueName } from './index';

describeWithPostgres('PostgreSQL (real server)', () => {
  const table = uniqueName('smoke');
  let writer: Client;
  let reader: Client;

  beforeAll(async () => {
    writer = new Client({ connectionString: databaseUrl() });
    reader = new Client({ connectionString: databaseUrl() });
    await Promise.all([writer.connect(), reader.connect()]);
    await writer.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`);
  });

  afterAll(async () => {
    await writer?.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await Promise.all([writer?.end(), reader?.end()]);
  });

  it('is a real PostgreSQL', async () => {
    const { rows } = await reader.query<{ version: string }>('SELECT version()');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('shows committed rows to another connection only after COMMIT', async () => {
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [1, 'committed']);
    const before = await reader.query(`SELECT note FROM ${table} WHERE id = 1`);
    expect(before.rows).toEqual([]);
    await writer.query('COMMIT');
    const after = await reader.query(`SELECT note FROM ${table} WHERE id = 1`);
    expect(after.rows).toEqual([{ note: 'committed' }]);
  });

  it('never shows rolled back rows', async () => {
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [2, 'rolled back']);
    const inside = await writer.query(`SELECT note FROM ${table} WHERE id = 2`);
    expect(inside.rows).toEqual([{ note: 'rolled back' }]);
    await writer.query('ROLLBACK');
    const mine = await writer.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = 2`);
    const theirs = await reader.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = 2`);
    expect([mine.rows[0], theirs.rows[0]]).toEqual([{ n: 0 }, { n: 0 }]);
  });
});
