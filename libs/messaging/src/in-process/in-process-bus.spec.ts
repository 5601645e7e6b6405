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
