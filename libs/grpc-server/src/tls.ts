import { ChannelCredentials, credentials, ServerCredentials } from '@grpc/grpc-js';
import { settingFile } from '@baton/eventstore';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * How a gRPC server accepts connections (docs/security.md, TLS):
 * - `BATON_TLS_CERT_FILE` and `BATON_TLS_KEY_FILE` (PEM): TLS with this certificate chain and key;
 * - `BATON_TLS_CLIENT_CA_FILE`: client certificates are verified against this CA;
 * - `BATON_TLS_REQUIRE_CLIENT_CERT=true`: mTLS, a client without a certificate the CA signed is
 *   refused during the handshake (needs the client CA).
 * Neither certificate nor key: plaintext (the default, as before).
 */
export function serverCredentialsFromEnv(env: Env = process.env): ServerCredentials {
  const cert = settingFile(env, 'BATON_TLS_CERT_FILE');
  const key = settingFile(env, 'BATON_TLS_KEY_FILE');
  const clientCa = settingFile(env, 'BATON_TLS_CLIENT_CA_FILE');
  const requireClientCert = env['BATON_TLS_REQUIRE_CLIENT_CERT']?.trim() === 'true';
  if (!cert && !key) {
    if (clientCa || requireClientCert)
      throw new Error(
        'BATON_TLS_CLIENT_CA_FILE / BATON_TLS_REQUIRE_CLIENT_CERT need BATON_TLS_CERT_FILE and BATON_TLS_KEY_FILE',
      );
    return ServerCredentials.createInsecure();
  }
  if (!cert || !key) throw new Error('BATON_TLS_CERT_FILE and BATON_TLS_KEY_FILE go together');
  if (requireClientCert && !clientCa)
    throw new Error(
      'BATON_TLS_REQUIRE_CLIENT_CERT=true needs BATON_TLS_CLIENT_CA_FILE to verify client certificates',
    );
  return ServerCredentials.createSsl(
    clientCa ?? null,
    [{ cert_chain: cert, private_key: key }],
    requireClientCert,
  );
}

/**
 * How Baton's own clients (ownership calling execution, the CLI) connect:
 * - `BATON_TLS_CA_FILE`: TLS, trusting servers this CA signed (the system roots when
 *   `BATON_TLS=true` without a CA file);
 * - `BATON_TLS_CLIENT_CERT_FILE` and `BATON_TLS_CLIENT_KEY_FILE`: the certificate presented to
 *   servers that require one (mTLS).
 * Unset: plaintext.
 */
export function channelCredentialsFromEnv(env: Env = process.env): ChannelCredentials {
  const ca = settingFile(env, 'BATON_TLS_CA_FILE');
  const cert = settingFile(env, 'BATON_TLS_CLIENT_CERT_FILE');
  const key = settingFile(env, 'BATON_TLS_CLIENT_KEY_FILE');
  if (!ca && env['BATON_TLS']?.trim() !== 'true') {
    if (cert || key)
      throw new Error('BATON_TLS_CLIENT_CERT_FILE needs BATON_TLS_CA_FILE (or BATON_TLS=true)');
    return credentials.createInsecure();
  }
  if (!cert !== !key) throw new Error('BATON_TLS_CLIENT_CERT_FILE and BATON_TLS_CLIENT_KEY_FILE go together');
  return credentials.createSsl(ca ?? null, key ?? null, cert ?? null);
}
