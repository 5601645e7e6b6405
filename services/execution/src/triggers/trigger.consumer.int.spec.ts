import {
  commonV1,
  DEFINITION_EVENTS_TOPIC,
  EXECUTION_EVENTS_TOPIC,
  OWNERSHIP_EVENTS_TOPIC,
  executionV1,
  TRIGGERS_DLQ_TOPIC,
  TRIGGERS_TOPIC,
} from '@baton/contracts';
import { DlqHeaders, KafkaMessageBus, type IncomingMessage } from '@baton/messaging';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';

jest.setTimeout(90_000);

describeWithKafka('Triggers from Kafka (real broker)', () => {
  const definitionId = uniqueName('kafka-start').replace(/_/g, '-');
  const triggerType = `test.${definitionId}.requested`;
  const key = uniqueName('key');
  let bus: KafkaMessageBus;
  let producer: KafkaMessageBus;
  let t: ExecutionTestApp;
  const dlq: IncomingMessage[] = [];

  beforeAll(async () => {
    const options = { brokers: kafkaBrokers(), fetchMaxWaitMs: 100, sessionTimeoutMs: 6_000 };
    bus = new KafkaMessageBus({ ...options, clientId: 'execution-int' });
    producer = new KafkaMessageBus({ ...options, clientId: 'execution-int-producer' });
    await producer.ensureTopics(
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
    t = await ExecutionTestApp.start({
      bus,
      module: {
        groups: {
          definitions: uniqueName('execution-definitions'),
          triggers: uniqueName('execution-triggers'),
        },
      },
    });
    await t.publishDefinitionText(`
id: ${definitionId}
name: Kafka-started
category: support
trigger: { event: ${triggerType}, correlationKey: ticketId, requires: [ticketId] }
steps:
  - { id: handle, name: Handle, owner: { team: support } }
handoffs:
  - { from: start, to: handle }
  - { from: handle, to: end, on: completed }
`);
    await producer.subscribe({
      topic: TRIGGERS_DLQ_TOPIC,
      groupId: uniqueName('dlq-reader'),
      fromBeginning: true,
      handler: async (m) => void (m.key === key && dlq.push(m)),
    });
  });
  afterAll(async () => {
    await t?.close();
    await producer?.close();
  });

  const produce = (ticketId: string, idempotencyKey: string) =>
    producer.publish(TRIGGERS_TOPIC, [
      {
        key,
        value: Buffer.from(
          commonV1.TriggerEvent.encode(
            commonV1.TriggerEvent.fromPartial({
              type: triggerType,
              correlationKey: ticketId,
              idempotencyKey,
              payload: { ticketId },
              source: 'helpdesk',
            }),
          ).finish(),
        ),
        headers: { 'content-type': 'application/x-protobuf; messageType=baton.common.v1.TriggerEvent' },
      },
    ]);
  const instances = async () =>
    (await t.call('listInstances', executionV1.ListInstancesRequest.fromPartial({ definitionId }))).instances;

  it('starts an instance for a trigger, and nothing for the same trigger again', async () => {
    await produce('T-1', 'helpdesk:T-1');
    await waitUntil(async () => (await instances()).length === 1, 60_000);
    expect((await instances())[0]?.businessKey).toBe('T-1');

    await produce('T-1', 'helpdesk:T-1');
    await produce('T-2', 'helpdesk:T-2'); // same key, so it is consumed after the duplicate
    await waitUntil(async () => (await instances()).length >= 2, 60_000);
    expect((await instances()).map((i) => i.businessKey).sort()).toEqual(['T-1', 'T-2']);
  });

  it('dead-letters a malformed trigger with its reason in the headers', async () => {
    await producer.publish(TRIGGERS_TOPIC, [
      {
        key,
        value: Buffer.from(JSON.stringify({ type: triggerType })),
        headers: { 'content-type': 'application/json' },
      },
    ]);
    await waitUntil(() => dlq.length > 0, 60_000);
    expect(dlq[0]?.headers[DlqHeaders.reason]).toMatch(
      /^MalformedTriggerError: the trigger lacks correlation_key, idempotency_key/,
    );
    expect(dlq[0]?.headers[DlqHeaders.originalTopic]).toBe(TRIGGERS_TOPIC);
  });
});
