import { databaseUrl, describeWithPostgres, kafkaBrokers } from './describe-with';
import { availability, isCi, parseBrokers } from './env';
import { uniqueName } from './unique-name';

describe('env', () => {
  it('treats CI=true and CI=1 as CI, and unset, empty, false or 0 as local', () => {
    expect([isCi({ CI: 'true' }), isCi({ CI: '1' }), isCi({ CI: 'TRUE' })]).toEqual([true, true, true]);
    expect([isCi({}), isCi({ CI: '' }), isCi({ CI: 'false' }), isCi({ CI: '0' })]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('splits a broker list', () => {
    expect(parseBrokers('a:1, b:2,,')).toEqual(['a:1', 'b:2']);
  });

  it('says why a server is missing, preferring the reason global setup recorded', () => {
    expect(availability('kafka', { KAFKA_BROKERS: 'a:1' })).toEqual({ available: true, address: 'a:1' });
    expect(availability('kafka', { BATON_KAFKA_UNAVAILABLE: 'no java' })).toEqual({
      available: false,
      reason: 'no java',
    });
    const missing = availability('postgres', {});
    expect(missing.available === false && missing.reason).toMatch(/DATABASE_URL is not set.*global setup/);
  });
});

describe('uniqueName', () => {
  it('makes distinct names usable unquoted in SQL and as topic names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('Order Events!')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^order_events_[a-z0-9_]+$/);
    expect(uniqueName('9lives')).toMatch(/^t_9lives_/);
    expect(uniqueName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });
});

describe('describeWith / kafkaBrokers / databaseUrl', () => {
  const names = [
    'CI',
    'KAFKA_BROKERS',
    'BATON_KAFKA_UNAVAILABLE',
    'DATABASE_URL',
    'BATON_POSTGRES_UNAVAILABLE',
  ];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  afterEach(() => {
    for (const [n, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  });

  it('hands out the servers global setup recorded', () => {
    Object.assign(process.env, { KAFKA_BROKERS: 'a:1,b:2', DATABASE_URL: 'postgres://x@h:1/db' });
    expect(kafkaBrokers()).toEqual(['a:1', 'b:2']);
    expect(databaseUrl()).toBe('postgres://x@h:1/db');
  });

  it('throws with the recorded reason when a server is missing', () => {
    delete process.env['KAFKA_BROKERS'];
    process.env['BATON_KAFKA_UNAVAILABLE'] = 'java not found on PATH';
    expect(() => kafkaBrokers()).toThrow('Kafka is not available: java not found on PATH');
  });

  it('never skips under CI: a missing server fails the test file', () => {
    delete process.env['DATABASE_URL'];
    Object.assign(process.env, { CI: 'true', BATON_POSTGRES_UNAVAILABLE: 'no initdb' });
    expect(() => describeWithPostgres('needs postgres', () => undefined)).toThrow(
      'PostgreSQL is not available: no initdb',
    );
  });
});
