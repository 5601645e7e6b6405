import { describeOutcome, provision, type Sources, type StartedServer } from './provision';

function server(via: string): StartedServer {
  return { address: `${via}:1`, display: `${via}:1`, via, stop: async () => undefined };
}

function sources(overrides: Partial<Sources>): Sources {
  return {
    fromEnv: undefined,
    dockerAvailable: async () => false,
    container: async () => server('container'),
    local: async () => server('local'),
    ...overrides,
  };
}

describe('provision', () => {
  it('uses the address from the environment without starting anything', async () => {
    const local = jest.fn();
    const outcome = await provision('kafka', sources({ fromEnv: ' b:9092 ', local }));
    expect(outcome).toEqual({ status: 'given', address: 'b:9092' });
    expect(local).not.toHaveBeenCalled();
  });

  it('prefers a container when Docker answers', async () => {
    const outcome = await provision('kafka', sources({ dockerAvailable: async () => true }));
    expect(outcome.status === 'started' && outcome.server.via).toBe('container');
  });

  it('falls back to the local launcher without Docker or when the container fails', async () => {
    const none = await provision('postgres', sources({}));
    expect(none.status === 'started' && none.server.via).toBe('local');
    const broken = await provision(
      'postgres',
      sources({
        dockerAvailable: async () => true,
        container: async () => Promise.reject(new Error('pull')),
      }),
    );
    expect(broken.status === 'started' && broken.server.via).toBe('local');
  });

  it('reports every failure and how to get the server when nothing works', async () => {
    const outcome = await provision(
      'kafka',
      sources({ local: async () => Promise.reject(new Error('java not found on PATH')) }),
    );
    expect(outcome.status).toBe('unavailable');
    const reason = outcome.status === 'unavailable' ? outcome.reason : '';
    expect(reason).toContain('local launcher: java not found on PATH');
    expect(reason).toContain('set KAFKA_BROKERS');
  });
});

describe('describeOutcome', () => {
  it('prints the address, the source and the start time', () => {
    const line = describeOutcome('kafka', {
      status: 'started',
      server: server('local launcher'),
      seconds: 6.44,
    });
    expect(line).toBe('[baton-testing] kafka local launcher:1 via local launcher ready in 6.4 s');
  });

  it('never prints a password from DATABASE_URL', () => {
    const line = describeOutcome('postgres', { status: 'given', address: 'postgres://u:secret@db:5433/app' });
    expect(line).toBe('[baton-testing] postgres db:5433/app via DATABASE_URL from the environment');
  });
});
