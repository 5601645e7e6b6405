import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { errorKind, TRANSITIONS_PER_INSTANCE, Workload, type Observer, type Targets } from './workload';

// The bench's client: a separate process (forked by e2e.bench.ts) so that the gRPC client's CPU is
// not charged to the server process. It takes one job per IPC message and answers with its figures.

export type DriverJob =
  | {
      readonly kind: 'saturate';
      readonly targets: Targets;
      readonly prefix: string;
      readonly concurrency: number;
      readonly warmupMs: number;
      readonly measureMs: number;
    }
  | {
      readonly kind: 'paced';
      readonly targets: Targets;
      readonly prefix: string;
      /** Target transitions per second; instances arrive at a fixed rate of this / 12. */
      readonly transitionsPerSecond: number;
      readonly durationMs: number;
      /** Instances running at once beyond which arrivals are dropped (counted), not queued. */
      readonly maxInFlight: number;
      /** Probe analytics' audit trail for this many completions at a time (0: none). */
      readonly propagationProbes: number;
    }
  | {
      readonly kind: 'fill';
      readonly targets: Targets;
      readonly prefix: string;
      readonly count: number;
      readonly concurrency: number;
      readonly maxMs: number;
    };

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Quantiles in milliseconds of a histogram recorded in microseconds. */
export function quantilesMs(h: RecordableHistogram) {
  if (h.count === 0) return { count: 0 };
  const q = (p: number) => round(h.percentile(p) / 1000);
  return {
    count: h.count,
    p50: q(50),
    p90: q(90),
    p99: q(99),
    max: round(h.max / 1000),
    mean: round(h.mean / 1000),
  };
}

const micros = (ms: number) => Math.max(1, Math.round(ms * 1000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Errors {
  readonly kinds = new Map<string, number>();
  total = 0;
  add(error: unknown) {
    this.total++;
    const k = errorKind(error);
    this.kinds.set(k, (this.kinds.get(k) ?? 0) + 1);
  }
  toJSON() {
    return { total: this.total, kinds: Object.fromEntries([...this.kinds].slice(0, 5)) };
  }
}

/** Closed loop: `concurrency` instances in flight, each started as soon as the previous ended. */
async function saturate(job: Extract<DriverJob, { kind: 'saturate' }>) {
  const w = new Workload(job.targets);
  const errors = new Errors();
  const complete = createHistogram();
  const t0 = performance.now();
  const from = t0 + job.warmupMs;
  const until = from + job.measureMs;
  let transitions = 0;
  let instances = 0;
  // The client's own CPU while measured: on a 2-core machine it is what the server cannot have.
  let cpuAtFrom: NodeJS.CpuUsage | undefined;
  let clientCpu: NodeJS.CpuUsage | undefined;
  const cpuTimers = [
    setTimeout(() => (cpuAtFrom = process.cpuUsage()), job.warmupMs),
    setTimeout(() => (clientCpu = process.cpuUsage(cpuAtFrom)), job.warmupMs + job.measureMs),
  ];
  const observer: Observer = {
    transition(command, latencyMs) {
      const now = performance.now();
      if (now < from || now > until) return;
      transitions++;
      if (command === 'CompleteStep') complete.record(micros(latencyMs));
    },
  };
  let n = 0;
  const worker = async (id: number) => {
    while (performance.now() < until) {
      const key = `${job.prefix}-c${job.concurrency}-${id}-${n++}`;
      try {
        await w.runInstance(key, observer);
        const now = performance.now();
        if (now >= from && now <= until) instances++;
      } catch (error) {
        errors.add(error);
        if (errors.total > 100) throw error;
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => worker(i)));
  cpuTimers.forEach(clearTimeout);
  w.close();
  const seconds = job.measureMs / 1000;
  const clientCpuMs = clientCpu ? (clientCpu.user + clientCpu.system) / 1000 : NaN;
  return {
    concurrency: job.concurrency,
    measuredSeconds: seconds,
    transitions,
    transitionsPerSecond: Math.round(transitions / seconds),
    clientCores: round(clientCpuMs / job.measureMs, 2),
    clientCpuMicrosPerTransition: Math.round((1000 * clientCpuMs) / transitions),
    instancesCompletedPerSecond: round(instances / seconds, 1),
    completeStepLatencyClosedLoopMs: quantilesMs(complete),
    errors: errors.toJSON(),
  };
}

/**
 * Open loop: instances arrive at fixed intervals whatever the server's pace (drift-free schedule);
 * each instance's commands follow one another as soon as the previous is answered.
 */
async function paced(job: Extract<DriverJob, { kind: 'paced' }>) {
  const w = new Workload(job.targets);
  const errors = new Errors();
  const complete = createHistogram();
  const propagation = createHistogram();
  let probesRunning = 0;
  let probeTimeouts = 0;
  let transitions = 0;
  let inFlight = 0;
  let dropped = 0;
  const probe = async (instanceId: string, activationId: string, sentAt: number) => {
    probesRunning++;
    try {
      const deadline = sentAt + 30_000;
      while (performance.now() < deadline) {
        if (await w.trailShowsCompletion(instanceId, activationId)) {
          propagation.record(micros(performance.now() - sentAt));
          return;
        }
        await sleep(2);
      }
      probeTimeouts++;
    } catch (error) {
      errors.add(error);
    } finally {
      probesRunning--;
    }
  };
  const observer: Observer = {
    transition(command, latencyMs) {
      transitions++;
      if (command === 'CompleteStep') complete.record(micros(latencyMs));
    },
    completed(instanceId, activationId, sentAt) {
      if (probesRunning < job.propagationProbes) void probe(instanceId, activationId, sentAt);
    },
  };
  const intervalMs = (1000 * TRANSITIONS_PER_INSTANCE) / job.transitionsPerSecond;
  const t0 = performance.now();
  const running: Promise<void>[] = [];
  for (let k = 0; ; k++) {
    const at = t0 + k * intervalMs;
    if (at - t0 >= job.durationMs) break;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight >= job.maxInFlight) {
      dropped++;
      continue;
    }
    inFlight++;
    running.push(
      w
        .runInstance(`${job.prefix}-paced-${k}`, observer)
        .catch((error) => errors.add(error))
        .finally(() => inFlight--),
    );
  }
  const sent = performance.now();
  await Promise.all(running);
  const seconds = (sent - t0) / 1000;
  while (probesRunning > 0) await sleep(10);
  w.close();
  return {
    targetTransitionsPerSecond: Math.round(job.transitionsPerSecond),
    instanceArrivalsPerSecond: round(1000 / intervalMs, 1),
    seconds: round(seconds, 1),
    achievedTransitionsPerSecond: Math.round(transitions / ((performance.now() - t0) / 1000)),
    arrivalsDropped: dropped,
    completeStepLatencyMs: quantilesMs(complete),
    ...(job.propagationProbes > 0
      ? {
          completionInAuditTrailMs: {
            ...quantilesMs(propagation),
            timeouts: probeTimeouts,
            method: `CompleteStep sent → GetAuditTrail shows the StepCompleted (polled every 2 ms; at most ${job.propagationProbes} completions probed at a time)`,
          },
        }
      : {}),
    errors: errors.toJSON(),
  };
}

/** Starts `count` instances and leaves them open (their first step waits for someone). */
async function fill(job: Extract<DriverJob, { kind: 'fill' }>) {
  const w = new Workload(job.targets);
  const errors = new Errors();
  const start = createHistogram();
  const observer: Observer = { transition: (_c, ms) => start.record(micros(ms)) };
  const t0 = performance.now();
  const deadline = t0 + job.maxMs;
  let next = 0;
  let started = 0;
  const worker = async () => {
    while (next < job.count && performance.now() < deadline) {
      const k = next++;
      try {
        await w.startInstance(`${job.prefix}-open-${k}`, observer);
        started++;
      } catch (error) {
        errors.add(error);
        if (errors.total > 100) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, () => worker()));
  const seconds = (performance.now() - t0) / 1000;
  w.close();
  return {
    requested: job.count,
    started,
    concurrency: job.concurrency,
    seconds: round(seconds, 1),
    startsPerSecond: Math.round(started / seconds),
    startInstanceLatencyMs: quantilesMs(start),
    errors: errors.toJSON(),
  };
}

export function runJob(job: DriverJob): Promise<unknown> {
  switch (job.kind) {
    case 'saturate':
      return saturate(job);
    case 'paced':
      return paced(job);
    case 'fill':
      return fill(job);
  }
}

if (require.main === module && process.send) {
  process.on('message', (job: DriverJob | 'exit') => {
    if (job === 'exit') {
      process.exit(0);
    }
    runJob(job).then(
      (result) => process.send?.({ ok: true, result }),
      (error) => process.send?.({ ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  });
  process.send({ ready: true });
}
