/**
 * Parses an ISO 8601 date-time (`2012-01-30T06:24:00.000+02:00`; also a space instead of `T`,
 * `/` in the date, no seconds, any number of fraction digits, `Z`, `±hh:mm`, `±hhmm` or `±hh`,
 * a date alone) as a UTC instant in epoch milliseconds. The offset written in the value wins; a
 * value without one is read at `defaultOffsetMinutes` (0: UTC). Digits beyond milliseconds are
 * dropped. Returns NaN when the text is not such a date-time or names an impossible date or time.
 * Hand-written rather than a regular expression: it runs once per event of a log.
 */
export function parseTimestamp(raw: string, defaultOffsetMinutes = 0): number {
  const text =
    raw.length > 0 && (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)))
      ? raw.trim()
      : raw;
  const n = text.length;
  if (n < 10) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (!isDateSeparator(text.charCodeAt(4)) || !isDateSeparator(text.charCodeAt(7))) return NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let i = 10;
  if (
    i < n &&
    (text.charCodeAt(i) === 84 /* T */ || text.charCodeAt(i) === 32) &&
    text.charCodeAt(i + 3) === 58
  ) {
    hour = digits(text, i + 1, 2);
    minute = digits(text, i + 4, 2);
    i += 6;
    if (i < n && text.charCodeAt(i) === 58 /* : */) {
      second = digits(text, i + 1, 2);
      i += 3;
      if (i < n && (text.charCodeAt(i) === 46 /* . */ || text.charCodeAt(i) === 44) /* , */) {
        const start = ++i;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (i === start) return NaN;
        const kept = Math.min(i - start, 3);
        ms = digits(text, start, kept) * (kept === 1 ? 100 : kept === 2 ? 10 : 1);
      }
    }
  }
  while (i < n && text.charCodeAt(i) === 32) i++;
  const offset = i === n ? defaultOffsetMinutes : offsetMinutes(text.slice(i));
  if (Number.isNaN(offset + year + month + day + hour + minute + second + ms)) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && minute + second + ms > 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/**
 * `Z` → 0, `+02:00` / `+0200` / `+02` → 120, `-05:00` → −300; NaN for anything else (the hours
 * at most 18, the minutes at most 59).
 */
export function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.charCodeAt(0) === 45 /* - */ ? -1 : zone.charCodeAt(0) === 43 /* + */ ? 1 : NaN;
  const hours = digits(zone, 1, 2);
  let minutes = 0;
  if (zone.length === 6 && zone.charCodeAt(3) === 58) minutes = digits(zone, 4, 2);
  else if (zone.length === 5) minutes = digits(zone, 3, 2);
  else if (zone.length !== 3) return NaN;
  if (!(hours <= 18 && minutes <= 59)) return NaN;
  return sign * (hours * 60 + minutes);
}

/** The number written by `count` digits at `at`, or NaN. */
function digits(text: string, at: number, count: number): number {
  if (at + count > text.length) return NaN;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return NaN;
    value = value * 10 + (c - 48);
  }
  return value;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isDateSeparator = (c: number) => c === 45 /* - */ || c === 47; /* / */

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
