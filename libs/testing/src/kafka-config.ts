import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The broker version the local launcher runs (the last 3.x line: runs on Java 17, log4j 1 API). */
export const KAFKA_VERSION = '3.9.1';

/** Where scripts/fetch-kafka.sh puts the broker jars (and where the class-data archive lives). */
export function kafkaCacheDir(env: Record<string, string | undefined> = process.env): string {
  const root = env['BATON_CACHE_DIR'] || join(homedir(), '.cache', 'baton');
  return join(root, `kafka-${KAFKA_VERSION}`);
}

export interface KafkaNodeConfig {
  brokerPort: number;
  controllerPort: number;
  logDir: string;
  /** Settings that replace or add to the defaults, e.g. a secured listener (see secure-kafka.ts). */
  overrides?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A single KRaft node acting as broker and controller. 127.0.0.1 rather than localhost so the
 * advertised address never resolves to ::1 while the broker listens on IPv4 only.
 */
export function renderServerProperties({
  brokerPort,
  controllerPort,
  logDir,
  overrides = {},
}: KafkaNodeConfig): string {
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${brokerPort}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': logDir,
    // Tests exercise partitioning, so auto-created topics get more than one partition.
    'num.partitions': 3,
    // One node: every internal topic must make do with one replica, and few partitions make
    // their creation (on first consumer group / first transaction) quick.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    // The default 3 s delay before the first rebalance only helps groups of many members.
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,
  };
  const lines = Object.entries({ ...props, ...overrides }).map(([key, value]) => `${key}=${value}`);
  return `${lines.join('\n')}\n`;
}

/** Warnings and errors only: the log exists to explain a failed start, not to be read daily. */
export function renderLog4jProperties(): string {
  return [
    'log4j.rootLogger=WARN, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

/** A KRaft cluster id: any 16 random bytes, base64url without padding (22 characters). */
export function newClusterId(): string {
  // One id in 64 would start with '-', which kafka-storage's argument parser takes for an option.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * JVM options for a fast start of a short-lived broker on a small machine: C1 only (the broker
 * lives for one test run, C2 compilation would compete with it for the two cores), the serial
 * collector (no GC threads to start), no perf-data file in /tmp. `cds` is an application
 * class-data archive: loading pre-parsed classes roughly halves start-up.
 */
export function jvmOptions(cds: { use?: string; create?: string }): string[] {
  const options = [
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
  ];
  if (cds.use) options.push(`-XX:SharedArchiveFile=${cds.use}`);
  else if (cds.create) options.push(`-XX:ArchiveClassesAtExit=${cds.create}`);
  return options;
}
