import {
  Client,
  credentials,
  Metadata,
  status,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server';
import { channelCredentialsFromEnv, serverCredentialsFromEnv } from './tls';

/** A CA, a server certificate for 127.0.0.1 and a client certificate it signed, and a stranger CA. */
function makeCertificates(dir: string): Record<string, string> {
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.crt`),
    );
  ca('test-ca');
  ca('stranger-ca');
  writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const leaf = (name: string, ext: string[]) => {
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('test-ca.crt'),
      '-CAkey',
      at('test-ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      at(`${name}.crt`),
      ...ext,
    );
  };
  leaf('server', ['-extfile', at('server.ext')]);
  leaf('client', []);
  return Object.fromEntries(
    ['test-ca', 'stranger-ca', 'server', 'client'].flatMap((n) => [
      [`${n}.crt`, at(`${n}.crt`)],
      [`${n}.key`, at(`${n}.key`)],
    ]),
  );
}

/** A health check over `creds`: null when it answered, else the error. */
function check(port: number, creds: ChannelCredentials): Promise<ServiceError | null> {
  const client = new Client(`127.0.0.1:${port}`, creds);
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      new Metadata(),
      { deadline: Date.now() + 5_000 },
      (error) => {
        client.close();
        resolve(error);
      },
    ),
  );
}

describe('TLS for gRPC servers and Baton clients (certificates made by openssl at test time)', () => {
  let dir: string;
  let files: Record<string, string>;
  let tls: RunningGrpcServer;
  let mtls: RunningGrpcServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-tls-'));
    files = makeCertificates(dir);
    const server = { BATON_TLS_CERT_FILE: files['server.crt'], BATON_TLS_KEY_FILE: files['server.key'] };
    tls = await startGrpcServer({
      address: '127.0.0.1:0',
      services: [],
      credentials: serverCredentialsFromEnv(server),
    });
    mtls = await startGrpcServer({
      address: '127.0.0.1:0',
      services: [],
      credentials: serverCredentialsFromEnv({
        ...server,
        BATON_TLS_CLIENT_CA_FILE: files['test-ca.crt'],
        BATON_TLS_REQUIRE_CLIENT_CERT: 'true',
      }),
    });
  }, 30_000);

  afterAll(async () => {
    await tls?.stop();
    await mtls?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const trusting = () => channelCredentialsFromEnv({ BATON_TLS_CA_FILE: files['test-ca.crt'] });

  it('answers a client that trusts its CA, and no plaintext or untrusting client', async () => {
    expect(await check(tls.port, trusting())).toBeNull();
    expect((await check(tls.port, credentials.createInsecure()))?.code).toBe(status.UNAVAILABLE);
    const stranger = channelCredentialsFromEnv({ BATON_TLS_CA_FILE: files['stranger-ca.crt'] });
    expect((await check(tls.port, stranger))?.code).toBe(status.UNAVAILABLE);
  });

  it('with mTLS, answers a client with a certificate its CA signed, and refuses one without', async () => {
    const withCert = channelCredentialsFromEnv({
      BATON_TLS_CA_FILE: files['test-ca.crt'],
      BATON_TLS_CLIENT_CERT_FILE: files['client.crt'],
      BATON_TLS_CLIENT_KEY_FILE: files['client.key'],
    });
    expect(await check(mtls.port, withCert)).toBeNull();
    expect((await check(mtls.port, trusting()))?.code).toBe(status.UNAVAILABLE);
  });

  it('stops at start on settings that cannot work, naming them', () => {
    expect(() => serverCredentialsFromEnv({ BATON_TLS_CERT_FILE: files['server.crt'] })).toThrow(
      'BATON_TLS_CERT_FILE and BATON_TLS_KEY_FILE go together',
    );
    expect(() =>
      serverCredentialsFromEnv({
        BATON_TLS_CERT_FILE: files['server.crt'],
        BATON_TLS_KEY_FILE: files['server.key'],
        BATON_TLS_REQUIRE_CLIENT_CERT: 'true',
      }),
    ).toThrow('BATON_TLS_CLIENT_CA_FILE');
    expect(() => channelCredentialsFromEnv({ BATON_TLS_CA_FILE: join(dir, 'missing.crt') })).toThrow(
      'BATON_TLS_CA_FILE: cannot read',
    );
  });
});
