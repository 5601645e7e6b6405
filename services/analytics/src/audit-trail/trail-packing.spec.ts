import { pack, unpack } from './trail-packing';

describe('trail packing', () => {
  it('gives back the envelopes it packed, whatever their bytes and lengths', () => {
    const bytes = (n: number) => String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 37) % 256));
    const envelopes = ['', bytes(1), bytes(127), bytes(128), bytes(300), bytes(20_000)];
    expect(unpack(pack(envelopes))).toEqual(envelopes);
    expect(unpack(pack([]))).toEqual([]);
  });

  it('packs a trail of similar envelopes well below their size', () => {
    const envelope = (n: number) =>
      `instance-0193a6f2-7c1e-7d4a ${'type.googleapis.com/baton.execution.v1.'} ${n}`;
    const envelopes = [1, 2, 3, 4].map(envelope);
    expect(pack(envelopes).length).toBeLessThan(envelopes.join('').length / 2);
  });
});
