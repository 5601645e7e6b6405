/** The two kinds of server the harness provides. */
export type ServerKind = 'kafka' | 'postgres';

type Env = Record<string, string | undefined>;

/**
 * Environment variables shared by global setup (parent process) and test files (workers): env is
 * the only channel from setup to workers, so this is the whole contract between them.
 */
export const ENV_VARS = {
  kafka: { address: 'KAFKA_BROKERS', unavailable: 'BATON_KAFKA_UNAVAILABLE' },
  postgres: { address: 'DATABASE_URL', unavailable: 'BATON_POSTGRES_UNAVAILABLE' },
} as const satisfies Record<ServerKind, { address: string; unavailable: string }>;

const HOW_TO_GET: Record<ServerKind, string> = {
  kafka:
    'To run these tests: set KAFKA_BROKERS=host:port, or install Java 17 + Maven (the harness then ' +
    'runs Kafka from its jars; scripts/fetch-kafka.sh), or run a Docker engine.',
  postgres:
    'To run these tests: set DATABASE_URL=postgres://..., or install the PostgreSQL server ' +
    '(apt-get install postgresql; the harness runs a throwaway cluster), or run a Docker engine.',
};

/** What a developer can do to get the server when it is missing. */
export function howToGet(kind: ServerKind): string {
  return HOW_TO_GET[kind];
}

/**
 * CI providers set CI to "true" (most) or "1"; an explicit "false"/"0" means a developer wants
 * local behaviour, so only those and an empty value count as "not CI".
 */
export function isCi(env: Env = process.env): boolean {
  const v = (env['CI'] ?? '').trim().toLowerCase();
  return v !== '' && v !== 'false' && v !== '0';
}

/** Splits a KAFKA_BROKERS value ("a:9092, b:9092") into host:port entries. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Whether a server is usable from a test file, and if not, why. */
export type Availability = { available: true; address: string } | { available: false; reason: string };

/** Reads what global setup left in the environment for one kind of server. */
export function availability(kind: ServerKind, env: Env = process.env): Availability {
  const names = ENV_VARS[kind];
  const address = env[names.address]?.trim();
  if (address) return { available: true, address };
  const reason =
    env[names.unavailable] ??
    `${names.address} is not set and the integration global setup (libs/testing) did not run; ` +
      `run through the Jest "integration" project. ${howToGet(kind)}`;
  return { available: false, reason };
}
