import { offsetMinutes } from '../domain/timestamps';

/** Writes an instant (epoch ms) as ISO 8601 with its offset: `2026-03-02T10:00:00.000+01:00`. */
export type InstantFormat = (ms: number) => string;

/**
 * The formatter for a time zone: `UTC` (or `Z`), a fixed offset (`+02:00`, `-0530`) or an IANA
 * zone (`Europe/Paris`), whose offset follows daylight saving time at each instant. Every value
 * names its offset, so a reader gets the same UTC instant whatever the zone. Undefined for a zone
 * that is none of these.
 */
export function instantFormat(zone: string): InstantFormat | undefined {
  if (zone === 'UTC' || zone === 'utc') return fixedOffset(0);
  if (zone.startsWith('+') || zone.startsWith('-') || zone === 'Z' || zone === 'z') {
    const minutes = offsetMinutes(zone);
    return Number.isNaN(minutes) ? undefined : fixedOffset(minutes);
  }
  let wallClock: Intl.DateTimeFormat;
  try {
    wallClock = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  return zoned(wallClock);
}

function fixedOffset(minutes: number): InstantFormat {
  const suffix = offsetText(minutes);
  const shift = minutes * 60_000;
  return (ms) => localText(ms + shift) + suffix;
}

const QUARTER_HOUR = 15 * 60_000;

/**
 * Offsets change at most once in a quarter of an hour, so an offset found at both ends of a
 * quarter holds inside it: the zone database is asked about once per quarter hour of history
 * rather than once per event (a cache of bounded size).
 */
function zoned(wallClock: Intl.DateTimeFormat): InstantFormat {
  const cache = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const quarter = Math.floor(ms / QUARTER_HOUR);
    const known = cache.get(quarter);
    if (known !== undefined) return known;
    const start = zoneOffsetMinutes(wallClock, quarter * QUARTER_HOUR);
    const end = zoneOffsetMinutes(wallClock, (quarter + 1) * QUARTER_HOUR - 1);
    if (start !== end) return zoneOffsetMinutes(wallClock, ms);
    if (cache.size >= 4096) cache.clear();
    cache.set(quarter, start);
    return start;
  };
  return (ms) => {
    const minutes = offsetAt(ms);
    return localText(ms + minutes * 60_000) + offsetText(minutes);
  };
}

/** The zone's offset at an instant, in whole minutes (a historical offset in seconds is rounded). */
function zoneOffsetMinutes(wallClock: Intl.DateTimeFormat, ms: number): number {
  const f: Record<string, number> = {};
  for (const part of wallClock.formatToParts(ms))
    if (part.type !== 'literal') f[part.type] = Number(part.value);
  const second = Math.floor(ms / 1000) * 1000;
  const local = Date.UTC(
    f['year'] ?? 1970,
    (f['month'] ?? 1) - 1,
    f['day'],
    f['hour'],
    f['minute'],
    f['second'],
  );
  return Math.round((local - second) / 60_000);
}

/** `YYYY-MM-DDTHH:mm:ss.sss` of a UTC-shifted instant. */
function localText(shifted: number): string {
  return new Date(shifted).toISOString().slice(0, 23);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
