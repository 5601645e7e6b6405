const ISO =
  /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date-time (`2012-01-30T06:24:00.000+02:00`; also a space instead of `T`,
 * `/` in the date, no seconds, any number of fraction digits, `Z`, `±hh:mm`, `±hhmm` or `±hh`)
 * as a UTC instant in epoch milliseconds. The offset written in the value wins; a value without
 * one is read at `defaultOffsetMinutes` (0: UTC). Digits beyond milliseconds are dropped.
 * Returns NaN when the text is not such a date-time or names an impossible date or time.
 */
export function parseTimestamp(text: string, defaultOffsetMinutes = 0): number {
  const m = ISO.exec(text.trim());
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && minute + second + ms > 0)) return NaN;
  const zone = m[8];
  const offset = zone === undefined ? defaultOffsetMinutes : offsetMinutes(zone);
  if (Number.isNaN(offset)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/**
 * `Z` → 0, `+02:00` / `+0200` / `+02` → 120, `-05:00` → −300; NaN for anything else (the hours
 * at most 18, the minutes at most 59).
 */
export function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m === null) return NaN;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 18 || minutes > 59) return NaN;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
