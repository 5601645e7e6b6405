import { relative } from 'node:path';
import { restartableKafkaAvailability } from './describe-with-restartable-kafka';
import { isCi, type Availability } from './env';
import { findBinDir } from './postgres-launcher';
import { which } from './processes';

/**
 * Whether this machine can run the dedicated TLS servers of `startSecurePostgres` and
 * `startSecureKafka`: openssl, the PostgreSQL server binaries, Java and the Kafka jars (or Maven).
 * Servers from DATABASE_URL, KAFKA_BROKERS or Docker do not count: the test configures these itself.
 */
export function secureServersAvailability(env = process.env): Availability {
  if (!which('openssl', env['PATH'] ?? '')) return { available: false, reason: 'openssl is not on PATH' };
  try {
    findBinDir(env);
  } catch (err) {
    return { available: false, reason: (err as Error).message };
  }
  const kafka = restartableKafkaAvailability(env);
  if (!kafka.available) return kafka;
  return { available: true, address: 'local launchers' };
}

/**
 * `describe` for suites that start a PostgreSQL and a Kafka broker requiring TLS and SCRAM. Without
 * what they need it skips, saying why on stderr; under CI it throws instead, failing the file.
 */
export function describeWithSecureServers(name: string, fn: () => void): void {
  const a = secureServersAvailability();
  if (a.available) {
    describe(name, fn);
    return;
  }
  const why = `PostgreSQL and Kafka with TLS cannot be started here: ${a.reason}`;
  if (isCi()) throw new Error(`[baton-testing] ${why}`);
  const file = relative(process.cwd(), expect.getState().testPath ?? '') || 'this file';
  process.stderr.write(`[baton-testing] skipping tests in ${file}: ${why}\n`);
  describe.skip(name, fn);
}
