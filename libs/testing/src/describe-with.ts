import { relative } from 'node:path';
import { availability, isCi, parseBrokers, type ServerKind } from './env';

const LABEL: Record<ServerKind, string> = { kafka: 'Kafka', postgres: 'PostgreSQL' };

// Module state lives per test file (Jest gives each file its own module registry), so this warns
// once per file and kind rather than once per describe block.
const warned = new Set<ServerKind>();

/**
 * Straight to stderr rather than console.warn: Jest drops the console output of a test file
 * whose tests were all skipped, which is exactly the case that needs explaining.
 */
function warnSkipped(kind: ServerKind, reason: string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  const file = relative(process.cwd(), expect.getState().testPath ?? '') || 'this file';
  process.stderr.write(`[baton-testing] skipping ${LABEL[kind]} tests in ${file}: ${reason}\n`);
}

function unavailableError(kind: ServerKind, reason: string): Error {
  return new Error(`[baton-testing] ${LABEL[kind]} is not available: ${reason}`);
}

/**
 * Declares a suite that needs real servers: `describe` when all of `kinds` are available,
 * otherwise `describe.skip` with a warning saying why and how to get them. Under CI a missing
 * server never skips: it throws, failing the test file.
 */
export function describeWith(kinds: readonly ServerKind[], name: string, fn: () => void): void {
  const missing = kinds.flatMap((kind) => {
    const a = availability(kind);
    return a.available ? [] : [{ kind, reason: a.reason }];
  });
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  if (isCi()) {
    const first = missing[0] as { kind: ServerKind; reason: string };
    throw unavailableError(first.kind, first.reason);
  }
  for (const { kind, reason } of missing) warnSkipped(kind, reason);
  describe.skip(name, fn);
}

/** `describe` for suites that need a Kafka broker (skipped with a warning when there is none). */
export function describeWithKafka(name: string, fn: () => void): void {
  describeWith(['kafka'], name, fn);
}

/** `describe` for suites that need PostgreSQL (skipped with a warning when there is none). */
export function describeWithPostgres(name: string, fn: () => void): void {
  describeWith(['postgres'], name, fn);
}

/** The broker list (host:port entries) for kafkajs; throws with the reason when there is none. */
export function kafkaBrokers(): string[] {
  const a = availability('kafka');
  if (!a.available) throw unavailableError('kafka', a.reason);
  return parseBrokers(a.address);
}

/** A postgres:// connection string for `pg`; throws with the reason when there is none. */
export function databaseUrl(): string {
  const a = availability('postgres');
  if (!a.available) throw unavailableError('postgres', a.reason);
  return a.address;
}
