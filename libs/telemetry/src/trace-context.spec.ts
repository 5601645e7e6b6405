import { spanContextOf, traceparentOf, traceIdOf } from './trace-context';

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
});
