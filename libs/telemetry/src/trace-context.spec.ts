import fc from 'fast-check';
import { sampledOut, spanContextOf, traceparentOf, traceIdOf } from './trace-context';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('traceparent', () => {
  it('round-trips a W3C traceparent', () => {
    const span = spanContextOf(TP);
    expect(span).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    expect(span && traceparentOf(span)).toBe(TP);
    expect(traceIdOf(TP)).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('ignores absent, malformed and all-zero contexts', () => {
    expect(spanContextOf(undefined)).toBeUndefined();
    expect(spanContextOf('garbage')).toBeUndefined();
    expect(spanContextOf(`00-${'0'.repeat(32)}-b7ad6b7169203331-01`)).toBeUndefined();
    expect(spanContextOf(`00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`)).toBeUndefined();
  });

  it('tells a well-formed traceparent of a trace not sampled, as its full parse would', () => {
    expect(sampledOut(TP)).toBe(false);
    expect(sampledOut(TP.replace(/-01$/, '-00'))).toBe(true);
    expect(sampledOut(TP.replace(/-01$/, '-02'))).toBe(true);
    expect(sampledOut(`00-${'0'.repeat(32)}-b7ad6b7169203331-00`)).toBe(false);
    expect(sampledOut(TP.replace(/-01$/, '-00').toUpperCase())).toBe(false);
    const hex = (n: number) =>
      fc
        .array(fc.constantFrom(...'0000123456789abcdef'), { minLength: n, maxLength: n })
        .map((c) => c.join(''));
    // Well-formed, or spoiled at one place (a capital, a stray character, a missing dash).
    const spoil = fc.option(fc.tuple(fc.nat(54), fc.constantFrom('A', 'x', '_', '0', '1')));
    fc.assert(
      fc.property(hex(32), hex(16), hex(2), spoil, (t, s, f, at) => {
        let tp = `00-${t}-${s}-${f}`;
        if (at) tp = tp.slice(0, at[0]) + at[1] + tp.slice(at[0] + 1);
        const parsed = spanContextOf(tp);
        expect(sampledOut(tp)).toBe(parsed !== undefined && (parsed.traceFlags & 1) === 0);
        // In place as the W3C pattern parses it (with surrounding blanks: the pattern's path).
        const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(tp);
        const valid = m !== null && !/^0+$/.test(m[1] ?? '') && !/^0+$/.test(m[2] ?? '');
        expect(parsed).toEqual(
          valid
            ? { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3] ?? '', 16) & 1, isRemote: true }
            : undefined,
        );
        expect(spanContextOf(` ${tp} `)).toEqual(parsed);
      }),
      { numRuns: 2_000 },
    );
  });
});
