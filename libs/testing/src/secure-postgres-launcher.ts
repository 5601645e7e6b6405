import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { asServerUser, findBinDir } from './postgres-launcher';
import { run, startWatchdog, tail } from './processes';
import { makeClientCertificate, makeTestCertificates } from './test-certificates';

/** A PostgreSQL that takes only TLS connections with a SCRAM-SHA-256 password. */
export interface SecurePostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`, without TLS parameters. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The CA that signed the server's certificate (for `BATON_PG_SSL_CA_FILE`). */
  readonly caFile: string;
  /**
   * A role that logs in with a client certificate instead of a password (pg_hba `cert`), and
   * that certificate, signed by the same CA (for `BATON_PG_SSL_CERT_FILE` / `_KEY_FILE`).
   */
  readonly certUser: { readonly name: string; readonly certFile: string; readonly keyFile: string };
  stop(): Promise<void>;
}

const CERT_USER = 'baton_mtls';

/**
 * Starts a throwaway cluster of its own (not the harness's shared one) in a fresh temp dir on a
 * free port, that requires what a production database would: `ssl=on` with a certificate made
 * for the run, `hostssl` as the only pg_hba.conf line (a plaintext connection has no entry), and
 * SCRAM-SHA-256 password authentication; one role, {@link SecurePostgres.certUser}, logs in with a
 * client certificate instead. Durability off: the data dies with the test.
 */
export async function startSecurePostgres(): Promise<SecurePostgres> {
  const bin = findBinDir();
  const wrap = asServerUser();
  const exec = (file: string, args: string[]): Promise<string> => run(...wrap(join(bin, file), args));
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-tls-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const user = 'postgres';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  let port = 0;
  try {
    const certs = await makeTestCertificates(dir);
    const client = await makeClientCertificate(dir, certs, CERT_USER);
    // The server refuses a key that others can read; as root the server runs as postgres.
    chmodSync(certs.keyFile, 0o600);
    writeFileSync(join(dir, 'pwfile'), `${password}\n`);
    if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:', dir]);
    await exec('initdb', [
      ...['-D', data, '-U', user, '--pwfile', join(dir, 'pwfile')],
      ...['--auth-host=scram-sha-256', '--auth-local=scram-sha-256'],
      ...['-E', 'UTF8', '--locale=C', '--no-sync'],
    ]);
    rmSync(join(dir, 'pwfile'));
    writeFileSync(
      join(data, 'pg_hba.conf'),
      [`hostssl all ${CERT_USER} 127.0.0.1/32 cert`, 'hostssl all all 127.0.0.1/32 scram-sha-256', ''].join(
        '\n',
      ),
    );
    port = await freePort();
    const options = [
      `-p ${port}`,
      `-k '${dir}'`,
      '-c listen_addresses=127.0.0.1',
      '-c ssl=on',
      `-c ssl_cert_file='${certs.certFile}'`,
      `-c ssl_key_file='${certs.keyFile}'`,
      `-c ssl_ca_file='${certs.caFile}'`,
      '-c password_encryption=scram-sha-256',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    await exec('pg_ctl', ['-D', data, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\nLog tail:\n${tail(logFile)}`);
      },
    );
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const watchdog = startWatchdog(pid, 'INT', dir);
    const host = '127.0.0.1';
    const url = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
    const stop = async (): Promise<void> => {
      watchdog.disarm();
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
    await run(join(bin, 'psql'), [`${url}?sslmode=require`, '-qc', `CREATE ROLE ${CERT_USER} LOGIN`]).catch(
      async (err: unknown) => {
        await stop();
        throw err;
      },
    );
    return {
      url,
      host,
      port,
      user,
      password,
      caFile: certs.caFile,
      certUser: { name: CERT_USER, ...client },
      stop,
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
