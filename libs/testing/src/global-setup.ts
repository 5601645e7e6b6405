import { dockerAvailable, startKafkaContainer, startPostgresContainer } from './containers';
import { ENV_VARS, isCi, type ServerKind } from './env';
import { startLocalKafka } from './kafka-launcher';
import { startLocalPostgres } from './postgres-launcher';
import { describeOutcome, provision, type Outcome, type StartedServer } from './provision';
import { harnessState, setEnv, setHarnessState, stopAll, type HarnessState } from './state';

type Start = () => Promise<StartedServer>;

const launchers: Record<ServerKind, { container: Start; local: Start }> = {
  kafka: { container: startKafkaContainer, local: startLocalKafka },
  postgres: { container: startPostgresContainer, local: startLocalPostgres },
};

/**
 * Jest global setup for the integration project: provides a real Kafka broker and a real
 * PostgreSQL and hands them to the test workers through KAFKA_BROKERS / DATABASE_URL (workers
 * inherit this process's environment). Both start concurrently; Kafka's JVM dominates.
 */
export default async function globalSetup(): Promise<void> {
  // Watch mode runs setup again in the same process; leftovers of the last run go first.
  const previous = harnessState();
  if (previous) await stopAll(previous);
  const state: HarnessState = { started: [], previousEnv: {} };
  setHarnessState(state);

  const kinds: ServerKind[] = ['kafka', 'postgres'];
  const outcomes = await Promise.all(
    kinds.map((kind) =>
      provision(kind, {
        fromEnv: process.env[ENV_VARS[kind].address],
        dockerAvailable,
        ...launchers[kind],
      }),
    ),
  );

  const missing: string[] = [];
  kinds.forEach((kind, i) => {
    const outcome = outcomes[i] as Outcome;
    const names = ENV_VARS[kind];
    if (outcome.status === 'started') {
      state.started.push(outcome.server);
      setEnv(state, names.address, outcome.server.address);
    }
    // A stale reason from an outer environment must not make tests skip when a server is here.
    setEnv(state, names.unavailable, outcome.status === 'unavailable' ? outcome.reason : undefined);
    if (outcome.status === 'unavailable') missing.push(describeOutcome(kind, outcome));
    process.stderr.write(`${describeOutcome(kind, outcome)}\n`);
  });

  if (missing.length > 0 && isCi()) {
    // Jest skips global teardown when setup throws, so stop what did start here.
    await stopAll(state).catch(() => undefined);
    setHarnessState(undefined);
    throw new Error(
      `[baton-testing] CI is set, so a missing server is a failure:\n- ${missing.join('\n- ')}`,
    );
  }
}
