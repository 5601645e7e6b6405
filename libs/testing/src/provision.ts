import { performance } from 'node:perf_hooks';
import { howToGet, type ServerKind } from './env';

/** A server the harness started and must stop. */
export interface StartedServer {
  /** The value for KAFKA_BROKERS / DATABASE_URL. */
  address: string;
  /** host:port for the log line (no credentials). */
  display: string;
  /** How it was obtained, e.g. "local launcher (3.9.1)". */
  via: string;
  /** Extra detail for the log line, e.g. a one-off jar download included in the start time. */
  note?: string;
  stop(): Promise<void>;
}

/** The result of trying to get one server; never a rejection, so a failure is a value to report. */
export type Outcome =
  | { status: 'given'; address: string }
  | { status: 'started'; server: StartedServer; seconds: number }
  /** `reason` is one line (what failed, how to get the server); `details` adds e.g. log tails. */
  | { status: 'unavailable'; reason: string; details: string };

/** Where a server can come from, in order of preference. */
export interface Sources {
  /** KAFKA_BROKERS / DATABASE_URL as set by the developer or CI. */
  fromEnv: string | undefined;
  dockerAvailable(): Promise<boolean>;
  container(): Promise<StartedServer>;
  local(): Promise<StartedServer>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Environment first (the developer chose a server), then a container when Docker answers, then
 * the local launcher. A failed container start falls through to the local launcher rather than
 * failing outright: a broken Docker setup should not stop tests that can run without it.
 */
export async function provision(kind: ServerKind, sources: Sources): Promise<Outcome> {
  const given = sources.fromEnv?.trim();
  if (given) return { status: 'given', address: given };
  const failures: string[] = [];
  const attempts: Array<[string, () => Promise<StartedServer>]> = [];
  if (await sources.dockerAvailable().catch(() => false)) {
    attempts.push(['testcontainers', sources.container]);
  }
  attempts.push(['local launcher', sources.local]);
  for (const [name, start] of attempts) {
    const t0 = performance.now();
    try {
      const server = await start();
      return { status: 'started', server, seconds: (performance.now() - t0) / 1000 };
    } catch (err) {
      failures.push(`${name}: ${message(err)}`);
    }
  }
  const summary = failures.map((f) => f.split('\n')[0]).join('; ');
  return {
    status: 'unavailable',
    reason: `${kind} unavailable (${summary}). ${howToGet(kind)}`,
    details: failures.join('\n'),
  };
}

/** host:port of a postgres:// URL or a broker list, never the password. */
export function displayAddress(kind: ServerKind, address: string): string {
  if (kind === 'kafka') return address;
  try {
    const url = new URL(address);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** What global setup prints per server: one line, plus failure details (log tails) if any. */
export function describeOutcome(kind: ServerKind, outcome: Outcome): string {
  const prefix = `[baton-testing] ${kind}`;
  switch (outcome.status) {
    case 'given': {
      const name = kind === 'kafka' ? 'KAFKA_BROKERS' : 'DATABASE_URL';
      return `${prefix} ${displayAddress(kind, outcome.address)} via ${name} from the environment`;
    }
    case 'started': {
      const { server, seconds } = outcome;
      const note = server.note ? ` (${server.note})` : '';
      return `${prefix} ${server.display} via ${server.via} ready in ${seconds.toFixed(1)} s${note}`;
    }
    case 'unavailable': {
      const more = outcome.details.includes('\n') ? `\n${outcome.details.replace(/^/gm, '  ')}` : '';
      return `${prefix} UNAVAILABLE: ${outcome.reason}${more}`;
    }
  }
}
