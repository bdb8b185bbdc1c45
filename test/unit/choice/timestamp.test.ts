import { describe, expect, it } from 'vitest';
import { compareInstants, isTimestamp, parseInstant, parseTimestamp } from '../../../src/asl/timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    // v2_base_test_wait__TestSfnWait_test_wait_timestamppath_Z
    ['2026-11-22T02:02:13Z', Date.UTC(2026, 10, 22, 2, 2, 13)],
    // v2_base_test_wait__TestSfnWait_test_wait_timestamppath_.00Z
    ['2026-11-22T02:02:13.00Z', Date.UTC(2026, 10, 22, 2, 2, 13)],
    // v2_base_test_wait__TestSfnWait_test_wait_timestamppath_.000000Z
    ['2026-11-22T02:02:13.000000Z', Date.UTC(2026, 10, 22, 2, 2, 13)],
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_wait_timestamp_path_SECONDS
    ['2016-03-14T01:59:00Z', Date.UTC(2016, 2, 14, 1, 59, 0)],
    // v2_base_test_wait__TestSfnWait_test_timestamp_too_far_in_future_boundary_24856 (parses; the delay is what fails)
    ['2094-12-11T02:02:13.000Z', Date.UTC(2094, 11, 11, 2, 2, 13)],
    ['2012-10-09T19:00:55+01:00', Date.UTC(2012, 9, 9, 18, 0, 55)],
    ['2012-10-09T19:00:55-02:30', Date.UTC(2012, 9, 9, 21, 30, 55)],
    ['2016-02-29T00:00:00Z', Date.UTC(2016, 1, 29)],
    ['1969-12-31T23:59:59.5Z', -500],
  ])('reads %s as %d ms since the epoch', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it('keeps the fraction below the millisecond when the text has one', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_wait_timestamp_path_NANOSECONDS
    expect(parseTimestamp('2016-03-05T21:29:29.243167252Z')).toBeCloseTo(
      Date.UTC(2016, 2, 5, 21, 29, 29) + 243.167252,
      3,
    );
  });

  it.each([
    // v2_base_test_wait__TestSfnWait_test_wait_timestamppath, …_NO_Z: no offset
    '2026-11-22T02:02:13',
    '2016-12-05T21:29:29',
    // v2_base_test_wait__TestSfnWait_test_wait_timestamppath_.000000: a fraction but no offset
    '2026-11-22T02:02:13.000000',
    // …_INVALID_DATE: month 13
    '2016-13-05T21:29:29Z',
    // …_INVALID_ISO: day first
    '05-12-2016T21:29:29Z',
    // …_INVALID_TIME: hour 25
    '2016-12-05T25:29:29Z',
    // …_NO_T: a space between date and time
    '2016-12-05 21:29:29Z',
    // v2_choice_operators_test_timestamp_operators__TestTimestamps_test_timestamp_equals_e7
    '2023-02-24 12:15:56.832957',
    // a date alone (v2_choice_operators_…_e22 inputs)
    '2023-02-24',
    '',
    ' ',
  ])('rejects %j as AWS does', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it.each([
    ['a lowercase t (AWS requires an uppercase T)', '2016-08-18t17:33:00Z'],
    ['a lowercase z (AWS requires an uppercase Z)', '2016-08-18T17:33:00z'],
    ['February 29 in a common year', '2015-02-29T00:00:00Z'],
    ['April 31', '2016-04-31T00:00:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['minute 60', '2016-12-31T23:60:00Z'],
    ['more than nine fractional digits', '2016-03-05T21:29:29.2431672521Z'],
    ['a dot without digits', '2016-03-05T21:29:29.Z'],
    ['an offset beyond 18 hours', '2016-03-05T21:29:29+19:00'],
    ['an offset without a colon', '2016-03-05T21:29:29+0100'],
    ['missing seconds', '2016-03-05T21:29Z'],
  ])('rejects %s', (_reason, text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('parseInstant', () => {
  it('keeps all nine fractional digits', () => {
    // v2_scenarios_test_base_scenarios__TestBaseScenarios_test_wait_timestamp_path_NANOSECONDS
    expect(parseInstant('2016-03-05T21:29:29.243167252Z')).toEqual({
      epochSecond: Date.UTC(2016, 2, 5, 21, 29, 29) / 1000,
      nano: 243_167_252,
    });
  });

  it('reads years before 100 without shifting them to the 1900s', () => {
    // 0050-01-01 is 50 * 365 + 12 leap days after 0000-01-01; 1970-01-01 is 719528 days after it.
    expect(parseInstant('0050-01-01T00:00:00Z')?.epochSecond).toBe((50 * 365 + 13 - 719_528) * 86_400);
  });
});

describe('compareInstants', () => {
  it('orders instants that differ only in the ninth fractional digit', () => {
    const earlier = parseInstant('2016-03-05T21:29:29.243167252Z');
    const later = parseInstant('2016-03-05T21:29:29.243167253Z');
    if (earlier === undefined || later === undefined) throw new Error('valid timestamps');
    expect(compareInstants(earlier, later)).toBeLessThan(0);
    expect(compareInstants(later, earlier)).toBeGreaterThan(0);
  });

  it('finds the same instant equal whatever its offset', () => {
    const utc = parseInstant('2012-10-09T18:00:55Z');
    const plusOne = parseInstant('2012-10-09T19:00:55+01:00');
    if (utc === undefined || plusOne === undefined) throw new Error('valid timestamps');
    expect(compareInstants(utc, plusOne)).toBe(0);
  });
});

describe('isTimestamp', () => {
  it('is true only for strings holding a valid timestamp', () => {
    expect(isTimestamp('2012-10-09T19:00:55Z')).toBe(true);
    expect(isTimestamp('2012-10-09T19:00:55')).toBe(false);
    expect(isTimestamp(1349809255000)).toBe(false);
    expect(isTimestamp(null)).toBe(false);
  });
});
