import { commonV1, TRIGGERS_TOPIC } from '@baton/contracts';
import { KafkaMessageBus, MessageHeaders } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { ExecutionDefinitionCatalog } from '@baton/service-execution';
import { DeadlineScheduler } from '@baton/service-ownership';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { BatonClients } from './baton-clients';
import { startDistributedCluster, type DistributedCluster } from './distributed-cluster';
import { eventually, onboarding, orderToCash, type ScenarioResult, type ScenarioWorld } from './scenarios';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const typesOf = (r: ScenarioResult) => r.trail.map((e) => e.event?.type);

// The same scenarios as embedded mode, with the four services as separate Nest apps, each with its
// own PostgreSQL schema and Kafka client, talking only over gRPC and Kafka; the triggers are
// produced to Kafka the way an internal system does.
describeWith(['kafka', 'postgres'], 'Distributed mode end to end (real Kafka and PostgreSQL)', () => {
  const clock = new ManualClock(T0);
  let cluster: DistributedCluster;
  let producer: KafkaMessageBus;
  let world: ScenarioWorld;

  beforeAll(async () => {
    cluster = await startDistributedCluster({
      databaseUrl: databaseUrl(),
      kafkaBrokers: kafkaBrokers(),
      prefix: uniqueName('e2e'),
      clock,
    });
    producer = new KafkaMessageBus({
      brokers: kafkaBrokers(),
      clientId: 'hr-system',
      topicPrefix: cluster.topicPrefix,
    });
    world = {
      clients: new BatonClients(cluster.addresses),
      produceTrigger: (t) =>
        producer.publish(TRIGGERS_TOPIC, [
          {
            key: t.correlationKey,
            value: Buffer.from(commonV1.TriggerEvent.encode(commonV1.TriggerEvent.fromPartial(t)).finish()),
            headers: { [MessageHeaders.contentType]: 'application/x-protobuf' },
          },
        ]),
      advanceClock: (ms) => clock.advance(ms),
      tickDeadlines: () => cluster.ownership.app.get(DeadlineScheduler).tick(),
    };
    // Execution learns the definitions from the definition topic before anything starts.
    const catalog = cluster.execution.app.get(ExecutionDefinitionCatalog);
    await eventually('execution to know the reference definitions', async () =>
      ['employee-onboarding', 'order-to-cash'].every((id) => catalog.version('default', id, 1))
        ? true
        : undefined,
    );
  }, 120_000);

  afterAll(async () => {
    world?.clients.close();
    await producer?.close();
    await cluster?.stop();
  });

  it('runs onboarding from a trigger produced to Kafka, with the escalation and the join', async () => {
    const result = await onboarding(world, clock.now());
    expect(result.instancesWithKey).toBe(1);
    expect(result.trail.map((e) => Number(e.event?.streamVersion))).toEqual(
      result.trail.map((_, i) => i + 1),
    );
    const types = typesOf(result);
    expect(types[0]).toBe('InstanceStarted');
    expect(types.at(-1)).toBe('InstanceCompleted');
    expect(types.filter((t) => t === 'StepCompleted')).toHaveLength(4);
    expect(types.indexOf('StepOverdue')).toBeLessThan(types.indexOf('StepEscalated'));
  }, 120_000);

  it('runs order-to-cash through its reconciliation loop to the payment trigger', async () => {
    const result = await orderToCash(world, clock.now());
    expect(result.instancesWithKey).toBe(1);
    const types = typesOf(result);
    expect(types.filter((t) => t === 'StepFailed')).toHaveLength(1);
    expect(types).toContain('TriggerCorrelated');
    expect(types.at(-1)).toBe('InstanceCompleted');
  }, 120_000);
});
