import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresSslFromEnv } from './postgres-tls';

describe('postgresSslFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-tls-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, 'CA PEM');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the connection string in charge when unset', () => {
    expect(postgresSslFromEnv({})).toBeUndefined();
  });

  it('verifies the server against the CA with verify-full, encrypts only with require, none with off', () => {
    expect(postgresSslFromEnv({ BATON_PG_SSL: 'verify-full', BATON_PG_SSL_CA_FILE: ca })).toEqual({
      rejectUnauthorized: true,
      ca: 'CA PEM',
    });
    expect(postgresSslFromEnv({ BATON_PG_SSL: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(postgresSslFromEnv({ BATON_PG_SSL: 'off' })).toBe(false);
  });

  it('names a bad setting', () => {
    expect(() => postgresSslFromEnv({ BATON_PG_SSL: 'prefer' })).toThrow('BATON_PG_SSL must be');
    expect(() => postgresSslFromEnv({ BATON_PG_SSL: 'require', BATON_PG_SSL_CERT_FILE: ca })).toThrow(
      'go together',
    );
  });
});
