import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
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

async function waitUntilReady(address: string, exited: () => boolean, logFile: string): Promise<void> {
  // kafkajs logs every refused connection at ERROR; while polling those are expected.
  const kafka = new Kafka({
    brokers: [address],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
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

async function launch(java: string, classPath: string): Promise<StartedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-kafka-'));
  const [brokerPort = 0, controllerPort = 0] = await freePorts(2);
  const serverProps = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(
    serverProps,
    renderServerProperties({ brokerPort, controllerPort, logDir: join(dir, 'data') }),
  );
  writeFileSync(log4j, renderLog4jProperties());
  const archive = cdsArchivePath(java);
  const haveArchive = existsSync(archive);
  const pending = `${archive}.${process.pid}.tmp`;
  const common = ['-cp', classPath, `-Dlog4j.configuration=file:${log4j}`];
  try {
    await run(
      java,
      [
        ...jvmOptions({ use: haveArchive ? archive : undefined }),
        ...common,
        'kafka.tools.StorageTool',
        'format',
        ...['-t', newClusterId(), '-c', serverProps, '--ignore-formatted'],
      ],
      { label: `${java} kafka.tools.StorageTool format` },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const logFile = join(dir, 'broker.log');
  const logFd = openSync(logFile, 'a');
  // Writing the archive adds ~2.5 s to this broker's stop and pays off from the next run on; a CI
  // machine starts bare every time, so there it would be pure cost.
  const jvm = jvmOptions(haveArchive ? { use: archive } : isCi() ? {} : { create: pending });
  const child = spawn(java, ['-Xmx512m', ...jvm, ...common, 'kafka.Kafka', serverProps], {
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
  if (spawned || child.pid === undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw spawned ?? new Error('java did not start');
  }
  const watchdog = startWatchdog(child.pid, 'TERM', dir);
  let ready = false;
  const stop = async (): Promise<void> => {
    watchdog.disarm();
    await stopChild(child, 'SIGTERM', STOP_GRACE_MS);
    // The JVM writes the class-data archive as it exits; publish it only when complete (not
    // killed) and made by a broker that got all the way up (so it holds all the start's classes).
    if (ready && existsSync(pending) && child.exitCode !== null) renameSync(pending, archive);
    rmSync(pending, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  const address = `127.0.0.1:${brokerPort}`;
  try {
    await waitUntilReady(address, () => exited, logFile);
    ready = true;
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, display: address, via: `local launcher (${KAFKA_VERSION})`, stop };
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
  let server: StartedServer;
  try {
    server = await launch(java, classPath);
  } catch (err) {
    if (!/BindException|Address already in use/.test(String(err))) throw err;
    server = await launch(java, classPath);
  }
  if (downloaded) server.note = `incl. ${fetchSeconds.toFixed(1)} s jar download`;
  return server;
}
