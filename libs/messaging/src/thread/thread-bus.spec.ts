import { MessageChannel } from 'node:worker_threads';
import { InProcessMessageBus } from '../in-process/in-process-bus';
import type { IncomingMessage } from '../port/message-bus.port';
import { json, waitFor } from '../test-support/wait-for';
import { serveBusToThread, type ServedBus } from './serve-bus-to-thread';
import { ThreadBusClient } from './thread-bus-client';

// Both ends in one thread: a MessageChannel crosses the same structured-clone boundary as a worker's.
const msg = (key: string, seq: number) => ({ key, value: json({ key, seq }), headers: { seq: String(seq) } });
const bodies = (received: IncomingMessage[]) => received.map((m) => JSON.parse(m.value.toString()));

describe('a bus served to a thread', () => {
  let bus: InProcessMessageBus;
  let served: ServedBus[];
  let clients: ThreadBusClient[];
  const connect = () => {
    const { port1, port2 } = new MessageChannel();
    served.push(serveBusToThread(bus, port1));
    const client = new ThreadBusClient(port2);
    clients.push(client);
    return client;
  };

  beforeEach(() => {
    bus = new InProcessMessageBus({ partitions: 2, redeliveryDelayMs: 1 });
    served = [];
    clients = [];
  });
  afterEach(async () => {
    await Promise.all(served.map((s) => s.close()));
    for (const client of clients) (client as unknown as { port: { close(): void } }).port.close();
    await bus.close();
  });

  it('delivers batches with their values, headers, keys and offsets, in order per key', async () => {
    const received: IncomingMessage[] = [];
    const client = connect();
    await client.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      maxBatchSize: 3,
      batchHandler: async (batch) => void received.push(...batch),
    });
    for (let seq = 0; seq < 5; seq++) await bus.publish('t', [msg('a', seq), msg('b', seq)]);
    await waitFor(() => received.length === 10);
    for (const key of ['a', 'b'])
      expect(bodies(received.filter((m) => m.key === key)).map((b) => b.seq)).toEqual([0, 1, 2, 3, 4]);
    const first = received.find((m) => m.key === 'a' && m.headers['seq'] === '0');
    expect(Buffer.isBuffer(first?.value)).toBe(true);
    expect(first).toMatchObject({ topic: 't', headers: { seq: '0' } });
    expect(typeof first?.offset).toBe('string');
  });

  it('redelivers a batch whose handler in the thread rejected', async () => {
    let failures = 1;
    const received: number[] = [];
    await connect().subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      batchHandler: async (batch) => {
        if (failures-- > 0) throw new Error('read model busy');
        received.push(...bodies([...batch]).map((b) => b.seq));
      },
    });
    await bus.publish('t', [msg('k', 0), msg('k', 1)]);
    await waitFor(() => received.length === 2);
    expect(received).toEqual([0, 1]);
  });

  it('hands what a dead thread never acknowledged to the next thread of the same group', async () => {
    const first = connect();
    let unblock: () => void = () => undefined;
    const seenByFirst: number[] = [];
    await first.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      batchHandler: (batch) => {
        seenByFirst.push(...bodies([...batch]).map((b) => b.seq));
        return new Promise<void>((resolve) => (unblock = resolve)); // never acknowledged in time
      },
    });
    await bus.publish('t', [msg('k', 0)]);
    await waitFor(() => seenByFirst.length === 1);
    await served[0]?.close(); // the thread died
    unblock();
    const seenBySecond: number[] = [];
    await connect().subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      batchHandler: async (batch) => void seenBySecond.push(...bodies([...batch]).map((b) => b.seq)),
    });
    await bus.publish('t', [msg('k', 1)]);
    await waitFor(() => seenBySecond.length === 2);
    expect(seenBySecond).toEqual([0, 1]);
  });

  it('stops delivering once the thread unsubscribed, and refuses to publish', async () => {
    const received: IncomingMessage[] = [];
    const client = connect();
    const subscription = await client.subscribe({
      topic: 't',
      groupId: 'g',
      handler: async (m) => void received.push(m),
    });
    await bus.publish('t', [msg('k', 0)]);
    await waitFor(() => received.length === 1);
    await subscription.stop();
    await bus.publish('t', [msg('k', 1)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
    await expect(client.publish('t', [msg('k', 2)])).rejects.toThrow('only consumes');
  });
});
