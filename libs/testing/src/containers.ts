import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StartedServer } from './provision';

// @testcontainers/kafka drives Confluent's images only (it hooks their start scripts), so not the
// compose file's apache/kafka; Confluent Platform 7.9 carries Kafka 3.9, as the local launcher.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';
const POSTGRES_IMAGE = 'postgres:16-bookworm'; // as docker-compose.yml
const DOCKER_PROBE_TIMEOUT_MS = 5_000;

/** Places a Docker (or Docker Desktop, or rootless Docker) socket usually lives. */
function dockerHints(env = process.env): boolean {
  if (env['DOCKER_HOST'] || env['TESTCONTAINERS_HOST_OVERRIDE']) return true;
  const sockets = ['/var/run/docker.sock', join(homedir(), '.docker', 'run', 'docker.sock')];
  if (env['XDG_RUNTIME_DIR']) sockets.push(join(env['XDG_RUNTIME_DIR'], 'docker.sock'));
  return sockets.some((s) => existsSync(s));
}

let probe: Promise<boolean> | undefined;

/**
 * Whether a Docker engine answers. A file check first, because loading testcontainers is slow and
 * without an engine there is nothing to ask; then testcontainers itself, bounded by a timeout so
 * an unreachable DOCKER_HOST cannot stall the run.
 */
export function dockerAvailable(): Promise<boolean> {
  probe ??= (async () => {
    if (!dockerHints()) return false;
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DOCKER_PROBE_TIMEOUT_MS);
    });
    const answered = getContainerRuntimeClient().then(
      () => true,
      () => false,
    );
    const result = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    return result;
  })();
  return probe;
}

/** A KRaft broker in a container (testcontainers' Ryuk removes it if this process dies). */
export async function startKafkaContainer(): Promise<StartedServer> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    .withEnvironment({ KAFKA_NUM_PARTITIONS: '3' })
    .start();
  const address = `${container.getHost()}:${container.getMappedPort(9093)}`;
  return {
    address,
    display: address,
    via: `testcontainers (${KAFKA_IMAGE})`,
    async stop() {
      await container.stop();
    },
  };
}

/** PostgreSQL in a container; fsync off as for the local cluster, the data is throwaway. */
export async function startPostgresContainer(): Promise<StartedServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    .start();
  return {
    address: container.getConnectionUri(),
    display: `${container.getHost()}:${container.getPort()}`,
    via: `testcontainers (${POSTGRES_IMAGE})`,
    async stop() {
      await container.stop();
    },
  };
}
