import { settingFile } from '../../config/setting-file';
import type { ConnectionOptions } from 'node:tls';

type Env = Readonly<Record<string, string | undefined>>;

const read = (env: Env, name: string): string | undefined => settingFile(env, name)?.toString('utf8');

/**
 * TLS to PostgreSQL, for pg's `ssl` (docs/security.md, TLS):
 * - `BATON_PG_SSL=verify-full` (the server's certificate checked against `BATON_PG_SSL_CA_FILE`, or
 *   the system roots, and its name), `require` (encrypted, the certificate not checked: only
 *   inside a network you trust), `off`;
 * - `BATON_PG_SSL_CERT_FILE` / `BATON_PG_SSL_KEY_FILE`: a client certificate.
 * Unset: undefined, and the connection string decides (`?sslmode=verify-full&sslrootcert=…` works
 * there too).
 */
export function postgresSslFromEnv(env: Env = process.env): ConnectionOptions | false | undefined {
  const mode = env['BATON_PG_SSL']?.trim();
  if (!mode) return undefined;
  if (mode === 'off') return false;
  if (mode !== 'require' && mode !== 'verify-full')
    throw new Error(`BATON_PG_SSL must be verify-full, require or off, not "${mode}"`);
  const ca = read(env, 'BATON_PG_SSL_CA_FILE');
  const cert = read(env, 'BATON_PG_SSL_CERT_FILE');
  const key = read(env, 'BATON_PG_SSL_KEY_FILE');
  if (!cert !== !key) throw new Error('BATON_PG_SSL_CERT_FILE and BATON_PG_SSL_KEY_FILE go together');
  return {
    rejectUnauthorized: mode === 'verify-full',
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
  };
}
