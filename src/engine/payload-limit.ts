/**
 * Step Functions' payload limit: a state's input or output may not exceed 256 KiB of UTF-8 JSON.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions
 */

/** The limit, in bytes. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** True when JSON text is over `limit` bytes in UTF-8 ({@link MAX_PAYLOAD_BYTES} by default). */
export function textExceedsPayloadLimit(text: string, limit: number = MAX_PAYLOAD_BYTES): boolean {
  return text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit;
}

/**
 * True when `value` serialises to more than `limit` bytes ({@link MAX_PAYLOAD_BYTES} by default). Small values are answered
 * without serialising: a string of n UTF-16 units is at most 3n UTF-8 bytes plus escapes (6 bytes per
 * unit at worst), so only values that could be near the limit are measured exactly.
 */
export function exceedsPayloadLimit(value: unknown, limit: number = MAX_PAYLOAD_BYTES): boolean {
  if (limit === Number.POSITIVE_INFINITY) return false;
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 6 + 2 <= limit) return false;
    return Buffer.byteLength(JSON.stringify(value), 'utf8') > limit;
  }
  const text = JSON.stringify(value);
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}
