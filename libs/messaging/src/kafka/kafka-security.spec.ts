import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurityFromEnv } from './kafka-security';

describe('kafkaSecurityFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-kafka-sec-'));
  const ca = join(dir, 'ca.pem');
  const password = join(dir, 'password');
  writeFileSync(ca, 'CA PEM');
  writeFileSync(password, 's3cret\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plaintext without SASL when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('turns on verified TLS with the CA file and SCRAM with a password file', () => {
    expect(
      kafkaSecurityFromEnv({
        BATON_KAFKA_CA_FILE: ca,
        BATON_KAFKA_SASL_MECHANISM: 'scram-sha-512',
        BATON_KAFKA_SASL_USERNAME: 'baton',
        BATON_KAFKA_SASL_PASSWORD_FILE: password,
      }),
    ).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA PEM'] },
      sasl: { mechanism: 'scram-sha-512', username: 'baton', password: 's3cret' },
    });
    expect(kafkaSecurityFromEnv({ BATON_KAFKA_TLS: 'true' })).toEqual({ ssl: { rejectUnauthorized: true } });
  });

  it('refuses settings that cannot work or would send a password in clear, naming them', () => {
    expect(() =>
      kafkaSecurityFromEnv({
        BATON_KAFKA_SASL_MECHANISM: 'plain',
        BATON_KAFKA_SASL_USERNAME: 'u',
        BATON_KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toThrow('needs BATON_KAFKA_TLS=true');
    expect(() => kafkaSecurityFromEnv({ BATON_KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
      'BATON_KAFKA_SASL_USERNAME',
    );
    expect(() => kafkaSecurityFromEnv({ BATON_KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow('must be');
    expect(() => kafkaSecurityFromEnv({ BATON_KAFKA_CA_FILE: join(dir, 'missing') })).toThrow(
      'BATON_KAFKA_CA_FILE: cannot read',
    );
  });
});
