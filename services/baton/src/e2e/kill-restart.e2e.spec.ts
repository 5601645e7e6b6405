import { commonV1, TRIGGERS_TOPIC, type executionV1 } from '@baton/contracts';
import { KafkaMessageBus, MessageHeaders } from '@baton/messaging';
import { status } from '@grpc/grpc-js';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { BatonClients } from './baton-clients';
import { freePort, ServiceProcess } from './processes/service-process';
import { eventually, orderToCash, type ScenarioResult, type ScenarioWorld } from './scenarios';

const SERVICES = ['definition', 'execution', 'ownership', 'analytics'] as const;
const LANES = 3;
const ORDERS_PER_LANE = 5;

// The four services as four OS processes on PostgreSQL and Kafka. While order-to-cash instances
// run (reconciliation loop, payment trigger), each service in turn is killed with SIGKILL and
// started again. Every instance must still complete with each transition recorded exactly once.
describeWith(['kafka', 'postgres'], 'Distributed mode: a service killed with SIGKILL and restarted', () => {
  const prefix = uniqueName('kill');
  const processes = new Map<string, ServiceProcess>();
  let clients: BatonClients;
  let producer: KafkaMessageBus;

  beforeAll(async () => {
    const ports = await Promise.all(SERVICES.map(() => freePort()));
    const executionAddress = `127.0.0.1:${ports[1]}`;
    SERVICES.forEach((service, i) =>
      processes.set(
        service,
        new ServiceProcess(service, ports[i] as number, {
          BATON_STORE: 'postgres',
          DATABASE_URL: databaseUrl(),
          BATON_PG_SCHEMA: `${prefix}_${service}`,
          KAFKA_BROKERS: kafkaBrokers().join(','),
          BATON_EXECUTION_ADDRESS: executionAddress,
          BATON_SEED: 'true',
        }),
      ),
    );
    // Execution first: the others' consumers and commands need it less urgently than it needs topics.
    await processes.get('execution')?.start();
    await Promise.all(SERVICES.filter((s) => s !== 'execution').map((s) => processes.get(s)?.start()));
    const at = (s: string) => processes.get(s)?.address ?? '';
    clients = new BatonClients(
      {
        definition: at('definition'),
        execution: at('execution'),
        ownership: at('ownership'),
        analytics: at('analytics'),
      },
      60_000,
    );
    producer = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'commerce-system' });
  }, 180_000);

  afterAll(async () => {
    clients?.close();
    await producer?.close();
    await Promise.all([...processes.values()].map((p) => p.stop()));
  });

  it('loses no transition and duplicates none', async () => {
    const world: ScenarioWorld = {
      clients,
      produceTrigger: (t) =>
        producer.publish(TRIGGERS_TOPIC, [
          {
            key: t.correlationKey,
            value: Buffer.from(commonV1.TriggerEvent.encode(commonV1.TriggerEvent.fromPartial(t)).finish()),
            headers: { [MessageHeaders.contentType]: 'application/x-protobuf' },
          },
        ]),
      advanceClock: () => undefined,
      tickDeadlines: async () => undefined,
    };
    // Execution must know order-to-cash (from the definition topic) before the first order: a
    // trigger nothing starts on goes to the dead-letter topic. Start data missing every field is
    // refused as invalid once the definition is known, and as not found before.
    await eventually(
      'execution to know order-to-cash',
      async () => {
        const code = await clients.startInstance('order-to-cash', 'probe', {}).then(
          () => 0,
          (e: { code?: number }) => e.code,
        );
        return code === status.INVALID_ARGUMENT ? true : undefined;
      },
      60_000,
    );

    // Orders keep coming until every service has been killed and restarted once.
    let killing = true;
    const results: ScenarioResult[] = [];
    const killer = (async () => {
      try {
        for (const service of ['execution', 'ownership', 'definition', 'analytics']) {
          await new Promise((r) => setTimeout(r, 1_500));
          await processes.get(service)?.restart();
        }
      } finally {
        killing = false;
      }
    })();
    const lanes = Array.from({ length: LANES }, async () => {
      for (let i = 0; i < ORDERS_PER_LANE || killing; i++) results.push(await orderToCash(world, Date.now()));
    });
    try {
      await Promise.all([killer, ...lanes]);
    } catch (error) {
      // What the services said is the evidence a failure needs.
      const logs = [...processes.values()].map((p) => `--- ${p.service} ---\n${p.tail(25)}`).join('\n');
      throw new Error(`${String(error)}\n${logs}`);
    }

    expect(results.length).toBeGreaterThanOrEqual(LANES * ORDERS_PER_LANE);
    expect([...processes.values()].map((p) => [p.service, p.restarts])).toEqual(SERVICES.map((s) => [s, 1]));
    for (const result of results) {
      const instance: executionV1.Instance = await clients.getInstance(result.instance.instanceId);
      expect(instance.state).toBe(2); // COMPLETED
      expect(result.instancesWithKey).toBe(1);
      const trail = result.trail.map((e) => e.event);
      // Stream versions 1..N without a gap, as many entries as the stream has.
      expect(trail.map((e) => Number(e?.streamVersion))).toEqual(trail.map((_, i) => i + 1));
      expect(trail).toHaveLength(Number(instance.streamVersion));
      // Each activation completes (or fails) once, is assigned once and started once.
      const perActivation = new Map<string, string[]>();
      for (const entry of result.trail) {
        if (!entry.activationId) continue;
        perActivation.set(entry.activationId, [
          ...(perActivation.get(entry.activationId) ?? []),
          entry.event?.type ?? '',
        ]);
      }
      for (const [activation, types] of perActivation) {
        const count = (type: string) => [activation, type, types.filter((t) => t === type).length];
        expect(count('StepActivated')).toEqual([activation, 'StepActivated', 1]);
        // The wait for payment completes by its trigger: never assigned or started.
        const worked = activation.startsWith('collect-payment#') ? 0 : 1;
        expect(count('StepAssigned')).toEqual([activation, 'StepAssigned', worked]);
        expect(count('StepStarted')).toEqual([activation, 'StepStarted', worked]);
        const ends = types.filter((t) => t === 'StepCompleted' || t === 'StepFailed').length;
        expect([activation, ends]).toEqual([activation, 1]);
      }
      expect(trail.filter((e) => e?.type === 'InstanceStarted')).toHaveLength(1);
      expect(trail.filter((e) => e?.type === 'InstanceCompleted')).toHaveLength(1);
    }
  }, 300_000);
});
