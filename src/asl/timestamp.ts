/**
 * Timestamps as Step Functions accepts them: in Choice rules (`Timestamp*`, `IsTimestamp`) and in
 * Wait states (`Timestamp`, `TimestampPath`).
 *
 * AWS documents the format as the RFC 3339 profile of ISO 8601 with an uppercase `T` between date and
 * time and an uppercase `Z` for UTC, and reports a bad one as not "a valid ISO-8601 extended offset
 * date-time format string". What this module accepts:
 *
 * - `YYYY-MM-DDTHH:MM:SS`, a real calendar date, hours 00–23, minutes and seconds 00–59 (no leap
 *   second);
 * - an optional fraction of 1 to 9 digits (`.00`, `.000000`, `.243167252` are all recorded as valid);
 * - a required offset: `Z`, or `+HH:MM` / `-HH:MM` up to ±18:00.
 *
 * Rejected (recorded on AWS): no offset (`2016-12-05T21:29:29`), a space instead of `T`, month 13,
 * hour 25, day-first dates.
 *
 * Instants keep nanosecond precision, so two timestamps that differ only in their ninth fractional
 * digit still compare as different.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */

/** An instant on the UTC time line, to the nanosecond. */
export interface Instant {
  /** Whole seconds since 1970-01-01T00:00:00Z (negative before it). */
  readonly epochSecond: number;
  /** Nanoseconds within that second, 0 to 999 999 999. */
  readonly nano: number;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** AWS (like `java.time.ZoneOffset`) accepts offsets up to ±18 hours. */
const MAX_OFFSET_SECONDS = 18 * 3600;

const SECONDS_PER_DAY = 86_400;

/**
 * Parses a timestamp into an exact instant.
 *
 * @returns the instant, or `undefined` when the text is not a timestamp AWS accepts.
 * @example
 * parseInstant('2016-03-05T21:29:29.243167252Z'); // { epochSecond: 1457213369, nano: 243167252 }
 * parseInstant('2016-12-05T21:29:29'); // undefined: the offset is required
 */
export function parseInstant(text: string): Instant | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  if (zulu === undefined) {
    const offsetHours = Number(offH);
    const offsetMinutes = Number(offM);
    if (offsetMinutes > 59) return undefined;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign === '-' ? -1 : 1);
    if (Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) return undefined;
  }
  const epochSecond =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
  const nano = fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
  return { epochSecond, nano };
}

/**
 * Parses a timestamp into milliseconds since the epoch — what a Wait state needs to schedule.
 *
 * The fraction is kept below the millisecond as far as a double allows (about a microsecond for
 * present-day dates); compare with {@link parseInstant} and {@link compareInstants} when every
 * nanosecond matters.
 *
 * @returns epoch milliseconds, or `undefined` when the text is not a timestamp AWS accepts.
 * @example
 * parseTimestamp('2016-03-14T01:59:00Z'); // 1457920740000
 * parseTimestamp('2012-10-09T19:00:55+01:00'); // 1349805655000
 */
export function parseTimestamp(text: string): number | undefined {
  const instant = parseInstant(text);
  if (instant === undefined) return undefined;
  return instant.epochSecond * 1000 + instant.nano / 1_000_000;
}

/** True when `value` is a string holding a timestamp AWS accepts (the `IsTimestamp` test). */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && parseInstant(value) !== undefined;
}

/**
 * Orders two instants.
 *
 * @returns a negative number when `a` is earlier, 0 when equal, a positive number when later.
 */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochSecond !== b.epochSecond) return a.epochSecond - b.epochSecond;
  return a.nano - b.nano;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's `days_from_civil`),
 * exact for every four-digit year, unlike `Date.UTC`, which maps years 0–99 to 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
