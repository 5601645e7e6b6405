import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { settingFile } from '@baton/eventstore';

type Env = Readonly<Record<string, string | undefined>>;

/** TLS and SASL settings of a kafkajs client. */
export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

const read = (env: Env, name: string): string | undefined => settingFile(env, name)?.toString('utf8');

const MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

/**
 * TLS and SASL for every Kafka client of a process (docs/security.md, TLS):
 * - `BATON_KAFKA_TLS=true`, or `BATON_KAFKA_CA_FILE` (brokers' CA; system roots otherwise):
 *   TLS, certificates verified; `BATON_KAFKA_CLIENT_CERT_FILE` / `_KEY_FILE` for mTLS;
 * - `BATON_KAFKA_SASL_MECHANISM` = scram-sha-256, scram-sha-512 or plain, with
 *   `BATON_KAFKA_SASL_USERNAME` and `BATON_KAFKA_SASL_PASSWORD_FILE` (or `_PASSWORD`); `plain`
 *   only over TLS (it sends the password as is).
 * Unset: plaintext without SASL, as before.
 */
export function kafkaSecurityFromEnv(env: Env = process.env): KafkaSecurity {
  const ca = read(env, 'BATON_KAFKA_CA_FILE');
  const cert = read(env, 'BATON_KAFKA_CLIENT_CERT_FILE');
  const key = read(env, 'BATON_KAFKA_CLIENT_KEY_FILE');
  const tls = env['BATON_KAFKA_TLS']?.trim() === 'true' || ca !== undefined;
  if (!cert !== !key)
    throw new Error('BATON_KAFKA_CLIENT_CERT_FILE and BATON_KAFKA_CLIENT_KEY_FILE go together');
  if (cert && !tls)
    throw new Error('BATON_KAFKA_CLIENT_CERT_FILE needs BATON_KAFKA_TLS=true or BATON_KAFKA_CA_FILE');
  const security: { ssl?: KafkaConfig['ssl']; sasl?: SASLOptions } = {};
  if (tls) {
    security.ssl = {
      rejectUnauthorized: true,
      ...(ca ? { ca: [ca] } : {}),
      ...(cert && key ? { cert, key } : {}),
    };
  }
  const mechanism = env['BATON_KAFKA_SASL_MECHANISM']?.trim();
  if (mechanism) {
    if (!(MECHANISMS as readonly string[]).includes(mechanism))
      throw new Error(`BATON_KAFKA_SASL_MECHANISM must be ${MECHANISMS.join(', ')}, not "${mechanism}"`);
    if (mechanism === 'plain' && !tls)
      throw new Error(
        'BATON_KAFKA_SASL_MECHANISM=plain sends the password as is: it needs BATON_KAFKA_TLS=true',
      );
    const username = env['BATON_KAFKA_SASL_USERNAME']?.trim();
    const password = read(env, 'BATON_KAFKA_SASL_PASSWORD_FILE')?.trim() ?? env['BATON_KAFKA_SASL_PASSWORD'];
    if (!username || !password)
      throw new Error(
        'BATON_KAFKA_SASL_MECHANISM needs BATON_KAFKA_SASL_USERNAME and BATON_KAFKA_SASL_PASSWORD(_FILE)',
      );
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}
