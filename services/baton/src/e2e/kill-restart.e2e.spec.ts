import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionV1 } from '@baton/contracts';
import { KafkaMessageBus } from '@baton/messaging';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { status } from '@grpc/grpc-js';
import { Pool } from 'pg';
import { freePort, ServiceProcess } from './processes/service-process';
import { readStoredStream, transitionViolations } from './processes/stream-check';
import { ChaosWorkload, type DrivenInstance } from './processes/workload';

/** Killed in this order, one per test; analytics last, so its durable trail is checked over every instance. */
const SERVICES = ['execution', 'ownership', 'definition', 'analytics'] as const;
type Service = (typeof SERVICES)[number];
/** Concurrent drivers, each alternating order-to-cash (trigger-started) and budget approval (StartInstance). */
const LANES = 3;
/** Instances each lane drives per test, at least; each also drives one begun after the restart. */
const MIN_PER_LANE = 2;
/** Steps ended in this test before the SIGKILL, so that it lands in the middle of the work. */
const STEPS_BEFORE_KILL = 5;
/** Orders whose triggers are produced just as execution is killed. */
const BURST_AT_KILL = 6;
const INSTANCE_TIMEOUT_MS = 120_000;
const EXECUTION_STATE_COMPLETED = 2;

const examples = join(__dirname, '../../../../examples');

// The four services as four OS processes (`services/<svc>/src/main.ts`, as `npm run
// start:distributed` runs them) on PostgreSQL and Kafka. In each test a workload of order-to-cash
// instances (started by triggers produced to Kafka, with the reconciliation loop and the payment
// trigger) and budget approvals (started by StartInstance) runs while one service is killed with
// SIGKILL and started again on the same port and environment. Every instance must complete with
// each transition recorded exactly once, checked on the execution store itself and on the
// analytics audit trail.
describeWith(['kafka', 'postgres'], 'Distributed mode: one service process SIGKILLed and restarted', () => {
  const prefix = uniqueName('kill');
  const schema = (service: Service) => `${prefix}_${service}`;
  const topicPrefix = `${prefix}.`;
  const processes = new Map<Service, ServiceProcess>();
  const driven: DrivenInstance[] = [];
  let workload: ChaosWorkload;
  let producer: KafkaMessageBus;
  let pool: Pool;
  /** When the last killed process was down (SIGKILL sent → serving again), epoch ms. */
  let downtime = { from: 0, to: 0 };

  const proc = (service: Service): ServiceProcess => {
    const p = processes.get(service);
    if (!p) throw new Error(`no ${service} process`);
    return p;
  };
  const logs = () => SERVICES.map((s) => `--- ${s} ---\n${proc(s).tail(30)}`).join('\n');

  beforeAll(async () => {
    const ports = await Promise.all(SERVICES.map(() => freePort()));
    const executionAddress = `127.0.0.1:${ports[0]}`;
    SERVICES.forEach((service, i) =>
      processes.set(
        service,
        new ServiceProcess(service, ports[i] as number, {
          BATON_STORE: 'postgres',
          DATABASE_URL: databaseUrl(),
          BATON_PG_SCHEMA: schema(service),
          KAFKA_BROKERS: kafkaBrokers().join(','),
          // Topics and groups of this run only: other runs may share the broker.
          BATON_KAFKA_TOPIC_PREFIX: topicPrefix,
          BATON_EXECUTION_ADDRESS: executionAddress,
          // Definition publishes examples/*.yaml, ownership registers the directory they name.
          BATON_SEED: 'true',
        }),
      ),
    );
    await Promise.all(SERVICES.map((s) => proc(s).start()));
    const address = (s: Service) => proc(s).address;
    producer = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: `${prefix}-systems`, topicPrefix });
    workload = new ChaosWorkload(
      {
        definition: address('definition'),
        execution: address('execution'),
        ownership: address('ownership'),
        analytics: address('analytics'),
      },
      producer,
    );
    pool = new Pool({ connectionString: databaseUrl(), max: 2 });
    // Execution learns definitions from the definition topic: start data missing every field is
    // refused as invalid once it knows one, as not found before.
    for (const id of ['order-to-cash', 'budget-approval']) {
      await workload.until(`execution to know ${id}`, 60_000, async () =>
        (await workload.startCode(id, undefined, {})) === status.INVALID_ARGUMENT ? true : undefined,
      );
    }
  }, 180_000);

  afterAll(async () => {
    workload?.close();
    await producer?.close();
    await pool?.end();
    await Promise.all([...processes.values()].map((p) => p.stop()));
  });

  /** Work begun around the kill: `atKill` just before the SIGKILL, `whileDown` once the process is gone. */
  interface KillHooks {
    readonly atKill?: () => Promise<DrivenInstance[]>;
    /** Resolves when the SIGKILL should go (after `atKill` began); at once when absent. */
    readonly killWhen?: () => Promise<unknown>;
    readonly whileDown?: () => Promise<DrivenInstance[]>;
  }

  /**
   * Drives the lanes while `service` is SIGKILLed once enough work is under way, then restarted
   * on the same port and environment; returns every instance driven.
   */
  async function runWithKill(service: Service, hooks: KillHooks = {}): Promise<DrivenInstance[]> {
    downtime = { from: 0, to: 0 };
    const stepsBefore = workload.stepsEnded;
    let restarted = false;
    let failed = false;
    const killer = (async () => {
      await workload.until(`${STEPS_BEFORE_KILL} steps ended before killing ${service}`, 60_000, async () =>
        workload.stepsEnded - stepsBefore >= STEPS_BEFORE_KILL || failed ? true : undefined,
      );
      const atKill = hooks.atKill?.();
      await hooks.killWhen?.();
      downtime.from = Date.now();
      await proc(service).kill();
      const whileDown = hooks.whileDown?.();
      await proc(service).restart();
      downtime.to = Date.now();
      restarted = true;
      return [...((await atKill) ?? []), ...((await whileDown) ?? [])];
    })();
    const lanes = Array.from({ length: LANES }, async (_, lane) => {
      const mine: DrivenInstance[] = [];
      let afterRestart = 0;
      for (let i = 0; !failed && (mine.length < MIN_PER_LANE || afterRestart < 1); i++) {
        const begunAfterRestart = restarted;
        const key = `${prefix}-${service}-${lane}-${i}`.replace(/_/g, '-');
        mine.push(
          (lane + i) % 2 === 0
            ? await workload.orderToCash(`SO-${key}`, INSTANCE_TIMEOUT_MS)
            : await workload.budgetApproval(`BR-${key}`, INSTANCE_TIMEOUT_MS),
        );
        if (begunAfterRestart) afterRestart += 1;
      }
      return mine;
    });
    try {
      const results = await Promise.all([killer, ...lanes]);
      return results.flat();
    } catch (error) {
      failed = true;
      // What the services said is the evidence a failure needs.
      throw new Error(`${String(error)}\n${logs()}`);
    }
  }

  /** Problems of one driven instance, read from execution's store and compared with the audit trail. */
  async function problemsOf(d: DrivenInstance): Promise<string[]> {
    const problems: string[] = [];
    const instance = await workload.getInstance(d.instanceId);
    if (instance.state !== EXECUTION_STATE_COMPLETED) problems.push(`state ${instance.state}, not completed`);
    const withKey = await workload.instancesWithKey(d.definitionId, d.businessKey);
    if (withKey.length !== 1) problems.push(`${withKey.length} instances with business key ${d.businessKey}`);
    const stream = await readStoredStream(pool, schema('execution'), `instance-${d.instanceId}`);
    problems.push(...transitionViolations(stream));
    if (stream.length !== Number(instance.streamVersion)) {
      problems.push(`stream has ${stream.length} events, GetInstance says version ${instance.streamVersion}`);
    }
    // The audit trail is a projection: wait until it has caught up, then it must equal the stream.
    const stored = stream.map((e) => `${e.streamVersion}:${e.type}:${e.eventId}`);
    let trail: string[] = [];
    try {
      await workload.until(`the audit trail of ${d.instanceId}`, 60_000, async () => {
        // NOT_FOUND until the projection has seen the instance (analytics resumes from its checkpoint).
        const entries = await workload.auditTrail(d.instanceId).catch((error: { code?: number }) => {
          if (error.code === status.NOT_FOUND) return [];
          throw error;
        });
        trail = entries.map((e) => `${Number(e.event?.streamVersion)}:${e.event?.type}:${e.event?.eventId}`);
        return trail.length >= stored.length ? true : undefined;
      });
    } catch (error) {
      problems.push(String(error));
    }
    if (JSON.stringify(trail) !== JSON.stringify(stored)) {
      problems.push(
        `audit trail differs from the stream:\n  trail  ${trail.join(' ')}\n  stream ${stored.join(' ')}`,
      );
    }
    return problems.map((p) => `${d.definitionId} ${d.businessKey} (${d.instanceId}): ${p}`);
  }

  async function expectExactlyOnce(instances: readonly DrivenInstance[]): Promise<void> {
    const problems = (await Promise.all(instances.map((d) => problemsOf(d)))).flat();
    expect(problems).toEqual([]);
  }

  const checkRound = (service: Service, instances: readonly DrivenInstance[]) => {
    driven.push(...instances);
    expect(instances.length).toBeGreaterThanOrEqual(LANES * MIN_PER_LANE);
    expect(proc(service).restarts).toBe(1);
    expect(SERVICES.flatMap((s) => proc(s).unexpectedExits)).toEqual([]);
  };

  it('execution: instances started by triggers and by StartInstance, steps in flight', async () => {
    // A burst of orders placed as execution is killed (it dies consuming their triggers, some
    // starts half done), and one more placed while it is down (its trigger waits in Kafka).
    const burstKey = (i: number) => `SO-${prefix.replace(/_/g, '-')}-at-kill-${i}`;
    const order = (name: string) =>
      workload.orderToCash(`SO-${prefix.replace(/_/g, '-')}-${name}`, INSTANCE_TIMEOUT_MS);
    const instances = await runWithKill('execution', {
      atKill: () => Promise.all(Array.from({ length: BURST_AT_KILL }, (_, i) => order(`at-kill-${i}`))),
      // Killed once the first of the burst has started, while the others' triggers are consumed.
      killWhen: () =>
        workload.until('the first order of the burst started', 60_000, async () =>
          (await workload.instancesWithKey('order-to-cash', burstKey(0))).length > 0 ? true : undefined,
        ),
      whileDown: async () => [await order('while-down')],
    });
    checkRound('execution', instances);
    // The clients saw the outage (and retried through it): the kill landed in the middle of the work.
    expect(instances.reduce((n, d) => n + d.retries, 0)).toBeGreaterThan(0);
    await expectExactlyOnce(instances);
  }, 150_000);

  it('ownership: assignments cut off by the crash are made once, after the restart', async () => {
    const instances = await runWithKill('ownership');
    checkRound('ownership', instances);
    // Steps became due for assignment while ownership was down: the restarted process assigned them.
    const activatedWhileDown = (await Promise.all(instances.map((d) => workload.getInstance(d.instanceId))))
      .flatMap((i) => i.activations)
      .filter((a) => a.assigneePersonId && a.stepKind !== definitionV1.StepKind.STEP_KIND_AUTOMATED)
      .filter((a) => {
        const at = a.activatedAt?.getTime() ?? 0;
        return at >= downtime.from && at <= downtime.to;
      });
    expect(activatedWhileDown.length).toBeGreaterThan(0);
    await expectExactlyOnce(instances);
  }, 150_000);

  it('definition: a version published across the crash is recorded and learned once', async () => {
    // A new version of a process the workload does not run, published as the process dies (the
    // client retries with the same idempotency key until the restarted service answers).
    const text = readFileSync(join(examples, 'client-lifecycle.yaml'), 'utf8').replace(
      /^description: .*$/m,
      `description: Revised during ${prefix}.`,
    );
    let published: { version: number } | undefined;
    const instances = await runWithKill('definition', {
      atKill: async () => {
        const r = await workload.publishDefinition(text, `${prefix}-client-lifecycle-v2`);
        published = { version: r.definitionVersion?.version ?? 0 };
        return [];
      },
    });
    checkRound('definition', instances);
    expect(published).toEqual({ version: 2 });
    const definitionStream = await readStoredStream(
      pool,
      schema('definition'),
      'definition-client-lifecycle',
    );
    expect(definitionStream.map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'DefinitionVersionPublished'],
      [2, 'DefinitionVersionPublished'],
    ]);
    // Execution learns version 2 from the topic (the relay resumed from its checkpoint), once.
    await workload.until('execution to know client-lifecycle v2', 60_000, async () =>
      (await workload.startCode('client-lifecycle', 2, {})) === status.INVALID_ARGUMENT ? true : undefined,
    );
    const known = await readStoredStream(
      pool,
      schema('execution'),
      'execution-known-definition-client-lifecycle',
    );
    expect(known.map((e) => e.streamVersion)).toEqual([1, 2]);
    await expectExactlyOnce(instances);
  }, 150_000);

  it('analytics: the durable audit trail equals every instance stream, all tests included', async () => {
    const instances = await runWithKill('analytics');
    checkRound('analytics', instances);
    await expectExactlyOnce(driven);
  }, 150_000);
});
