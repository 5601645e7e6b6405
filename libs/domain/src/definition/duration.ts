/**
 * ISO 8601 durations as the definition source writes them (`P2D`, `PT4H30M`, `-P2D`), converted
 * to milliseconds for the model. Only exact units are accepted: weeks (7 days), days (24 hours,
 * no calendar or daylight-saving shift), hours, minutes and seconds (up to three decimals).
 * Years and months are refused because their length in milliseconds depends on the calendar.
 */

export type DurationParse =
  { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly error: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const PATTERN =
  /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/;

const FORMAT_HINT = 'expected an ISO 8601 duration such as P2D, PT4H, PT30M, P1W or -P2D';

export function parseDuration(text: string): DurationParse {
  const match = PATTERN.exec(text.trim());
  if (!match || text.trim().endsWith('T') || /^-?P$/.test(text.trim())) {
    return { ok: false, error: `'${text}' is not a duration: ${FORMAT_HINT}` };
  }
  const [, sign, years, months, weeks, days, hours, minutes, seconds, fraction] = match;
  if (years !== undefined || months !== undefined) {
    return {
      ok: false,
      error: `'${text}': years and months have no fixed length; write days or weeks instead (e.g. P30D, P52W)`,
    };
  }
  const ms =
    num(weeks) * WEEK +
    num(days) * DAY +
    num(hours) * HOUR +
    num(minutes) * MINUTE +
    num(seconds) * SECOND +
    (fraction === undefined ? 0 : Number(fraction.padEnd(3, '0')));
  if (!Number.isSafeInteger(ms)) {
    return { ok: false, error: `'${text}' is too long a duration` };
  }
  return { ok: true, ms: sign && ms !== 0 ? -ms : ms };
}

/** The shortest ISO 8601 form of a duration in milliseconds, in days, hours, minutes and seconds. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ms));
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / SECOND);
  const millis = rest - seconds * SECOND;
  const time =
    (hours ? `${hours}H` : '') +
    (minutes ? `${minutes}M` : '') +
    (seconds || millis
      ? `${seconds}${millis ? `.${String(millis).padStart(3, '0').replace(/0+$/, '')}` : ''}S`
      : '');
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

function num(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits);
}
