import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';

/** PEM files of a throwaway CA and one server certificate it signed, for 127.0.0.1 and localhost. */
export interface TestCertificates {
  readonly caFile: string;
  /** The CA's private key: signs client certificates ({@link makeClientCertificate}). */
  readonly caKeyFile: string;
  readonly certFile: string;
  /** The server's private key, unencrypted PKCS#8. */
  readonly keyFile: string;
}

/**
 * Makes a CA and a server certificate with `openssl` in `dir`, valid for a day: tests of TLS
 * against real servers need certificates nobody else trusts, made fresh for the run.
 */
export async function makeTestCertificates(dir: string, caName = 'Baton test CA'): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { label: `openssl ${args[0] ?? ''}` });
  await openssl(
    'req',
    '-x509',
    ...['-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-keyout', file('ca.key'), '-out', file('ca.pem'), '-subj', `/CN=${caName}`],
  );
  await openssl(
    'req',
    ...['-newkey', 'rsa:2048', '-nodes'],
    ...['-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1'],
  );
  // Clients check the name they dialled against the subject alternative names, not the CN.
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    'x509',
    '-req',
    ...['-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial'],
    ...['-days', '1', '-extfile', file('server.ext'), '-out', file('server.pem')],
  );
  return {
    caFile: file('ca.pem'),
    caKeyFile: file('ca.key'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
  };
}

/** A client certificate for `commonName` that the CA of `certs` signed, as `{name}.pem` / `{name}.key` in `dir`. */
export async function makeClientCertificate(
  dir: string,
  certs: Pick<TestCertificates, 'caFile' | 'caKeyFile'>,
  commonName: string,
  name = `client-${commonName}`,
): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const openssl = (...args: string[]) => run('openssl', args, { label: `openssl ${args[0] ?? ''}` });
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    csr,
    '-subj',
    `/CN=${commonName}`,
  );
  await openssl(
    'x509',
    '-req',
    ...['-in', csr, '-CA', certs.caFile, '-CAkey', certs.caKeyFile, '-CAcreateserial'],
    ...['-days', '1', '-out', certFile],
  );
  return { certFile, keyFile };
}
