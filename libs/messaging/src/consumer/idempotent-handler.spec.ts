import type { IncomingMessage, OutgoingMessage } from '../port/message-bus.port';
import { idempotentHandler } from './idempotent-handler';
import type { UnitOfWork } from './unit-of-work.port';

/** A unit of work whose transactions stage writes and apply them only on commit. */
function memoryUnitOfWork() {
  const processed = new Set<string>();
  const effects: string[] = [];
  const uow: UnitOfWork<{ effects: string[]; processed: string[] }> = {
    transaction: async (work) => {
      const tx = { effects: [] as string[], processed: [] as string[] };
      const result = await work(tx);
      effects.push(...tx.effects);
      tx.processed.forEach((id) => processed.add(id));
      return result;
    },
    markProcessed: async (tx, consumer, id) => {
      if (processed.has(`${consumer}/${id}`)) return false;
      tx.processed.push(`${consumer}/${id}`);
      return true;
    },
  };
  return { uow, effects };
}

const message = (headers: Record<string, string>, offset = '7'): IncomingMessage => ({
  topic: 'in',
  partition: 2,
  offset,
  key: 's-1',
  value: Buffer.from('{}'),
  headers,
});

describe('idempotentHandler', () => {
  it('applies an event id once per consumer, and falls back to topic/partition/offset', async () => {
    const { uow, effects } = memoryUnitOfWork();
    const dead: OutgoingMessage[] = [];
    const handler = idempotentHandler({
      consumer: 'c',
      unitOfWork: uow,
      handle: async (m, tx) => void tx.effects.push(m.headers['event-id'] ?? m.offset),
      deadLetter: { bus: { publish: async (_t, m) => void dead.push(...m) }, topic: 'dlq' },
    });
    await handler(message({ 'event-id': 'e1' }));
    await handler(message({ 'event-id': 'e1' }, '8'));
    await handler(message({}, '9'));
    await handler(message({}, '9'));
    expect(effects).toEqual(['e1', '9']);
    expect(dead).toEqual([]);
  });

  it('retries with doubling delays, rolls back each failed attempt, then dead-letters', async () => {
    const { uow, effects } = memoryUnitOfWork();
    const delays: number[] = [];
    const dead: { topic: string; messages: readonly OutgoingMessage[] }[] = [];
    const handler = idempotentHandler({
      consumer: 'c',
      unitOfWork: uow,
      handle: async (_m, tx) => {
        tx.effects.push('partial');
        throw new TypeError('bad payload');
      },
      deadLetter: {
        bus: { publish: async (topic, messages) => void dead.push({ topic, messages }) },
        topic: 'dlq',
      },
      maxAttempts: 4,
      retryDelayMs: 10,
      maxRetryDelayMs: 30,
      sleep: async (ms) => void delays.push(ms),
    });
    await handler(message({ 'event-id': 'e1', 'event-type': 'X' }));
    expect(delays).toEqual([10, 20, 30]);
    expect(effects).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.topic).toBe('dlq');
    expect(dead[0]?.messages[0]?.headers).toEqual({
      'event-id': 'e1',
      'event-type': 'X',
      'dlq-reason': 'TypeError: bad payload',
      'dlq-original-topic': 'in',
      'dlq-original-partition': '2',
      'dlq-original-offset': '7',
      'dlq-attempts': '4',
    });
  });

  it('dead-letters a permanent error without retrying, and rejects when the DLQ publish fails', async () => {
    const { uow } = memoryUnitOfWork();
    const delays: number[] = [];
    const options = {
      consumer: 'c',
      unitOfWork: uow,
      handle: async () => {
        throw new SyntaxError('not json');
      },
      isPermanent: (e: unknown) => e instanceof SyntaxError,
      sleep: async (ms: number) => void delays.push(ms),
    };
    const published: OutgoingMessage[] = [];
    await idempotentHandler({
      ...options,
      deadLetter: { bus: { publish: async (_t, m) => void published.push(...m) }, topic: 'dlq' },
    })(message({ 'event-id': 'e1' }));
    expect(delays).toEqual([]);
    expect(published[0]?.headers['dlq-attempts']).toBe('1');
    const failing = idempotentHandler({
      ...options,
      deadLetter: { bus: { publish: async () => Promise.reject(new Error('broker down')) }, topic: 'dlq' },
    });
    await expect(failing(message({ 'event-id': 'e2' }))).rejects.toThrow('broker down');
  });
});
