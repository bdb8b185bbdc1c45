/**
 * Task handler of the fan-out workflow (`definitions/fan-out.asl.json`).
 */
import { taskError } from './errors.js';

/**
 * "Resizes" one image: returns its thumbnail's key and size. A key containing `throttle` fails with
 * `Images.Throttled` on its first attempt (the idempotency key tells attempts apart), to exercise Retry;
 * a key ending in `.corrupt` always fails with `Images.Corrupt`.
 */
export async function ResizeImage(
  input: { bucket: string; key: string; index: number },
  context?: { idempotencyKey?: string },
) {
  if (input.key.endsWith('.corrupt')) throw taskError('Images.Corrupt', `${input.key} is not an image`);
  if (input.key.includes('throttle') && context?.idempotencyKey?.endsWith('/0')) {
    throw taskError('Images.Throttled', 'Rate exceeded');
  }
  const thumbnail = input.key.replace(/(\.[a-z]+)$/i, '.thumb$1');
  return { key: `${input.bucket}/${thumbnail}`, bytes: 1024 + input.key.length * 10 };
}
