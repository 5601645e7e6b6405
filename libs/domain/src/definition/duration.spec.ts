import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('ISO 8601 durations', () => {
  describe('when the duration uses exact units', () => {
    it.each([
      ['P2D', 2 * D],
      ['PT4H', 4 * H],
      ['PT30M', 30 * M],
      ['PT45S', 45 * S],
      ['PT0.5S', 500],
      ['PT1,25S', 1250],
      ['P1W', 7 * D],
      ['P1DT2H3M4S', D + 2 * H + 3 * M + 4 * S],
      ['PT0S', 0],
      ['-P2D', -2 * D],
      ['-PT0S', 0],
      [' P1D ', D],
    ])('reads %s as %d ms', (text, ms) => {
      expect(parseDuration(text)).toEqual({ ok: true, ms });
    });
  });

  describe('when the duration uses years or months', () => {
    it.each(['P1Y', 'P1M', 'P1Y2M3D', '-P6M'])('refuses %s: their length depends on the calendar', (text) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain('years and months have no fixed length');
    });
  });

  describe('when the text is not a duration', () => {
    it.each(['', 'P', 'PT', 'P1DT', '2D', 'P2d', 'P1.5D', 'PT1.2345S', 'P-2D', 'P2D3H', 'xP2D', '+P2D'])(
      'refuses %j with the expected form',
      (text) => {
        const result = parseDuration(text);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).toContain('expected an ISO 8601 duration');
      },
    );

    it('refuses a duration beyond the safe integer range', () => {
      expect(parseDuration('P99999999999999D')).toMatchObject({
        ok: false,
        error: expect.stringContaining('too long'),
      });
    });
  });

  describe('formatting', () => {
    it.each([
      [0, 'PT0S'],
      [2 * D, 'P2D'],
      [-2 * D, '-P2D'],
      [D + 4 * H + 30 * M, 'P1DT4H30M'],
      [1500, 'PT1.5S'],
      [5, 'PT0.005S'],
      [8 * D, 'P8D'],
    ])('writes %d ms as %s', (ms, text) => {
      expect(formatDuration(ms)).toBe(text);
    });

    it('reads back every formatted whole-millisecond duration', () => {
      fc.assert(
        fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ms) => {
          expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms: ms === 0 ? 0 : ms });
        }),
      );
    });
  });
});
