import fc from 'fast-check';
import { offsetMinutes, parseTimestamp } from './timestamps';

const utc = (iso: string) => Date.parse(iso);

describe('Timestamps', () => {
  it('honours the offset written in the value: one instant, three spellings', () => {
    const instant = utc('2012-01-30T04:24:00.000Z');
    expect(parseTimestamp('2012-01-29T23:24:00.000-05:00')).toBe(instant);
    expect(parseTimestamp('2012-01-30T06:24:00.000+02:00')).toBe(instant);
    expect(parseTimestamp('2012-01-30T04:24:00Z')).toBe(instant);
  });

  it('measures across a daylight-saving change in UTC (01:30 CET to 03:30 CEST is one hour)', () => {
    const before = parseTimestamp('2024-03-31T01:30:00+01:00');
    const after = parseTimestamp('2024-03-31T03:30:00+02:00');
    expect(after - before).toBe(60 * 60_000);
  });

  it('accepts a space for T, slashes, no seconds, ±hhmm and ±hh offsets, any fraction digits', () => {
    expect(parseTimestamp('2020-05-01 10:00:00')).toBe(utc('2020-05-01T10:00:00Z'));
    expect(parseTimestamp('2020/05/01 10:00')).toBe(utc('2020-05-01T10:00:00Z'));
    expect(parseTimestamp('2020-05-01T10:00:00+0130')).toBe(utc('2020-05-01T08:30:00Z'));
    expect(parseTimestamp('2020-05-01T10:00:00-03')).toBe(utc('2020-05-01T13:00:00Z'));
    expect(parseTimestamp('2020-05-01T10:00:00.5Z')).toBe(utc('2020-05-01T10:00:00.500Z'));
    expect(parseTimestamp('2020-05-01T10:00:00.123456+00:00')).toBe(utc('2020-05-01T10:00:00.123Z'));
    expect(parseTimestamp('2020-05-01')).toBe(utc('2020-05-01T00:00:00Z'));
    expect(parseTimestamp(' 2020-05-01T10:00:00Z ')).toBe(utc('2020-05-01T10:00:00Z'));
  });

  it('reads a value without an offset as UTC, or at the default offset given', () => {
    expect(parseTimestamp('2020-05-01T10:00:00')).toBe(utc('2020-05-01T10:00:00Z'));
    expect(parseTimestamp('2020-05-01T10:00:00', 120)).toBe(utc('2020-05-01T08:00:00Z'));
    expect(parseTimestamp('2020-05-01T10:00:00-05:00', 120)).toBe(utc('2020-05-01T15:00:00Z'));
  });

  it('returns NaN for what is not a date-time or names an impossible one', () => {
    for (const text of [
      '',
      'yesterday',
      '30-12-2010 11:02',
      '2021-02-29T10:00:00Z',
      '2020-13-01',
      '2020-01-01T25:00:00Z',
      '2020-01-01T10:00:00+19:00',
    ]) {
      expect(parseTimestamp(text)).toBeNaN();
    }
    expect(parseTimestamp('2020-02-29T10:00:00Z')).toBe(utc('2020-02-29T10:00:00Z'));
  });

  it('reads offsets', () => {
    expect([
      offsetMinutes('Z'),
      offsetMinutes('+02:00'),
      offsetMinutes('-0530'),
      offsetMinutes('+01'),
    ]).toEqual([0, 120, -330, 60]);
    expect(offsetMinutes('02:00')).toBeNaN();
  });

  it('agrees with Date.parse on any ISO 8601 instant with an offset', () => {
    const pad = (v: number, w = 2) => String(Math.abs(v)).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -18 * 60, max: 18 * 60 }),
        (instant, offset) => {
          const local = new Date(instant.getTime() + offset * 60_000);
          const text =
            `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.` +
            `${pad(local.getUTCMilliseconds(), 3)}${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
          expect(parseTimestamp(text)).toBe(instant.getTime());
          expect(parseTimestamp(text)).toBe(Date.parse(text));
        },
      ),
    );
  });

  it('refuses broken pieces', () => {
    for (const text of [
      '2020-05-01T10',
      '2020-05-01T10:00:00.',
      '2020-05-01T1O:00:00Z',
      '2020-05-01x',
      '20200501',
      '2020-05-01T10:00:00+02:0',
      '2020-05-01T10:00:00 02:00',
    ]) {
      expect(parseTimestamp(text)).toBeNaN();
    }
  });
});
