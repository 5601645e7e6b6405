import { jvmOptions, newClusterId, renderServerProperties } from './kafka-config';

describe('kafka config', () => {
  const props = renderServerProperties({ brokerPort: 40001, controllerPort: 40002, logDir: '/tmp/x/data' });
  const parsed = new Map(
    props
      .trim()
      .split('\n')
      .map((l) => l.split('=', 2) as [string, string]),
  );

  it('renders a single KRaft node on 127.0.0.1 with the given ports', () => {
    expect(parsed.get('process.roles')).toBe('broker,controller');
    expect(parsed.get('controller.quorum.voters')).toBe('1@127.0.0.1:40002');
    expect(parsed.get('listeners')).toBe('PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002');
    expect(parsed.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:40001');
    expect(parsed.get('log.dirs')).toBe('/tmp/x/data');
  });

  it('lets overrides replace a default (a secured listener) and keeps the rest', () => {
    const secured = renderServerProperties({
      brokerPort: 40001,
      controllerPort: 40002,
      logDir: '/tmp/x/data',
      overrides: { listeners: 'SASL_SSL://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002' },
    });
    expect(secured.match(/^listeners=.*$/gm)).toEqual([
      'listeners=SASL_SSL://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002',
    ]);
    expect(secured).toContain('log.dirs=/tmp/x/data\n');
  });

  it('sizes internal topics for one node and skips the rebalance delay', () => {
    expect(parsed.get('num.partitions')).toBe('3');
    expect(parsed.get('offsets.topic.replication.factor')).toBe('1');
    expect(parsed.get('transaction.state.log.replication.factor')).toBe('1');
    expect(parsed.get('transaction.state.log.min.isr')).toBe('1');
    expect(parsed.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('makes 22-character cluster ids and uses or creates a class-data archive', () => {
    const ids = Array.from({ length: 2000 }, newClusterId);
    ids.forEach((id) => expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/));
    expect(jvmOptions({ use: '/a.jsa' })).toContain('-XX:SharedArchiveFile=/a.jsa');
    expect(jvmOptions({ create: '/b.jsa' })).toContain('-XX:ArchiveClassesAtExit=/b.jsa');
    expect(jvmOptions({}).some((o) => o.includes('Archive'))).toBe(false);
  });
});
