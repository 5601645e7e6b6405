import { DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { decodeMessage, protobufEventMapper, topicForStream } from '@baton/event-wire';
import { noStream, openPostgresEventStore, postgresSslFromEnv, type RecordedEvent } from '@baton/eventstore';
import { KafkaMessageBus, kafkaSecurityFromEnv } from '@baton/messaging';
import {
  describeWithSecureServers,
  makeClientCertificate,
  makeTestCertificates,
  startSecureKafka,
  startSecurePostgres,
  type SecureKafka,
  type SecurePostgres,
} from '@baton/testing';
import { logLevel } from 'kafkajs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { BatonClients, sameAddress } from './baton-clients';
import { freePort, ServiceProcess } from './processes/service-process';
import { eventually } from './scenarios';

jest.setTimeout(120_000);

const CALLBACK = `id: callback
name: Call the customer back
category: operational
steps:
  - id: call-back
    owner: { team: sales }
handoffs:
  - { from: start, to: call-back }
  - { from: call-back, to: end, on: completed }
`;

// A PostgreSQL that takes only TLS with a SCRAM-SHA-256 password, and a Kafka broker whose only
// client listener is SASL_SSL with SCRAM-SHA-512, both started for this file with certificates
// made now. Baton is configured through the same BATON_PG_SSL* / BATON_KAFKA_* variables a
// deployment sets (docs/security.md, "Running with TLS").
describeWithSecureServers('Baton against PostgreSQL and Kafka that require TLS and SCRAM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-secure-'));
  let pg: SecurePostgres;
  let kafka: SecureKafka;
  /** The settings of docs/security.md, "Running with TLS". */
  let env: Record<string, string>;
  /** A client certificate from a CA neither server trusts, for the certificate-user role. */
  let stranger: { certFile: string; keyFile: string };
  const buses: KafkaMessageBus[] = [];

  /** A bus as a service opens it, from `settings` (the good ones unless changed). */
  const bus = (settings: Record<string, string> = env) => {
    const b = new KafkaMessageBus({
      brokers: [kafka.address],
      clientId: 'secure-servers-e2e',
      security: kafkaSecurityFromEnv(settings),
      // A refused client fails fast (the idempotent producer needs at least one retry).
      retry: { retries: 1, initialRetryTime: 100 },
      logLevel: logLevel.NOTHING,
      fetchMaxWaitMs: 100,
    });
    buses.push(b);
    return b;
  };
  const store = (settings: Record<string, string> = env, url = pg.url) =>
    openPostgresEventStore({
      connectionString: url,
      schema: 'secure_e2e',
      ssl: postgresSslFromEnv(settings),
    });

  beforeAll(async () => {
    const timed = async <T>(what: string, start: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const server = await start();
      process.stderr.write(
        `[secure-servers] ${what} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      );
      return server;
    };
    [pg, kafka] = await Promise.all([
      timed('PostgreSQL (hostssl, SCRAM-SHA-256)', startSecurePostgres),
      timed('Kafka (SASL_SSL, SCRAM-SHA-512)', startSecureKafka),
    ]);
    const strangers = join(dir, 'stranger');
    mkdirSync(strangers);
    stranger = await makeClientCertificate(
      strangers,
      await makeTestCertificates(strangers, 'Stranger CA'),
      pg.certUser.name,
    );
    const passwordFile = join(dir, 'kafka-password');
    writeFileSync(passwordFile, `${kafka.password}\n`);
    env = {
      DATABASE_URL: pg.url,
      BATON_PG_SSL: 'verify-full',
      BATON_PG_SSL_CA_FILE: pg.caFile,
      KAFKA_BROKERS: kafka.address,
      BATON_KAFKA_CA_FILE: kafka.caFile,
      BATON_KAFKA_SASL_MECHANISM: kafka.mechanism,
      BATON_KAFKA_SASL_USERNAME: kafka.username,
      BATON_KAFKA_SASL_PASSWORD_FILE: passwordFile,
    };
  });

  afterAll(async () => {
    for (const b of buses) await b.close().catch(() => undefined);
    await Promise.allSettled([pg?.stop(), kafka?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('PostgreSQL', () => {
    it('holds the event store over TLS: an append is read back, on an encrypted connection', async () => {
      const events = await store();
      try {
        await events.append('secure-1', [{ eventId: uuidv7(), type: 'Checked', data: { n: 1 } }], noStream);
        const read = await events.readStream('secure-1');
        expect(read.map((e) => [e.type, e.data])).toEqual([['Checked', { n: 1 }]]);
      } finally {
        await events.close();
      }
      // What the server says about a connection made with the same settings.
      const client = new Client({ connectionString: pg.url, ssl: postgresSslFromEnv(env) });
      await client.connect();
      try {
        const { rows } = await client.query<{ ssl: boolean; version: string }>(
          'select ssl, version from pg_stat_ssl where pid = pg_backend_pid()',
        );
        expect(rows[0]?.ssl).toBe(true);
        expect(rows[0]?.version).toMatch(/^TLSv1\.[23]$/);
      } finally {
        await client.end();
      }
    });

    it('refuses a connection without TLS, with a wrong password, or that does not trust its CA', async () => {
      await expect(store({ ...env, BATON_PG_SSL: 'off' })).rejects.toThrow(
        /no pg_hba\.conf entry for host "127\.0\.0\.1".*no encryption/,
      );
      const wrongPassword = pg.url.replace(encodeURIComponent(pg.password), 'not-the-password');
      await expect(store(env, wrongPassword)).rejects.toThrow(
        `password authentication failed for user "${pg.user}"`,
      );
      // verify-full against the system's roots: the run's own CA is not among them.
      await expect(store({ BATON_PG_SSL: 'verify-full' })).rejects.toThrow(
        /unable to verify the first certificate|self-signed certificate in certificate chain/,
      );
    });

    it('lets a role in by its client certificate, and not without one or with one its CA did not sign', async () => {
      const whoAmI = async (settings: Record<string, string>) => {
        const client = new Client({
          connectionString: `postgres://${pg.certUser.name}@${pg.host}:${pg.port}/postgres`,
          ssl: postgresSslFromEnv(settings),
        });
        await client.connect();
        try {
          return (await client.query<{ who: string }>('select current_user as who')).rows[0]?.who;
        } finally {
          await client.end();
        }
      };
      const withCert = (cert: { certFile: string; keyFile: string }) => ({
        ...env,
        BATON_PG_SSL_CERT_FILE: cert.certFile,
        BATON_PG_SSL_KEY_FILE: cert.keyFile,
      });
      expect(await whoAmI(withCert(pg.certUser))).toBe(pg.certUser.name);
      await expect(whoAmI(env)).rejects.toThrow('connection requires a valid client certificate');
      await expect(whoAmI(withCert(stranger))).rejects.toThrow('alert unknown ca');
    });
  });

  describe('Kafka', () => {
    it("round-trips a message through Baton's bus over SASL_SSL", async () => {
      const topic = 'secure.round-trip';
      const producer = bus();
      await producer.ensureTopics([{ topic, numPartitions: 1 }]);
      const received: string[] = [];
      await bus().subscribe({
        topic,
        groupId: 'secure-round-trip',
        fromBeginning: true,
        handler: async (m) => void received.push(m.value.toString()),
      });
      await producer.publish(topic, [{ key: 'k', value: Buffer.from('over TLS'), headers: {} }]);
      await eventually('the message back', async () => (received.length > 0 ? true : undefined), 20_000);
      expect(received).toEqual(['over TLS']);
    });

    it('refuses a wrong SCRAM password, a client without TLS and one that does not trust its CA', async () => {
      const message = [{ key: 'k', value: Buffer.from('x'), headers: {} }];
      await expect(
        bus({ ...env, BATON_KAFKA_SASL_PASSWORD_FILE: '', BATON_KAFKA_SASL_PASSWORD: 'wrong' }).publish(
          'secure.refused',
          message,
        ),
      ).rejects.toThrow(/SASL SCRAM SHA512 authentication failed.*invalid credentials/);
      await expect(bus({}).publish('secure.refused', message)).rejects.toThrow('Closed connection');
      const { BATON_KAFKA_CA_FILE: _ca, ...systemRoots } = env;
      await expect(
        bus({ ...systemRoots, BATON_KAFKA_TLS: 'true' }).publish('secure.refused', message),
      ).rejects.toThrow('unable to verify the first certificate');
    });
  });

  it('runs execution and analytics as their own processes on both, configured by the environment', async () => {
    const service = async (name: string) =>
      new ServiceProcess(name, await freePort(), {
        ...env,
        BATON_STORE: 'postgres',
        BATON_BUS: 'kafka',
        BATON_KAFKA_PARTITIONS: '1',
      });
    const execution = await service('execution');
    const analytics = await service('analytics');
    const events = bus();
    const seen: RecordedEvent[] = [];
    let clients: BatonClients | undefined;
    try {
      await Promise.all([execution.start(), analytics.start()]);
      await events.subscribe({
        topic: EXECUTION_EVENTS_TOPIC,
        groupId: 'secure-execution-events',
        fromBeginning: true,
        handler: async (m) => void seen.push(decodeMessage(m)),
      });
      // The definition service's event, as its relay publishes it.
      const published: RecordedEvent = {
        eventId: uuidv7(),
        streamId: 'definition-callback',
        streamVersion: 1,
        globalPosition: 1n,
        type: 'DefinitionVersionPublished',
        data: {
          definitionId: 'callback',
          version: 1,
          contentSha256: '0'.repeat(64),
          source: { format: 'yaml', text: CALLBACK },
          findings: [],
        },
        metadata: { actor: 'author' },
        occurredAt: new Date(),
        recordedAt: new Date(),
        schemaVersion: 1,
      };
      const message = protobufEventMapper((e) => topicForStream(e.streamId))(published);
      if (message?.topic !== DEFINITION_EVENTS_TOPIC) throw new Error('not a definition event');
      await events.publish(message.topic, [message]);

      const baton = new BatonClients({
        ...sameAddress(execution.address),
        analytics: analytics.address,
      });
      clients = baton;
      const started = await eventually(
        'execution learned the definition and started an instance',
        () => baton.startInstance('callback', 'customer-42', {}),
        30_000,
      );
      const instanceId = started.instance?.instanceId ?? '';
      expect((await baton.getInstance(instanceId)).activations.map((a) => a.stepId)).toEqual(['call-back']);
      // Stored in PostgreSQL over TLS, then relayed to Kafka over SASL_SSL.
      await eventually(
        'InstanceStarted on the execution events topic',
        async () => (seen.some((e) => e.streamId === `instance-${instanceId}`) ? true : undefined),
        30_000,
      );
      // Analytics read it from the topic into its read models, on PostgreSQL over TLS.
      const trail = await eventually(
        'the instance in analytics’ audit trail',
        async () => {
          const entries = await baton.auditTrail(instanceId);
          return entries.length > 0 ? entries : undefined;
        },
        30_000,
      );
      expect(trail[0]?.event?.type).toBe('InstanceStarted');
    } finally {
      clients?.close();
      await Promise.all([execution.stop(), analytics.stop()]);
    }
  });
});
