/**
 * Vitest global setup for the integration suite: finds or starts the AWS emulators once per test
 * run and points the standard AWS SDK v3 configuration at them through the environment, which the
 * test workers inherit. Code under test needs no endpoint option.
 *
 * Order of preference: see `scripts/emulators/lib/acquire.ts` (LocalStack, then emulators started by
 * `npm run emulators:start`, else moto installed if needed and started here, then stopped when the
 * run ends).
 *
 * Sets `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`,
 * `AWS_REGION=us-east-1`, dummy credentials, `STEPSTONE_EMULATORS_KIND` (`emulators` or
 * `localstack`) and `STEPSTONE_EMULATORS_PRODUCT` (what serves them, e.g. `moto 5.2.5`, which test
 * names and the `npm run test:aws` summary quote). See docs/emulators.md.
 */

import { findOrStartEmulators, releaseEmulators, useEmulators } from '../../scripts/emulators/lib/acquire.js';

/**
 * Vitest's global setup hook.
 * @returns the teardown, which stops the emulators this run started
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { endpoints, origin } = await findOrStartEmulators();
  useEmulators(endpoints);
  // Emulators this run started are also killed when the process exits without its teardown
  // (scripts/emulators/lib/processes.ts registers them at spawn).
  return () => releaseEmulators(endpoints, origin);
}
