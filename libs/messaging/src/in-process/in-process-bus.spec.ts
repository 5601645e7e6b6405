import type { IncomingMessage } from '../port/message-bus.port';
import { json, waitFor } from '../test-support/wait-for';
import { InProcessMessageBus } from './in-process-bus';

const msg = (key: string, seq: number) => ({ key, value: json({ key, seq }), headers: { seq: String(seq) } });
const seqs = (received: IncomingMessage[], key: string) =>
  received.filter((m) => m.key === key).map((m) => Number(m.headers['seq']));

describe('InProcessMessageBus', () => {
  let bus: InProcessMessageBus;
  beforeEach(() => {
    bus = new InProcessMessageBus({ partitions: 3, redeliveryDelayMs: 1 });
  });
  afterEach(() => bus.close());

  it('delivers every message once per group, in publish order per key', async () => {
    const a: IncomingMessage[] = [];
    const b: IncomingMessage[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'a',
      fromBeginning: true,
      handler: async (m) => void a.push(m),
    });
    await bus.subscribe({
      topic: 't',
      groupId: 'b',
      fromBeginning: true,
      handler: async (m) => void b.push(m),
    });
    const keys = ['s-1', 's-2', 's-3', 's-4'];
    for (let seq = 0; seq < 5; seq++)
      await bus.publish(
        't',
        keys.map((k) => msg(k, seq)),
      );
    await waitFor(() => a.length === 20 && b.length === 20);
    for (const key of keys) {
      expect(seqs(a, key)).toEqual([0, 1, 2, 3, 4]);
      expect(seqs(b, key)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(a[0]?.headers).toEqual({ seq: '0' });
  });

  it('awaits an async handler before delivering the next message of its partition', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const done: number[] = [];
    const single = new InProcessMessageBus();
    await single.subscribe({
      topic: 't',
      groupId: 'g',
      handler: async (m) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        done.push(Number(m.headers['seq']));
        inFlight--;
      },
    });
    await single.publish('t', [msg('x', 0), msg('y', 1), msg('x', 2)]);
    await waitFor(() => done.length === 3);
    expect(done).toEqual([0, 1, 2]);
    expect(maxInFlight).toBe(1);
    await single.close();
  });

  it('redelivers a message whose handler rejected, without skipping it', async () => {
    const seen: number[] = [];
    let failures = 2;
    await bus.subscribe({
      topic: 't',
      groupId: 'g',
      handler: async (m) => {
        if (m.headers['seq'] === '1' && failures-- > 0) throw new Error('transient');
        seen.push(Number(m.headers['seq']));
      },
    });
    await bus.publish('t', [msg('k', 0), msg('k', 1), msg('k', 2)]);
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('hands a batch handler what its partition holds, in order, and redelivers a rejected batch whole', async () => {
    const single = new InProcessMessageBus({ redeliveryDelayMs: 1 });
    await single.publish(
      't',
      [0, 1, 2, 3, 4].map((seq) => msg('k', seq)),
    );
    const batches: number[][] = [];
    let failures = 1;
    await single.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      maxBatchSize: 3,
      batchHandler: async (messages) => {
        const batch = messages.map((m) => Number(m.headers['seq']));
        batches.push(batch);
        if (batch.includes(4) && failures-- > 0) throw new Error('transient');
      },
    });
    await waitFor(() => batches.length === 3);
    expect(batches).toEqual([
      [0, 1, 2],
      [3, 4],
      [3, 4],
    ]);
    await single.publish('t', [msg('k', 5)]);
    await waitFor(() => batches.length === 4);
    expect(batches[3]).toEqual([5]);
    await single.close();
  });

  it('lets a partial batch wait lingerMs for more messages, once per delivery', async () => {
    const lingering = new InProcessMessageBus({ redeliveryDelayMs: 1 });
    const batches: number[][] = [];
    await lingering.subscribe({
      topic: 't',
      groupId: 'g',
      lingerMs: 200,
      maxBatchSize: 10,
      batchHandler: async (messages) => void batches.push(messages.map((m) => Number(m.headers['seq']))),
    });
    await lingering.publish('t', [msg('k', 0)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lingering.publish('t', [msg('k', 1), msg('k', 2)]);
    await waitFor(() => batches.length === 1);
    expect(batches).toEqual([[0, 1, 2]]);
    await lingering.close();
  });

  it('starts a new group at the end unless fromBeginning, and a group resumes where it stopped', async () => {
    await bus.publish('t', [msg('k', 0)]);
    const late: number[] = [];
    const sub = await bus.subscribe({
      topic: 't',
      groupId: 'late',
      handler: async (m) => void late.push(Number(m.headers['seq'])),
    });
    await bus.publish('t', [msg('k', 1)]);
    await waitFor(() => late.length === 1);
    await sub.stop();
    await bus.publish('t', [msg('k', 2)]);
    await bus.subscribe({
      topic: 't',
      groupId: 'late',
      handler: async (m) => void late.push(Number(m.headers['seq'])),
    });
    await waitFor(() => late.length === 2);
    expect(late).toEqual([1, 2]);
  });

  it('shares partitions between the members of a group: each message goes to one member', async () => {
    const got: string[] = [];
    for (const member of ['m1', 'm2']) {
      await bus.subscribe({
        topic: 't',
        groupId: 'g',
        fromBeginning: true,
        handler: async (m) => void got.push(`${member}:${m.key}:${m.headers['seq']}`),
      });
    }
    const keys = Array.from({ length: 10 }, (_, i) => `s-${i}`);
    await bus.publish(
      't',
      keys.map((k) => msg(k, 0)),
    );
    await waitFor(() => got.length === 10);
    expect(new Set(got.map((g) => g.split(':').slice(1).join(':'))).size).toBe(10);
  });

  it('refuses to publish once closed', async () => {
    await bus.close();
    await expect(bus.publish('t', [msg('k', 0)])).rejects.toThrow('closed');
  });
});

describe('InProcessMessageBus retention', () => {
  let bus: InProcessMessageBus;
  beforeEach(() => {
    bus = new InProcessMessageBus({ partitions: 3, redeliveryDelayMs: 1 });
  });
  afterEach(() => bus.close());

  const collect = async (groupId: string, into: IncomingMessage[]) =>
    bus.subscribe({ topic: 't', groupId, fromBeginning: true, handler: async (m) => void into.push(m) });

  it('keeps every message until told that all groups have subscribed', async () => {
    const first: IncomingMessage[] = [];
    await collect('first', first);
    await bus.publish('t', [msg('k', 0), msg('k', 1)]);
    await waitFor(() => first.length === 2);
    const late: IncomingMessage[] = [];
    await collect('late', late);
    await waitFor(() => late.length === 2);
    expect(seqs(late, 'k')).toEqual([0, 1]);
  });

  it('then releases what every group consumed: a later group starts at the earliest retained', async () => {
    const fast: IncomingMessage[] = [];
    await collect('fast', fast);
    let unblock = () => undefined as void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const slow: IncomingMessage[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'slow',
      fromBeginning: true,
      handler: async (m) => {
        if (m.headers['seq'] === '2') await blocked;
        slow.push(m);
      },
    });
    bus.allGroupsSubscribed();
    await bus.publish(
      't',
      [0, 1, 2, 3].map((seq) => msg('k', seq)),
    );
    await waitFor(() => fast.length === 4 && slow.length === 2);

    expect(bus.backlog()).toBe(2);
    const late: IncomingMessage[] = [];
    await collect('late', late);
    await waitFor(() => late.length === 2);
    expect(seqs(late, 'k')).toEqual([2, 3]);
    expect(late.map((m) => m.offset)).toEqual(['2', '3']);

    unblock();
    await waitFor(() => slow.length === 4);
    expect(bus.backlog()).toBe(0);
    const later: IncomingMessage[] = [];
    await collect('later', later);
    await bus.publish('t', [msg('k', 4)]);
    await waitFor(() => later.length === 1);
    expect(seqs(later, 'k')).toEqual([4]);
    expect(later[0]?.offset).toBe('4');
  });

  it('keeps nothing of a topic no group reads', async () => {
    bus.allGroupsSubscribed();
    await bus.publish('t', [msg('k', 0)]);
    const late: IncomingMessage[] = [];
    await collect('late', late);
    await bus.publish('t', [msg('k', 1)]);
    await waitFor(() => late.length === 1);
    expect(seqs(late, 'k')).toEqual([1]);
  });

  it('still delivers in publish order per key and redelivers a rejected message', async () => {
    const a: IncomingMessage[] = [];
    const b: IncomingMessage[] = [];
    let rejected = 0;
    await collect('a', a);
    await bus.subscribe({
      topic: 't',
      groupId: 'b',
      fromBeginning: true,
      handler: async (m) => {
        if (m.key === 's-2' && m.headers['seq'] === '3' && rejected++ < 2) throw new Error('transient');
        b.push(m);
      },
    });
    bus.allGroupsSubscribed();
    const keys = ['s-1', 's-2', 's-3', 's-4'];
    for (let seq = 0; seq < 5; seq++)
      await bus.publish(
        't',
        keys.map((k) => msg(k, seq)),
      );
    await waitFor(() => a.length === 20 && b.length === 20);
    for (const key of keys) {
      expect(seqs(a, key)).toEqual([0, 1, 2, 3, 4]);
      expect(seqs(b, key)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(rejected).toBe(3);
  });
});

describe('InProcessMessageBus subscription.stop', () => {
  it('waits for the message in flight', async () => {
    const bus = new InProcessMessageBus();
    let finished = false;
    let started = false;
    const sub = await bus.subscribe({
      topic: 't',
      groupId: 'g',
      handler: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    await bus.publish('t', [msg('k', 0)]);
    await waitFor(() => started);
    await sub.stop();
    expect(finished).toBe(true);
    await bus.close();
  });
});
