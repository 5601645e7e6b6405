import { chainHash, chainHashes, verifyChain, type ChainedContent, type ChainedRow } from './event-chain';

const content = (streamVersion: number, data: unknown = { n: streamVersion }): ChainedContent => ({
  eventId: `e${streamVersion}`,
  streamId: 'instance-1',
  streamVersion,
  type: 'StepCompleted',
  schemaVersion: 1,
  occurredAt: 1_790_000_000_000 + streamVersion,
  data,
  metadata: { actor: 'ann' },
});

const chained = (count: number, key?: string): ChainedRow[] => {
  const contents = Array.from({ length: count }, (_, i) => content(i + 1));
  const links = chainHashes(null, contents, key);
  return contents.map((c, i) => ({ ...c, chainHash: links[i] ?? null }));
};

describe('event chain', () => {
  it('does not depend on the order of object keys at any depth', () => {
    const a = chainHash(null, content(1, { x: 1, y: { b: [1, { d: 1, c: 2 }], a: null } }));
    const b = chainHash(null, content(1, { y: { a: null, b: [1, { c: 2, d: 1 }] }, x: 1 }));
    expect(a).toBe(b);
  });

  it('changes with the previous link, the content and the key', () => {
    const base = chainHash(null, content(1));
    expect(chainHash('00', content(1))).not.toBe(base);
    expect(chainHash(null, content(1, { n: 2 }))).not.toBe(base);
    expect(chainHash(null, { ...content(1), occurredAt: content(1).occurredAt + 1 })).not.toBe(base);
    expect(chainHash(null, content(1), 'secret')).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies a whole chain and fails one checked with another key at its first event', () => {
    const rows = chained(4, 'k1');
    expect(verifyChain('instance-1', rows, 'k1')).toEqual({
      streamId: 'instance-1',
      events: 4,
      verified: 4,
      unchained: 0,
    });
    expect(verifyChain('instance-1', rows, 'k2').firstProblem).toMatchObject({
      streamVersion: 1,
      kind: 'altered',
    });
  });

  it('reports reordered events as missing where the order breaks', () => {
    const [one, two, three] = chained(3);
    const report = verifyChain('instance-1', [one, three, two] as ChainedRow[]);
    expect(report).toMatchObject({ verified: 1, firstProblem: { streamVersion: 2, kind: 'missing' } });
  });

  it('counts a stream with no links at all as unchained, not verified', () => {
    const rows = chained(3).map((r) => ({ ...r, chainHash: null }));
    expect(verifyChain('instance-1', rows)).toEqual({
      streamId: 'instance-1',
      events: 3,
      verified: 0,
      unchained: 3,
    });
  });
});
