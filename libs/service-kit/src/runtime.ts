import {
  openKurrentDbEventStore,
  openPostgresEventStore,
  openSqliteEventStore,
  type CheckpointStore,
  type EventStore,
} from '@baton/eventstore';
import { EVENT_TOPICS, TRIGGERS_DLQ_TOPIC, TRIGGERS_TOPIC } from '@baton/contracts';
import {
  ensureTopics,
  InProcessMessageBus,
  KafkaMessageBus,
  kafkaSecurityFromEnv,
  type MessageBus,
} from '@baton/messaging';
import { tracedBus } from '@baton/telemetry';
import { Kafka, logLevel } from 'kafkajs';
import { join, resolve } from 'node:path';
import { systemClock, type Clock } from './clock';

/** Key of the stores' hash chain (`BATON_AUDIT_CHAIN_KEY`): a secret, never logged. */
type ChainKey = { readonly chainKey?: string };

export type StoreConfig =
  | ({ readonly kind: 'sqlite'; readonly file: string } & ChainKey)
  | ({ readonly kind: 'postgres'; readonly url: string; readonly schema: string } & ChainKey)
  | { readonly kind: 'kurrentdb'; readonly url: string };

export type BusConfig =
  | { readonly kind: 'in-process' }
  | {
      readonly kind: 'kafka';
      readonly brokers: readonly string[];
      readonly clientId: string;
      /** Before every topic and consumer group name on the cluster (`BATON_KAFKA_TOPIC_PREFIX`). */
      readonly topicPrefix?: string;
    };

/** Which store and bus a process uses. */
export interface RuntimeConfig {
  readonly store: StoreConfig;
  readonly bus: BusConfig;
  /** The service (or `baton` for the embedded host): names its telemetry. */
  readonly service?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the runtime of one service (or of the embedded host, `service = 'baton'`) from the
 * environment:
 * - `BATON_STORE` = `sqlite` (default; file `BATON_DATA_DIR`/`<service>.db`, data dir default
 *   `./data`), `postgres` (`DATABASE_URL`, schema `BATON_PG_SCHEMA` or `baton_<service>`) or
 *   `kurrentdb` (`KURRENTDB_URL`);
 * - `BATON_BUS` = `in-process` (default unless `KAFKA_BROKERS` is set) or `kafka` (`KAFKA_BROKERS`,
 *   comma-separated; `BATON_KAFKA_TOPIC_PREFIX` before every topic and group name, for deployments
 *   or test runs sharing a cluster);
 * - `BATON_AUDIT_CHAIN_KEY`: when set, the SQLite and PostgreSQL stores link events with
 *   HMAC-SHA-256 under this key instead of plain SHA-256 (docs/adr/0013-tamper-evident-audit.md).
 * Missing settings fail with a message naming the variable.
 */
export function runtimeConfigFromEnv(service: string, env: Env = process.env): RuntimeConfig {
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required for BATON_STORE/BATON_BUS as configured`);
    return value;
  };
  const storeKind = env['BATON_STORE'] || 'sqlite';
  const chainKey = env['BATON_AUDIT_CHAIN_KEY']?.trim();
  const keyed: ChainKey = chainKey ? { chainKey } : {};
  let store: StoreConfig;
  if (storeKind === 'sqlite') {
    store = {
      kind: 'sqlite',
      file: join(resolve(env['BATON_DATA_DIR'] || 'data'), `${service}.db`),
      ...keyed,
    };
  } else if (storeKind === 'postgres') {
    store = {
      kind: 'postgres',
      url: need('DATABASE_URL'),
      schema: env['BATON_PG_SCHEMA'] || `baton_${service}`,
      ...keyed,
    };
  } else if (storeKind === 'kurrentdb') {
    store = { kind: 'kurrentdb', url: need('KURRENTDB_URL') };
  } else {
    throw new Error(`BATON_STORE must be sqlite, postgres or kurrentdb, not "${storeKind}"`);
  }
  const busKind = env['BATON_BUS'] || (env['KAFKA_BROKERS'] ? 'kafka' : 'in-process');
  let bus: BusConfig;
  if (busKind === 'in-process') bus = { kind: 'in-process' };
  else if (busKind === 'kafka') {
    const brokers = need('KAFKA_BROKERS')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    const topicPrefix = env['BATON_KAFKA_TOPIC_PREFIX']?.trim();
    bus = { kind: 'kafka', brokers, clientId: `baton-${service}`, ...(topicPrefix ? { topicPrefix } : {}) };
  } else throw new Error(`BATON_BUS must be in-process or kafka, not "${busKind}"`);
  return { store, bus, service };
}

/** The ports a service runs on, opened from a {@link RuntimeConfig}. */
export interface Runtime {
  readonly config: RuntimeConfig;
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly bus: MessageBus;
  readonly clock: Clock;
  /** Closes the bus, then the store. */
  close(): Promise<void>;
}

/** Opens the store (migrating it) and the bus. */
export async function openRuntime(
  config: RuntimeConfig,
  options: { readonly clock?: Clock; readonly bus?: MessageBus } = {},
): Promise<Runtime> {
  const store = await openStore(config.store);
  if (config.bus.kind === 'kafka' && !options.bus) await ensureBatonTopics(config.bus);
  // With telemetry on, publishes and deliveries get messaging spans (the bus is returned as is when off).
  const bus = tracedBus(
    options.bus ??
      (config.bus.kind === 'kafka'
        ? new KafkaMessageBus({
            brokers: config.bus.brokers,
            clientId: config.bus.clientId,
            ...(config.bus.topicPrefix ? { topicPrefix: config.bus.topicPrefix } : {}),
          })
        : new InProcessMessageBus()),
    config.service ?? 'baton',
  );
  return {
    config,
    store,
    checkpoints: store.checkpoints,
    bus,
    clock: options.clock ?? systemClock,
    async close() {
      await bus.close();
      await store.close();
    },
  };
}

/**
 * Creates Baton's topics when missing, so consumers can subscribe before anything was published.
 * Partitions (`BATON_KAFKA_PARTITIONS`, default 6) bound how many members of a consumer group
 * share the work; replication (`BATON_KAFKA_REPLICATION`, default 1) must be 3 in production.
 */
async function ensureBatonTopics(bus: Extract<BusConfig, { kind: 'kafka' }>, env: Env = process.env) {
  const numPartitions = Number(env['BATON_KAFKA_PARTITIONS'] || 6);
  const replicationFactor = Number(env['BATON_KAFKA_REPLICATION'] || 1);
  const kafka = new Kafka({
    brokers: [...bus.brokers],
    clientId: `${bus.clientId}-admin`,
    logLevel: logLevel.WARN,
    ...kafkaSecurityFromEnv(env),
  });
  await ensureTopics(kafka, [
    ...[...Object.values(EVENT_TOPICS), TRIGGERS_TOPIC].map((topic) => ({
      topic: `${bus.topicPrefix ?? ''}${topic}`,
      numPartitions,
      replicationFactor,
    })),
    { topic: `${bus.topicPrefix ?? ''}${TRIGGERS_DLQ_TOPIC}`, numPartitions: 1, replicationFactor },
  ]);
}

function openStore(config: StoreConfig): Promise<EventStore & { readonly checkpoints: CheckpointStore }> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteEventStore({ file: config.file, chainKey: config.chainKey });
    case 'postgres':
      return openPostgresEventStore({
        connectionString: config.url,
        schema: config.schema,
        chainKey: config.chainKey,
      });
    case 'kurrentdb':
      return openKurrentDbEventStore({ connectionString: config.url });
  }
}
