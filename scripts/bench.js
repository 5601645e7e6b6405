// `npm run bench -- <name>` runs one benchmark and prints its figures as JSON on stdout.
//
// Servers a benchmark needs come from the environment (DATABASE_URL, KAFKA_BROKERS) when set;
// otherwise this script starts throwaway ones with the test harness's launchers (testcontainers
// when a Docker engine answers, else the local launchers), exports their addresses before the
// benchmark module loads, and stops them when it ends, also on error or Ctrl-C. Notes go to stderr.
const { dockerAvailable, startKafkaContainer } = require('../libs/testing/src/containers.ts');
const { startLocalKafka } = require('../libs/testing/src/kafka-launcher.ts');
const { startLocalPostgres } = require('../libs/testing/src/postgres-launcher.ts');
const { describeOutcome, provision } = require('../libs/testing/src/provision.ts');

const benches = {
  // PostgreSQL with production durability (fsync, synchronous_commit, full_page_writes on): this
  // benchmark measures writes. The testcontainers image would turn fsync off, so it is not used.
  eventstore: { module: '../libs/eventstore/src/bench/eventstore.bench.ts', needs: ['postgres'] },
  messaging: { module: '../libs/messaging/src/bench/messaging.bench.ts', needs: ['kafka'] },
  e2e: { module: '../services/baton/src/bench/e2e.bench.ts', needs: ['kafka', 'postgres'] },
  // Replay, queries and log import of the analytics service; PostgreSQL only for the replay there.
  analytics: { module: '../services/baton/src/bench/analytics.bench.ts', needs: ['postgres'] },
  // Business time (issue 10): durations and deadlines per second, against plain subtraction.
  calendar: { module: '../services/baton/src/bench/calendar.bench.ts', needs: [] },
  // Authentication (issue 9): the token guard per call, cached and verified; a cheap RPC with and without.
  auth: { module: '../services/baton/src/bench/auth.bench.ts', needs: [] },
  // What gRPC alone costs here (issue 6): a server that does nothing, with the e2e bench's client.
  'grpc-floor': { module: '../services/baton/src/bench/grpc-floor.bench.ts', needs: [] },
  // Sensitive data and field sizes (issue 9): the bounds walk per request, redaction per event.
  redaction: { module: '../services/baton/src/bench/redaction.bench.ts', needs: [] },
  // Object literals that start with a spread, against the fast shapes (docs/adr/0017).
  'object-spread': { module: '../services/baton/src/bench/object-spread.bench.ts', needs: [] },
};

const servers = {
  kafka: { env: 'KAFKA_BROKERS', container: startKafkaContainer, local: startLocalKafka },
  postgres: {
    env: 'DATABASE_URL',
    container: () => Promise.reject(new Error('not used: its image runs with fsync off')),
    local: () => startLocalPostgres({ durable: true }),
  },
};

const started = [];
let stopping;

function stopServers() {
  stopping ??= Promise.allSettled(started.splice(0).map((s) => s.stop())).then((results) => {
    for (const r of results) {
      if (r.status === 'rejected') console.error(`[bench] stopping a server failed: ${r.reason}`);
    }
  });
  return stopping;
}

async function provideServers(kinds) {
  const outcomes = await Promise.all(
    kinds.map((kind) =>
      provision(kind, {
        fromEnv: process.env[servers[kind].env],
        dockerAvailable: kind === 'kafka' ? dockerAvailable : async () => false,
        container: servers[kind].container,
        local: servers[kind].local,
      }),
    ),
  );
  const missing = [];
  kinds.forEach((kind, i) => {
    const outcome = outcomes[i];
    console.error(describeOutcome(kind, outcome).replace('[baton-testing]', '[bench]'));
    if (outcome.status === 'started') {
      started.push(outcome.server);
      process.env[servers[kind].env] = outcome.server.address;
    }
    if (outcome.status === 'unavailable') missing.push(kind);
  });
  return missing;
}

async function main() {
  const name = process.argv[2];
  const bench = benches[name];
  if (!bench) {
    console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
    process.exit(2);
  }
  const failed = (error) => {
    console.error(error);
    process.exitCode = 1;
    void stopServers().then(() => process.exit(1));
  };
  process.on('uncaughtException', failed);
  process.on('unhandledRejection', failed);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => void stopServers().then(() => process.exit(130)));
  }
  const missing = await provideServers(bench.needs);
  if (missing.length > 0) {
    console.error(`[bench] ${missing.join(', ')} unavailable: figures that need it are skipped`);
  }
  // The benchmark modules run on load and end by letting the event loop drain (every client
  // closed); the launched servers' child processes are unref'd, so they do not hold it open.
  process.once('beforeExit', () => void stopServers());
  require(bench.module);
}

void main().catch(async (error) => {
  console.error(error);
  await stopServers();
  process.exit(1);
});
