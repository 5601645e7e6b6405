import { named } from './named-statement';

describe('named PostgreSQL statements', () => {
  it('gives one text one name, and different texts different names', () => {
    const a = named('SELECT position FROM s.checkpoints WHERE name = $1', ['x']);
    const again = named('SELECT position FROM s.checkpoints WHERE name = $1', ['y']);
    const other = named('SELECT position FROM t.checkpoints WHERE name = $1', ['x']);
    expect(a.name).toMatch(/^baton_[\w-]+$/);
    expect(again.name).toBe(a.name);
    expect(again.values).toEqual(['y']);
    expect(other.name).not.toBe(a.name);
  });

  it('leaves statements with many placeholders unnamed (variable VALUES lists would prepare without bound)', () => {
    const values = Array.from({ length: 33 }, (_, i) => i);
    const text = `INSERT INTO s.t (v) VALUES ${values.map((_, i) => `($${i + 1})`).join(', ')}`;
    expect(named(text, values)).toEqual({ text, values });
    expect(named(text, values.slice(0, 32)).name).toBeDefined();
  });

  it('names a statement whose rows come as arrays, however many placeholders it has', () => {
    const values = Array.from({ length: 40 }, () => ['a', 'b']);
    const text = `WITH ${values.map((_, i) => `w${i} AS (INSERT INTO s.t${i} (v) SELECT * FROM unnest($${i + 1}::text[]))`).join(', ')} SELECT 1`;
    expect(named(text, values, true).name).toMatch(/^baton_/);
    expect(named(text, values).name).toBe(named(text, values, true).name);
  });
});
