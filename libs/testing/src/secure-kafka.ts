import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSecuredKafka } from './kafka-launcher';
import { makeTestCertificates } from './test-certificates';

/** A broker whose only client listener is SASL_SSL with SCRAM-SHA-512. */
export interface SecureKafka {
  /** host:port of the SASL_SSL listener. */
  readonly address: string;
  /** The CA that signed the broker's certificate (for `BATON_KAFKA_CA_FILE`). */
  readonly caFile: string;
  readonly mechanism: 'scram-sha-512';
  /** A SCRAM user for clients (the broker has its own, `admin`, between its listeners). */
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

const MECHANISM = 'SCRAM-SHA-512';

/**
 * Starts a dedicated KRaft broker (own ports and dir, not the shared one) that requires what a
 * production cluster would: TLS with a certificate made for the run, and SASL/SCRAM-SHA-512
 * credentials, on its one client listener. The SCRAM users are created when the storage is
 * formatted (`--add-scram`), so the broker needs no plaintext door to create them. The
 * controller listener stays plaintext on loopback: it serves the KRaft quorum, not clients.
 */
export async function startSecureKafka(): Promise<SecureKafka> {
  const username = 'baton';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const adminPassword = `pw-${Math.random().toString(36).slice(2)}`;
  let caFile = '';
  const server = await startSecuredKafka(async (dir) => {
    const certs = await makeTestCertificates(dir);
    caFile = certs.caFile;
    // A PEM key store: the private key (unencrypted PKCS#8) followed by its certificate.
    const keystore = join(dir, 'keystore.pem');
    writeFileSync(keystore, readFileSync(certs.keyFile, 'utf8') + readFileSync(certs.certFile, 'utf8'));
    return {
      serverProperties: ({ brokerPort, controllerPort }) => ({
        listeners: `SASL_SSL://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
        'advertised.listeners': `SASL_SSL://127.0.0.1:${brokerPort}`,
        'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
        'inter.broker.listener.name': 'SASL_SSL',
        'sasl.enabled.mechanisms': MECHANISM,
        'sasl.mechanism.inter.broker.protocol': MECHANISM,
        'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${adminPassword}";`,
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': keystore,
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': certs.caFile,
      }),
      formatArgs: [
        ...['--add-scram', `${MECHANISM}=[name=admin,password=${adminPassword}]`],
        ...['--add-scram', `${MECHANISM}=[name=${username},password=${password}]`],
      ],
      client: {
        ssl: { ca: [readFileSync(certs.caFile, 'utf8')] },
        sasl: { mechanism: 'scram-sha-512', username, password },
      },
    };
  });
  return {
    address: server.address,
    caFile,
    mechanism: 'scram-sha-512',
    username,
    password,
    stop: () => server.stop(),
  };
}
