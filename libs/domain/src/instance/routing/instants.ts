import type { JsonValue, Millis } from '../../shared/data';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A zone is required: a zoneless date-time would be read in the machine's local time zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a date or timestamp from instance data as epoch milliseconds (UTC): `YYYY-MM-DD` is that
 * day's UTC midnight, an ISO 8601 date-time needs a zone, a number is already epoch milliseconds.
 * Anything else (or an impossible date such as 2026-02-30) is undefined.
 */
export function parseInstant(value: JsonValue | undefined): Millis | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const millis = Date.UTC(year, month - 1, day);
    const back = new Date(millis);
    const real =
      back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
    return real ? millis : undefined;
  }
  if (!DATE_TIME.test(value)) return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
}
