import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { isCi } from './env';
import { freePorts } from './free-port';
import {
  jvmOptions,
  KAFKA_VERSION,
  newClusterId,
  renderLog4jProperties,
  renderServerProperties,
} from './kafka-config';
import { cdsArchivePath, ensureJars, findJava } from './kafka-runtime';
import { run, startWatchdog, stopChild, tail } from './processes';
import type { StartedServer } from './provision';

const START_TIMEOUT_MS = Number(process.env['BATON_KAFKA_START_TIMEOUT_MS'] ?? 60_000);
const STOP_GRACE_MS = 15_000;

/** TLS and SASL settings of a kafkajs client. */
type ClientSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/**
 * What secures a node: settings of its listeners (given its ports), arguments of the storage
 * format (SCRAM users are created there, before the first start) and how a client gets in.
 */
export interface SecuredNodeSetup {
  serverProperties(ports: {
    brokerPort: number;
    controllerPort: number;
  }): Readonly<Record<string, string | number | boolean>>;
  formatArgs: readonly string[];
  client: ClientSecurity;
}

/** Makes a node's security (certificates and all) in the node's dir, which the broker's stop removes. */
export type SecureNode = (nodeDir: string) => Promise<SecuredNodeSetup>;

async function waitUntilReady(
  address: string,
  exited: () => boolean,
  logFile: string,
  security: ClientSecurity = {},
): Promise<void> {
  // kafkajs logs every refused connection at ERROR; while polling those are expected.
  const kafka = new Kafka({
    brokers: [address],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
    ...security,
  });
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited()) throw new Error(`Kafka exited during start.\nLog tail:\n${tail(logFile)}`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      // Looking up a group's coordinator makes the broker create __consumer_offsets now, rather
      // than under the first test's consumer, where kafkajs logs "group coordinator is not
      // available" at ERROR while it retries.
      if (cluster.brokers.length > 0 && (await admin.describeGroups(['baton-warm-up']))) return;
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (performance.now() > deadline) {
      throw new Error(`Kafka not ready after ${START_TIMEOUT_MS} ms.\nLog tail:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A formatted single-node KRaft broker in its own temp dir; its process may or may not run. */
interface BrokerNode {
  readonly java: string;
  readonly classPath: string;
  readonly dir: string;
  readonly serverProps: string;
  readonly log4j: string;
  readonly logFile: string;
  readonly address: string;
  /** How the readiness probe connects (plaintext when empty). */
  readonly client: ClientSecurity;
}

/** Picks ports, writes the config and formats the storage; removes the dir if that fails. */
async function prepareNode(java: string, classPath: string, secure?: SecureNode): Promise<BrokerNode> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-kafka-'));
  const [brokerPort = 0, controllerPort = 0] = await freePorts(2);
  const serverProps = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  const archive = cdsArchivePath(java);
  let secured: SecuredNodeSetup | undefined;
  try {
    secured = secure ? await secure(dir) : undefined;
    writeFileSync(
      serverProps,
      renderServerProperties({
        brokerPort,
        controllerPort,
        logDir: join(dir, 'data'),
        ...(secured ? { overrides: secured.serverProperties({ brokerPort, controllerPort }) } : {}),
      }),
    );
    writeFileSync(log4j, renderLog4jProperties());
    await run(
      java,
      [
        ...jvmOptions({ use: existsSync(archive) ? archive : undefined }),
        ...['-cp', classPath, `-Dlog4j.configuration=file:${log4j}`],
        'kafka.tools.StorageTool',
        'format',
        ...['-t', newClusterId(), '-c', serverProps, '--ignore-formatted'],
        ...(secured?.formatArgs ?? []),
      ],
      { label: `${java} kafka.tools.StorageTool format` },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const logFile = join(dir, 'broker.log');
  const address = `127.0.0.1:${brokerPort}`;
  return { java, classPath, dir, serverProps, log4j, logFile, address, client: secured?.client ?? {} };
}

/** A running broker process of a node. */
interface BrokerProcess {
  /** Ends the process (SIGTERM, then SIGKILL after a grace period); leaves the node's dir. */
  stop(): Promise<void>;
  /** Whether the process exited by itself or on SIGTERM, rather than being killed. */
  exitedCleanly(): boolean;
}

/**
 * Starts the broker of `node` and waits until it serves. If this process dies, a watchdog stops
 * the broker and removes the node's dir. On a failed start the process is stopped (dir kept).
 */
async function runBroker(node: BrokerNode, cds: { use?: string; create?: string }): Promise<BrokerProcess> {
  const logFd = openSync(node.logFile, 'a');
  const args = ['-cp', node.classPath, `-Dlog4j.configuration=file:${node.log4j}`];
  const child = spawn(node.java, ['-Xmx512m', ...jvmOptions(cds), ...args, 'kafka.Kafka', node.serverProps], {
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  child.unref(); // a missed teardown must not keep Jest alive; the watchdog still cleans up
  let exited = false;
  child.once('exit', () => (exited = true));
  const spawned = await new Promise<Error | undefined>((res) => {
    child.once('spawn', () => res(undefined));
    child.once('error', res);
  });
  if (spawned || child.pid === undefined) throw spawned ?? new Error('java did not start');
  const watchdog = startWatchdog(child.pid, 'TERM', node.dir);
  const broker: BrokerProcess = {
    async stop() {
      watchdog.disarm();
      await stopChild(child, 'SIGTERM', STOP_GRACE_MS);
    },
    exitedCleanly: () => child.exitCode !== null,
  };
  try {
    await waitUntilReady(node.address, () => exited, node.logFile, node.client);
  } catch (err) {
    await broker.stop();
    throw err;
  }
  return broker;
}

async function launch(java: string, classPath: string): Promise<StartedServer> {
  const node = await prepareNode(java, classPath);
  const archive = cdsArchivePath(java);
  const haveArchive = existsSync(archive);
  const pending = `${archive}.${process.pid}.tmp`;
  // Writing the archive adds ~2.5 s to this broker's stop and pays off from the next run on; a CI
  // machine starts bare every time, so there it would be pure cost.
  const cds = haveArchive ? { use: archive } : isCi() ? {} : { create: pending };
  let broker: BrokerProcess;
  try {
    broker = await runBroker(node, cds);
  } catch (err) {
    rmSync(pending, { force: true });
    rmSync(node.dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async (): Promise<void> => {
    await broker.stop();
    // The JVM writes the class-data archive as it exits; publish it only when complete (not
    // killed) and made by a broker that got all the way up (so it holds all the start's classes).
    if (existsSync(pending) && broker.exitedCleanly()) renameSync(pending, archive);
    rmSync(pending, { force: true });
    rmSync(node.dir, { recursive: true, force: true });
  };
  const { address } = node;
  return { address, display: address, via: `local launcher (${KAFKA_VERSION})`, stop };
}

/** Retries once when the broker lost the race for its port. */
async function withPortRetry<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (!/BindException|Address already in use/.test(String(err))) throw err;
    return start();
  }
}

/**
 * Starts a single-node KRaft broker from the cached Maven jars in a fresh temp dir. The port is
 * picked before the broker binds it, so a lost race for the port gets one more try.
 */
export async function startLocalKafka(): Promise<StartedServer> {
  const java = findJava();
  const t0 = performance.now();
  const { classPath, downloaded } = await ensureJars();
  const fetchSeconds = (performance.now() - t0) / 1000;
  const server = await withPortRetry(() => launch(java, classPath));
  if (downloaded) server.note = `incl. ${fetchSeconds.toFixed(1)} s jar download`;
  return server;
}

/** A local broker that a test can take down and bring back, as a broker restart in production. */
export interface RestartableKafka extends StartedServer {
  /** Stops the broker process (SIGTERM, as an orderly shutdown); its port and data stay. */
  stopBroker(): Promise<void>;
  /** Starts the broker again on the same port and data dir; resolves once it serves. */
  startBroker(): Promise<void>;
  /** Whether the broker process is running. */
  readonly running: boolean;
}

/**
 * Starts a dedicated single-node broker (not the harness's shared one, which other test files
 * use at the same time) that can be stopped and started again with its data. `stop()` ends it
 * for good and removes its dir. Needs Java and the jars, as {@link startLocalKafka}.
 */
export async function startRestartableKafka(): Promise<RestartableKafka> {
  const java = findJava();
  const { classPath } = await ensureJars();
  const archive = cdsArchivePath(java);
  const cds = () => (existsSync(archive) ? { use: archive } : {});
  const { node, first } = await withPortRetry(async () => {
    const prepared = await prepareNode(java, classPath);
    try {
      return { node: prepared, first: await runBroker(prepared, cds()) };
    } catch (err) {
      rmSync(prepared.dir, { recursive: true, force: true });
      throw err;
    }
  });
  let broker: BrokerProcess | undefined = first;
  return {
    address: node.address,
    display: node.address,
    via: `local launcher (${KAFKA_VERSION}, restartable)`,
    get running() {
      return broker !== undefined;
    },
    async stopBroker() {
      const current = broker;
      broker = undefined;
      await current?.stop();
    },
    async startBroker() {
      if (broker) return;
      // The old process released the port on exit; another process could take it meanwhile, so
      // a bind failure is retried for a while rather than picking a new port (clients keep theirs).
      const deadline = performance.now() + START_TIMEOUT_MS;
      for (;;) {
        try {
          broker = await runBroker(node, cds());
          return;
        } catch (err) {
          if (!/BindException|Address already in use/.test(String(err))) throw err;
          if (performance.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
    async stop() {
      const current = broker;
      broker = undefined;
      await current?.stop();
      rmSync(node.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a dedicated single-node broker (not the shared one) whose client listener is secured as
 * `secure` makes it (TLS, SASL), in a fresh temp dir that `stop()` (or the watchdog, should this
 * process die) removes with the certificates in it. Needs Java and the jars.
 */
export async function startSecuredKafka(secure: SecureNode): Promise<StartedServer> {
  const java = findJava();
  const { classPath } = await ensureJars();
  const archive = cdsArchivePath(java);
  const { node, broker } = await withPortRetry(async () => {
    const prepared = await prepareNode(java, classPath, secure);
    try {
      return {
        node: prepared,
        broker: await runBroker(prepared, existsSync(archive) ? { use: archive } : {}),
      };
    } catch (err) {
      rmSync(prepared.dir, { recursive: true, force: true });
      throw err;
    }
  });
  return {
    address: node.address,
    display: node.address,
    via: `local launcher (${KAFKA_VERSION}, secured)`,
    async stop() {
      await broker.stop();
      rmSync(node.dir, { recursive: true, force: true });
    },
  };
}
