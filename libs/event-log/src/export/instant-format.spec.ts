import fc from 'fast-check';
import { parseTimestamp } from '../domain/timestamps';
import { instantFormat, type InstantFormat } from './instant-format';

const zone = (name: string): InstantFormat => {
  const format = instantFormat(name);
  if (!format) throw new Error(`no format for ${name}`);
  return format;
};
const utc = (iso: string) => Date.parse(iso);

describe('instantFormat', () => {
  it('writes UTC with an explicit +00:00 offset and milliseconds', () => {
    expect(zone('UTC')(utc('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000+00:00');
    expect(zone('Z')(utc('2026-03-02T09:00:00.007Z'))).toBe('2026-03-02T09:00:00.007+00:00');
    expect(zone('UTC')(0)).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it('writes a fixed offset, east and west, with or without a colon', () => {
    expect(zone('+05:30')(utc('2026-03-02T20:00:00Z'))).toBe('2026-03-03T01:30:00.000+05:30');
    expect(zone('-0300')(utc('2026-03-02T01:00:00Z'))).toBe('2026-03-01T22:00:00.000-03:00');
  });

  describe('with an IANA zone', () => {
    const paris = zone('Europe/Paris');

    it('follows daylight saving time into summer: the offset changes at 01:00 UTC', () => {
      expect(paris(utc('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29T01:59:59.999+01:00');
      expect(paris(utc('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00.000+02:00');
    });

    it('writes the repeated autumn hour twice, told apart by its offset', () => {
      expect(paris(utc('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30:00.000+02:00');
      expect(paris(utc('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30:00.000+01:00');
    });

    it('knows offsets in half and quarter hours, and southern summers', () => {
      expect(zone('Asia/Kathmandu')(utc('2026-03-02T09:00:00Z'))).toBe('2026-03-02T14:45:00.000+05:45');
      expect(zone('America/St_Johns')(utc('2026-01-15T12:00:00Z'))).toBe('2026-01-15T08:30:00.000-03:30');
      expect(zone('Australia/Sydney')(utc('2026-01-15T12:00:00Z'))).toBe('2026-01-15T23:00:00.000+11:00');
      expect(zone('Australia/Sydney')(utc('2026-07-15T12:00:00Z'))).toBe('2026-07-15T22:00:00.000+10:00');
    });
  });

  it('gives back the same UTC instant when the importer reads what it wrote, in any zone', () => {
    const zones = [
      'UTC',
      '+05:30',
      '-09:30',
      'Europe/Paris',
      'America/New_York',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
    ];
    const formats = zones.map(zone);
    fc.assert(
      fc.property(
        fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2060-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: zones.length - 1 }),
        (ms, i) => parseTimestamp((formats[i] as InstantFormat)(ms)) === ms,
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses what is no zone', () => {
    expect(instantFormat('Mars/Olympus_Mons')).toBeUndefined();
    expect(instantFormat('+25:00')).toBeUndefined();
    expect(instantFormat('')).toBeUndefined();
  });
});
