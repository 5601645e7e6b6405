import {
  analyticsV1,
  definitionV1,
  EXECUTION_EVENTS_TOPIC,
  executionV1,
  ownershipV1,
} from '@baton/contracts';
import { status } from '@grpc/grpc-js';
import { createTestTokenIssuer, tokenCallGuard } from '@baton/grpc-server';
import { startTelemetry } from '@baton/telemetry';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import {
  constants,
  createHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  type IntervalHistogram,
} from 'node:perf_hooks';
import { BatonConnection } from '../cli/connection';
import { startEmbeddedHost } from '../embedded-host';
import { tuneEmbeddedProcess } from '../process-tuning';
import {
  analyticsProjectionsIn,
  Driver,
  HostProcess,
  type HostMemory,
  killChildren,
  startServiceProcess,
  type ServiceProcess,
} from './processes';
import { quantilesMs } from './driver';
import { DEFINITION_ID, TRANSITIONS_PER_INSTANCE, Workload, type Targets } from './workload';
import { serverPidOn, watchProcessCpu, type GroupOf } from './process-cpu';

// `npm run bench -- e2e`: step transitions per second through gRPC, CompleteStep latency at half
// the measured maximum, the time until analytics' audit trail shows a completion, in embedded mode
// (one process, SQLite, in-process bus) and distributed mode (four service processes, PostgreSQL,
// Kafka); then the embedded host's memory with 100,000 open instances. Prints JSON on stdout.
//
// Bounded: about 6 to 9 minutes. Environment:
//   BATON_BENCH_ONLY=embedded,distributed,memory  run only these parts (default all three)
//   BATON_BENCH_AUTH=token     the embedded part with a bearer JWT verified on every call
//   BATON_BENCH_PROFILE=<dir>  also run a saturating load against the embedded host in its own
//                              process under --cpu-prof and write the profile there; the
//                              distributed services write theirs there too (<service>.cpuprofile)
//   BATON_BENCH_OPEN_INSTANCES=<n>  open instances of the memory part (default 100000)

const CONCURRENCIES = [8, 16, 32, 64];
const WARMUP_MS = 2_000;
const MEASURE_MS = 8_000;
const PACED_MS = 15_000;
const LIGHT_TPS = 60;
const LIGHT_MS = 10_000;
const OPEN_INSTANCES = Number(process.env['BATON_BENCH_OPEN_INSTANCES'] || 100_000);
const FILL_CONCURRENCY = 64;
const CATCH_UP_MAX_MS = 180_000;
const FILL_MAX_MS = 240_000;

const parts = new Set(
  (process.env['BATON_BENCH_ONLY'] || 'embedded,distributed,memory').split(',').map((s) => s.trim()),
);
const note = (message: string) => console.error(`[bench e2e] ${message}`);
const run = `b${Date.now().toString(36)}`;

interface SaturateResult {
  readonly concurrency: number;
  readonly transitionsPerSecond: number;
  readonly [k: string]: unknown;
}

/** Saturating runs at each concurrency, then the paced run at half the best rate. */
async function throughputAndLatency(
  driver: Driver,
  targets: Targets,
  mode: string,
  probes: number,
  watchLag?: () => { stop(): Promise<unknown> },
  cpuGroups?: GroupOf,
) {
  const runs: SaturateResult[] = [];
  for (const concurrency of CONCURRENCIES) {
    note(`${mode}: saturating with ${concurrency} instances in flight`);
    const hostCpu = process.cpuUsage();
    const hostLoop = performance.eventLoopUtilization();
    const startedAt = performance.now();
    const processCpu = cpuGroups && watchProcessCpu(cpuGroups);
    const result = await driver.run<SaturateResult>(
      {
        kind: 'saturate',
        targets,
        prefix: `${run}-${mode}`,
        concurrency,
        warmupMs: WARMUP_MS,
        measureMs: MEASURE_MS,
      },
      WARMUP_MS + MEASURE_MS + 120_000,
    );
    // Embedded: the host is this process (all its threads), busy this many cores on average.
    const { user, system } = process.cpuUsage(hostCpu);
    const hostCores = (user + system) / 1000 / (performance.now() - startedAt);
    // The host's main thread (gRPC, commands, relay, ownership): busy this share of the time.
    const mainThreadBusy = performance.eventLoopUtilization(hostLoop).utilization;
    // Distributed: cores busy per process group over the run (warm-up included), and the CPU time
    // per transition that makes.
    const cores = processCpu?.stop();
    const perTransition = (c: number) => Math.round((c * 1e6) / Math.max(1, result.transitionsPerSecond));
    runs.push(
      mode === 'embedded'
        ? {
            ...result,
            hostCores: Number(hostCores.toFixed(2)),
            hostMainThreadBusy: Number(mainThreadBusy.toFixed(2)),
          }
        : {
            ...result,
            ...(cores && {
              coresByProcess: cores,
              cpuMicrosPerTransitionByProcess: Object.fromEntries(
                Object.entries(cores).map(([group, c]) => [group, perTransition(c)]),
              ),
            }),
          },
    );
  }
  const catchUp = await analyticsCatchUp(targets, `${run}-${mode}-settle`);
  note(`${mode}: analytics caught up ${catchUp.seconds} s after the saturating runs`);
  const best = runs.reduce((a, b) => (b.transitionsPerSecond > a.transitionsPerSecond ? b : a));
  const half = best.transitionsPerSecond / 2;
  note(`${mode}: best ${best.transitionsPerSecond}/s at ${best.concurrency}; paced at ${Math.round(half)}/s`);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const gcPauses = watchGcPauses();
  const lag = watchLag?.();
  const halfLoadRun = await driver.run<Record<string, unknown>>(
    {
      kind: 'paced',
      targets,
      prefix: `${run}-${mode}`,
      transitionsPerSecond: half,
      durationMs: PACED_MS,
      maxInFlight: 512,
      propagationProbes: probes,
    },
    PACED_MS + 180_000,
  );
  loopDelay.disable();
  const projectionLag = lag ? { projectionLagMs: await lag.stop() } : {};
  // Embedded: how long the host's main thread kept callbacks waiting (its share of the latency).
  const atHalfLoad =
    mode === 'embedded'
      ? { ...halfLoadRun, hostEventLoopDelayMs: loopDelayFigures(loopDelay), hostGcPausesMs: gcPauses.stop() }
      : { ...halfLoadRun, ...projectionLag };
  // The same at a light fixed rate: what the path costs when nothing queues.
  const atLightLoad = await driver.run(
    {
      kind: 'paced',
      targets,
      prefix: `${run}-${mode}-light`,
      transitionsPerSecond: LIGHT_TPS,
      durationMs: LIGHT_MS,
      maxInFlight: 512,
      propagationProbes: probes,
    },
    LIGHT_MS + 120_000,
  );
  return {
    maxTransitionsPerSecond: best.transitionsPerSecond,
    bestConcurrency: best.concurrency,
    saturating: runs,
    analyticsCatchUpAfterSaturating: catchUp,
    atHalfLoad,
    atLightLoad,
  };
}

/**
 * The lag behind the execution store of each analytics projection that reads it, sampled every 20 ms until `stop`: at
 * a sample, the time since the store's head first reached the lowest of the projection's
 * partition checkpoints (0 when that is the head). An upper bound: a partition whose newest event
 * is older than the others' counts as behind by that gap.
 */
function watchProjectionLag(url: string, eventsSchema: string, readModelsSchema: string) {
  const pg = new Client({ connectionString: url });
  const heads: { at: number; head: bigint }[] = [];
  const lags = new Map<string, ReturnType<typeof createHistogram>>();
  let stopped = false;
  const sampling = (async () => {
    await pg.connect();
    while (!stopped) {
      const { rows } = await pg.query<{
        head: string | null;
        projection: string | null;
        applied: string | null;
      }>(
        `SELECT (SELECT max(global_position) FROM ${eventsSchema}.events)::text AS head, projection,
                min(position)::text AS applied
           FROM ${readModelsSchema}.rm_checkpoints WHERE source LIKE '%${EXECUTION_EVENTS_TOPIC}/%' GROUP BY projection`,
      );
      const at = performance.now();
      const head = BigInt(rows[0]?.head ?? 0);
      if (heads.length === 0 || (heads[heads.length - 1] as { head: bigint }).head < head)
        heads.push({ at, head });
      for (const { projection, applied } of rows) {
        if (projection === null || applied === null) continue;
        const position = BigInt(applied);
        // The first sample whose head reached the position applied.
        const reached = position >= head ? at : heads.find((h) => h.head >= position)?.at;
        if (reached === undefined) continue;
        let histogram = lags.get(projection);
        if (!histogram) lags.set(projection, (histogram = createHistogram()));
        histogram.record(Math.max(1, Math.round((at - reached) * 1000)));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      const failed = await sampling.then(
        () => undefined,
        (error: unknown) => String(error),
      );
      await pg.end().catch(() => undefined);
      if (failed) return { failed };
      return {
        method:
          'sampled every 20 ms from the read models: time since the execution store head first reached the lowest partition checkpoint of each projection (an upper bound)',
        ...Object.fromEntries([...lags].map(([projection, h]) => [projection, quantilesMs(h)])),
      };
    },
  };
}

/** The main thread's garbage-collection pauses from now until `stop`, by kind. */
function watchGcPauses() {
  const byKind = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[(entry as unknown as { detail?: { kind: number } }).detail?.kind ?? -1] ?? 'other';
      const k = byKind.get(kind) ?? { count: 0, totalMs: 0, maxMs: 0 };
      byKind.set(kind, {
        count: k.count + 1,
        totalMs: k.totalMs + entry.duration,
        maxMs: Math.max(k.maxMs, entry.duration),
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      const round = (n: number) => Number(n.toFixed(1));
      return Object.fromEntries(
        [...byKind].map(([kind, k]) => [
          kind,
          { count: k.count, totalMs: round(k.totalMs), maxMs: round(k.maxMs) },
        ]),
      );
    },
  };
}

function loopDelayFigures(h: IntervalHistogram) {
  const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
  return { p50: ms(h.percentile(50)), p90: ms(h.percentile(90)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

/**
 * Starts a few instances (their streams spread over the topic's partitions) and waits until
 * analytics' audit trail shows every one: how far the consumer was behind the store after the
 * saturating runs (its backlog drains in this time).
 */
async function analyticsCatchUp(targets: Targets, key: string) {
  const w = new Workload(targets);
  try {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const started = await w.startInstance(`${key}-${i}`, { transition: () => undefined });
      ids.push(started.instance?.instanceId ?? '');
    }
    const t0 = Date.now();
    let waiting = ids;
    while (Date.now() - t0 < CATCH_UP_MAX_MS) {
      const shown = await Promise.all(waiting.map(async (id) => (await w.trail(id)).length > 0));
      waiting = waiting.filter((_, i) => !shown[i]);
      if (waiting.length === 0) return { seconds: (Date.now() - t0) / 1000, caughtUp: true };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { seconds: CATCH_UP_MAX_MS / 1000, caughtUp: false };
  } finally {
    w.close();
  }
}

async function embeddedMode(driver: Driver) {
  // This process hosts the embedded services here: tuned as `npm start` is.
  tuneEmbeddedProcess();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-e2e-'));
  const auth = await benchAuth();
  const host = await startEmbeddedHost({
    address: '127.0.0.1:0',
    dataDir: dir,
    seed: true,
    analyticsProjectionsIn: analyticsProjectionsIn(),
    ...(auth ? { guard: auth.guard } : {}),
  });
  try {
    const address = `127.0.0.1:${host.port}`;
    const targets = {
      execution: address,
      analytics: address,
      ...(auth ? { tokens: await auth.tokens(address) } : {}),
    };
    return {
      setup:
        'startEmbeddedHost in the bench process, tuned as `npm start` is (compaction on every full GC; ' +
        'SQLite in a temp dir, in-process bus, seeded); ' +
        'the client is a forked process',
      authentication: auth
        ? 'bearer JWT (ES256) on every call, verified by the token guard (verified-token cache as configured by default)'
        : 'the development identity (no token)',
      ...(await throughputAndLatency(driver, targets, 'embedded', 4)),
    };
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BATON_BENCH_AUTH=token: the embedded host verifies a bearer JWT on every call, as a deployment
 * with BATON_AUTH_* set does, and the client sends one (issue 9's cost of authentication).
 */
async function benchAuth() {
  if (process.env['BATON_BENCH_AUTH'] !== 'token') return undefined;
  const issuer = await createTestTokenIssuer();
  const admin = await issuer.sign({ subject: 'baton-bench', roles: ['admin'] });
  // A token per person of the seeded directory: steps are started and completed as their assignee.
  const tokens = async (address: string) => {
    const connection = new BatonConnection({ address, timeoutMs: 30_000, token: admin });
    try {
      const { people } = await connection.call(
        connection.ownership,
        connection.ownership.listPeople,
        ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 1000 }),
      );
      const byPerson: Record<string, string> = {};
      for (const p of people)
        byPerson[p.personId] = await issuer.sign({ subject: p.personId, roles: ['worker'] });
      return { default: admin, byPerson };
    } finally {
      connection.close();
    }
  };
  return { guard: tokenCallGuard(issuer.config({ cacheSize: 10_000 })), tokens };
}

/** Publishes budget-approval to the definition service and waits until execution knows it. */
async function publishAndAwait(definitionAddress: string, targets: Targets): Promise<void> {
  const definition = new BatonConnection({ address: definitionAddress, timeoutMs: 30_000 });
  try {
    const text = readFileSync(resolve('examples', `${DEFINITION_ID}.yaml`), 'utf8');
    await definition.call(
      definition.definition,
      definition.definition.publishDefinition,
      definitionV1.PublishDefinitionRequest.fromPartial({
        source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text },
      }),
    );
  } finally {
    definition.close();
  }
  const w = new Workload(targets);
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await w.startInstance(`${run}-probe`, { transition: () => undefined });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    w.close();
  }
}

async function distributedMode(driver: Driver) {
  const databaseUrl = process.env['DATABASE_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (!databaseUrl || !brokers) return { skipped: 'DATABASE_URL or KAFKA_BROKERS unavailable' };
  const env = (svc: string) => ({
    BATON_STORE: 'postgres',
    BATON_BUS: 'kafka',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    BATON_PG_SCHEMA: `${run}_${svc}`,
    // This run's own topics and groups, whatever earlier runs left on the broker.
    BATON_KAFKA_TOPIC_PREFIX: `${run}.`,
  });
  const services: ServiceProcess[] = [];
  const started = async (name: string, vars: Record<string, string>) => {
    const s = await startServiceProcess(name, vars);
    services.push(s);
    return s;
  };
  try {
    note('distributed: starting execution, then definition, ownership, analytics as processes');
    const execution = await started('execution', env('execution'));
    const [definition, , analytics] = await Promise.all([
      started('definition', env('definition')),
      started('ownership', { ...env('ownership'), BATON_EXECUTION_ADDRESS: execution.address }),
      started('analytics', env('analytics')),
    ]);
    const targets = { execution: execution.address, analytics: analytics.address };
    await publishAndAwait(definition.address, targets);
    return {
      setup:
        'services/{execution,definition,ownership,analytics}/src/main.ts as four processes ' +
        '(BATON_STORE=postgres, one schema each; Kafka bus); budget-approval published through the ' +
        'definition service; the directory is not seeded (the processes start bare), so ownership ' +
        'leaves the steps to the client',
      postgres: databaseUrl.replace(/\/\/[^@]*@/, '//'),
      kafka: brokers,
      ...(await throughputAndLatency(
        driver,
        targets,
        'distributed',
        4,
        () => watchProjectionLag(databaseUrl, `${run}_execution`, `${run}_analytics`),
        groupsOf(services, driver, { databaseUrl, brokers }),
      )),
    };
  } finally {
    await Promise.allSettled(services.map((s) => s.stop()));
  }
}

/**
 * The distributed run's process groups: each service, PostgreSQL, the Kafka broker, the client.
 * Only this run's servers when they can be told apart (the postmaster and its backends, the
 * broker listening on the bench's port): tests running beside the bench start servers of their own.
 */
function groupsOf(
  services: readonly ServiceProcess[],
  driver: Driver,
  servers: { readonly databaseUrl: string; readonly brokers: string },
): GroupOf {
  const postmaster = serverPidOn(new URL(servers.databaseUrl).port || '5432', (comm) => comm === 'postgres');
  const isKafka = (comm: string, cmdline: string) => comm === 'java' && cmdline.includes(' kafka.Kafka ');
  const broker = serverPidOn(servers.brokers.split(',')[0]?.split(':').at(-1) ?? '', isKafka);
  return (pid, comm, cmdline, ppid) => {
    const service = services.find((s) => s.pid === pid);
    if (service) return service.name;
    if (pid === driver.pid) return 'client';
    if (comm === 'postgres' && (postmaster === undefined || pid === postmaster || ppid === postmaster))
      return 'postgres';
    if (isKafka(comm, cmdline) && (broker === undefined || pid === broker)) return 'kafka';
    return undefined;
  };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);
const memoryOf = (m: NodeJS.MemoryUsage) => ({
  rssMB: mb(m.rss),
  heapUsedMB: mb(m.heapUsed),
  heapTotalMB: mb(m.heapTotal),
  externalMB: mb(m.external),
  arrayBuffersMB: mb(m.arrayBuffers),
});

/** The analytics projection thread's heap (not in the process's heapUsed/heapTotal). */
const threadHeapOf = ({ projectionThreadHeap: t }: HostMemory) =>
  t ? { projectionThreadHeapUsedMB: mb(t.heapUsed), projectionThreadHeapTotalMB: mb(t.heapTotal) } : {};

async function memoryWithOpenInstances(driver: Driver) {
  const host = await HostProcess.start();
  try {
    const address = `127.0.0.1:${host.port}`;
    const targets = { execution: address, analytics: address };
    const idle = await host.memory();
    note(`memory: starting ${OPEN_INSTANCES} instances`);
    const fill = await driver.run<{ started: number }>(
      {
        kind: 'fill',
        targets,
        prefix: `${run}-mem`,
        count: OPEN_INSTANCES,
        concurrency: FILL_CONCURRENCY,
        maxMs: FILL_MAX_MS,
      },
      FILL_MAX_MS + 120_000,
    );
    // Let the in-process consumers (ownership, analytics) finish the backlog before measuring.
    const w = new Workload(targets);
    const settleStart = Date.now();
    let settled = false;
    try {
      while (Date.now() - settleStart < 60_000) {
        const last = await w.execution.call(
          w.execution.execution,
          w.execution.execution.listInstances,
          executionV1.ListInstancesRequest.fromPartial({
            pageSize: 1,
            definitionId: DEFINITION_ID,
            businessKey: `${run}-mem-open-${fill.started - 1}`,
          }),
        );
        const id = last.instances[0]?.instanceId;
        // NOT_FOUND until the projection reached the instance.
        const trail = id
          ? await w.analytics
              .call(
                w.analytics.analytics,
                w.analytics.analytics.getAuditTrail,
                analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: id, pageSize: 10 }),
              )
              .catch((error: { code?: number }) => {
                if (error.code === status.NOT_FOUND) return undefined;
                throw error;
              })
          : undefined;
        if (trail && trail.entries.length > 0) {
          settled = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      w.close();
    }
    const loaded = await host.memory();
    return {
      setup:
        'embedded host alone in a child process run as `npm start` runs it (the compiled build, analytics ' +
        'projections in a worker thread, compaction on every full GC) with --expose-gc; SQLite in a temp ' +
        'dir, seeded; RSS once settled after a full GC; ' +
        'instances started by a forked client with StartInstance and left open (prepare-request waits)',
      start: fill,
      analyticsCaughtUp: settled,
      settleSeconds: Math.round((Date.now() - settleStart) / 1000),
      gcForced: loaded.gcForced,
      idle: { ...memoryOf(idle.memory), ...threadHeapOf(idle) },
      withOpenInstances: {
        ...memoryOf(loaded.memory),
        rssRightAfterGcMB: mb(loaded.rssRightAfterGc),
        ...threadHeapOf(loaded),
      },
    };
  } finally {
    await host.stop();
  }
}

/** A saturating run against the embedded host in its own process under --cpu-prof. */
async function profile(driver: Driver, dir: string) {
  mkdirSync(dir, { recursive: true });
  const host = await HostProcess.start(['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`]);
  try {
    const address = `127.0.0.1:${host.port}`;
    const result = await driver.run(
      {
        kind: 'saturate',
        targets: { execution: address, analytics: address },
        prefix: `${run}-prof`,
        concurrency: 16,
        warmupMs: WARMUP_MS,
        measureMs: MEASURE_MS,
      },
      WARMUP_MS + MEASURE_MS + 120_000,
    );
    return { profileDir: resolve(dir), hostPid: host.pid, ...result };
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  // The embedded part is traced when BATON_TELEMETRY=on (the distributed services read it themselves).
  startTelemetry({ service: 'baton' });
  const started = Date.now();
  const results: Record<string, unknown> = {
    bench: 'e2e',
    node: process.version,
    cpus: cpus().length,
    memoryMB: mb(totalmem()),
    at: new Date().toISOString(),
    workload:
      `budget-approval, engineering path, approved: StartInstance + (AssignStep, StartStep, ` +
      `CompleteStep) for three human steps + (StartStep, CompleteStep) for the automated one = ` +
      `${TRANSITIONS_PER_INSTANCE} transitions (accepted step commands) per instance`,
    assignment:
      'sent by the client (AssignStep with ownership’s idempotency key assign:{instance}:{activation}); ' +
      'in embedded mode ownership’s policy assignment races it with the same key, so one of the two ' +
      'records it and the other is an idempotent replay (ownership’s AssignStep calls are server load ' +
      'not counted as transitions); StartStep has no actor, so it starts as whoever was assigned',
    client:
      'a separate forked process over one gRPC channel; on this machine it competes with the server ' +
      `for the same ${cpus().length} cores, so the figures are a lower bound of what the server alone can do`,
    method:
      `saturating: closed loop at ${CONCURRENCIES.join('/')} instances in flight, ${WARMUP_MS / 1000} s ` +
      `warm-up then ${MEASURE_MS / 1000} s measured, best reported; at half load: instances arrive at a ` +
      `fixed rate (open loop, ${PACED_MS / 1000} s), each instance's commands follow one another; the ` +
      `same at a light ${LIGHT_TPS} transitions/s for ${LIGHT_MS / 1000} s; ` +
      'quantiles from perf_hooks.createHistogram (HDR)',
    targets: {
      embeddedTransitionsPerSecond: 5000,
      distributedTransitionsPerSecond: 2000,
      completeStepP99MsAtHalfLoad: 25,
      embeddedRssMBWith100kOpenInstances: 500,
    },
  };
  const driver = await Driver.start();
  try {
    if (parts.has('embedded')) results['embedded'] = await embeddedMode(driver);
    if (parts.has('distributed')) results['distributed'] = await distributedMode(driver);
    if (parts.has('memory')) results['memory'] = await memoryWithOpenInstances(driver);
    const profileDir = process.env['BATON_BENCH_PROFILE'];
    if (profileDir) results['profile'] = await profile(driver, profileDir);
  } finally {
    driver.stop();
  }
  results['benchSeconds'] = Math.round((Date.now() - started) / 1000);
  console.log(JSON.stringify(results, null, 2));
  killChildren();
}

void main().catch((error) => {
  killChildren();
  console.error(error);
  process.exitCode = 1;
});
