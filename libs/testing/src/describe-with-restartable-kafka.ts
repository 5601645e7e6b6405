import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isCi, type Availability } from './env';
import { kafkaCacheDir } from './kafka-config';
import { findJava } from './kafka-runtime';
import { which } from './processes';

const HOW_TO_GET =
  'This suite stops and starts a broker of its own, so it needs Java 17 and the Kafka jars ' +
  '(cached by scripts/fetch-kafka.sh, which needs Maven); KAFKA_BROKERS or Docker do not help.';

/**
 * Whether this machine can run a dedicated, restartable local broker: that needs Java, and the
 * cached jars or Maven to fetch them. A broker from KAFKA_BROKERS or a container does not count:
 * the test must be able to stop and start the broker process itself.
 */
export function restartableKafkaAvailability(env = process.env): Availability {
  try {
    findJava(env);
  } catch (err) {
    return { available: false, reason: `${(err as Error).message}. ${HOW_TO_GET}` };
  }
  if (!existsSync(join(kafkaCacheDir(env), '.complete')) && !which('mvn', env['PATH'] ?? '')) {
    return {
      available: false,
      reason: `the Kafka jars are not cached and mvn is not on PATH. ${HOW_TO_GET}`,
    };
  }
  return { available: true, address: 'local launcher' };
}

/**
 * `describe` for suites that stop and start their own broker (see `startRestartableKafka`).
 * Without Java it skips, saying why on stderr; under CI it throws instead, failing the file.
 */
export function describeWithRestartableKafka(name: string, fn: () => void): void {
  const a = restartableKafkaAvailability();
  if (a.available) {
    describe(name, fn);
    return;
  }
  const why = `a restartable local Kafka broker is not available: ${a.reason}`;
  if (isCi()) throw new Error(`[baton-testing] ${why}`);
  const file = relative(process.cwd(), expect.getState().testPath ?? '') || 'this file';
  process.stderr.write(`[baton-testing] skipping tests in ${file}: ${why}\n`);
  describe.skip(name, fn);
}
