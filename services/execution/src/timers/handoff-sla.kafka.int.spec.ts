import {
  DEFINITION_EVENTS_TOPIC,
  EXECUTION_EVENTS_TOPIC,
  OWNERSHIP_EVENTS_TOPIC,
  TRIGGERS_DLQ_TOPIC,
  TRIGGERS_TOPIC,
} from '@baton/contracts';
import { decodeMessage } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { KafkaMessageBus } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { ExecutionTestApp, T0, waitUntil } from '../testing/execution-test-app';
import { HOUR, RiskReview, riskReviewYaml } from '../testing/handoff-sla-fixture';
import { HandoffDeadlineScheduler } from './handoff-deadline-scheduler';

jest.setTimeout(120_000);

// Execution on a real broker, restarted like a crashed process between the at-risk threshold and
// the deadline: its handoff clocks are rebuilt from the store, and the relay publishes each alert
// to the execution events topic once. A handoff picked up in time publishes none.
describeWithKafka('Handoff SLA alerts on Kafka', () => {
  const definitionId = uniqueName('risk-review').replace(/_/g, '-').toLowerCase();
  const kafka = { brokers: kafkaBrokers(), fetchMaxWaitMs: 100, sessionTimeoutMs: 6_000 };
  const groups = {
    definitions: uniqueName('execution-definitions'),
    triggers: uniqueName('execution-triggers'),
  };
  const clock = new ManualClock(T0);
  const buses: KafkaMessageBus[] = [];
  const seen: RecordedEvent[] = [];
  let reader: KafkaMessageBus;
  let t: ExecutionTestApp;
  let waiting: string;
  let inTime: string;

  const start = async (dir?: string) => {
    const bus = new KafkaMessageBus({ ...kafka, clientId: 'execution-handoff-sla-int' });
    buses.push(bus);
    return ExecutionTestApp.start({ ...(dir ? { dir } : {}), bus, clock, module: { groups } });
  };
  const tick = () => t.app.get(HandoffDeadlineScheduler).tick();
  const onTopic = (instanceId: string, type: string) =>
    seen.filter((e) => e.streamId === `instance-${instanceId}` && e.type === type);

  beforeAll(async () => {
    reader = new KafkaMessageBus({ ...kafka, clientId: 'execution-handoff-sla-reader' });
    await reader.ensureTopics(
      [
        DEFINITION_EVENTS_TOPIC,
        EXECUTION_EVENTS_TOPIC,
        OWNERSHIP_EVENTS_TOPIC, // execution reads calendars from it
        TRIGGERS_TOPIC,
        TRIGGERS_DLQ_TOPIC,
      ].map((topic) => ({
        topic,
        numPartitions: 3,
      })),
    );
    await reader.subscribe({
      topic: EXECUTION_EVENTS_TOPIC,
      groupId: uniqueName('handoff-sla-reader'),
      fromBeginning: true,
      handler: async (message) => void seen.push(decodeMessage(message)),
    });
    t = await start();
    await t.publishDefinitionText(riskReviewYaml(definitionId));
    const process = new RiskReview(t, definitionId);
    waiting = await process.handedToRisk('L-1');
    inTime = await process.handedToRisk('L-2');
    clock.advance(2 * HOUR);
    await process.pickedUp(inTime);
  });

  afterAll(async () => {
    await t?.close();
    for (const bus of buses) await bus.close().catch(() => undefined);
    await reader?.close();
  });

  it('publishes HandoffAtRisk then HandoffBreached once each, across a restart, and nothing for a handoff picked up in time', async () => {
    clock.set(T0 + 3 * HOUR);
    expect(await tick()).toBe(1);
    await waitUntil(() => onTopic(waiting, 'HandoffAtRisk').length === 1, 60_000);

    await t.close(false);
    t = await start(t.dir);
    expect(await tick()).toBe(0); // the rebuilt clocks know the at-risk was recorded
    clock.set(T0 + 4 * HOUR + 1);
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    await waitUntil(() => onTopic(waiting, 'HandoffBreached').length === 1, 60_000);

    // Everything relayed so far has arrived: the picked-up instance's StepStarted came after its alerts would have.
    await waitUntil(() => onTopic(inTime, 'StepStarted').length === 2, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // room for a duplicate to show
    expect(onTopic(waiting, 'HandoffAtRisk')).toHaveLength(1);
    expect(onTopic(waiting, 'HandoffBreached')).toHaveLength(1);
    expect(
      seen
        .filter((e) => e.streamId === `instance-${waiting}` && e.type.startsWith('Handoff'))
        .map((e) => e.type),
    ).toEqual(['HandoffAtRisk', 'HandoffBreached']);
    expect(onTopic(waiting, 'HandoffBreached')[0]?.data).toMatchObject({
      handoffId: 'intake-to-risk',
      stage: 'assignment',
      dueAt: T0 + 4 * HOUR,
      owner: { kind: 'role', role: 'risk-lead' },
    });
    expect(seen.filter((e) => e.streamId === `instance-${inTime}` && e.type.startsWith('Handoff'))).toEqual(
      [],
    );
  });
});
