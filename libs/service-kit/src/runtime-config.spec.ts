import { join, resolve } from 'node:path';
import { runtimeConfigFromEnv } from './runtime';

describe('runtimeConfigFromEnv', () => {
  it('defaults to SQLite under ./data and the in-process bus', () => {
    expect(runtimeConfigFromEnv('execution', {})).toEqual({
      store: { kind: 'sqlite', file: join(resolve('data'), 'execution.db') },
      bus: { kind: 'in-process' },
      service: 'execution',
    });
  });

  it('takes Kafka when brokers are given, with the topic prefix of a shared cluster', () => {
    const env = { KAFKA_BROKERS: ' 10.0.0.1:9092, 10.0.0.2:9092 ', BATON_KAFKA_TOPIC_PREFIX: 'staging.' };
    expect(runtimeConfigFromEnv('ownership', env).bus).toEqual({
      kind: 'kafka',
      brokers: ['10.0.0.1:9092', '10.0.0.2:9092'],
      clientId: 'baton-ownership',
      topicPrefix: 'staging.',
    });
    expect(runtimeConfigFromEnv('ownership', { KAFKA_BROKERS: 'k:9092' }).bus).not.toHaveProperty(
      'topicPrefix',
    );
  });

  it('names the missing variable', () => {
    expect(() => runtimeConfigFromEnv('analytics', { BATON_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(() => runtimeConfigFromEnv('analytics', { BATON_BUS: 'kafka' })).toThrow(/KAFKA_BROKERS/);
    expect(() => runtimeConfigFromEnv('analytics', { BATON_BUS: 'nats' })).toThrow(/in-process or kafka/);
  });
});
