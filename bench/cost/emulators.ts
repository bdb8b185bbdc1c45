/**
 * The AWS emulators a benchmark runs against, found or started the way the integration suite's
 * global setup does it (test/setup/emulators.ts, docs/emulators.md): a LocalStack the environment
 * names; emulators started by `npm run emulators:start`; endpoints handed down by the `npm run bench`
 * runner in `STEPSTONE_BENCH_ENDPOINTS`; otherwise moto, installed if needed, started here and
 * stopped by {@link Emulators.release}.
 */
import {
  type EmulatorOrigin,
  findOrStartEmulators,
  releaseEmulators,
  useEmulators,
} from '../../scripts/emulators/lib/acquire.js';
import type { EmulatorEndpoints } from '../../scripts/emulators/lib/endpoints.js';

/** The variable through which the `npm run bench` runner shares its emulators with each benchmark. */
export const ENDPOINTS_VARIABLE = 'STEPSTONE_BENCH_ENDPOINTS';

/** Emulators in use, and how to let go of them. */
export interface Emulators {
  readonly endpoints: EmulatorEndpoints;
  /** How they were found: `started` ones are stopped by {@link Emulators.release}. */
  readonly origin: EmulatorOrigin | 'runner';
  /** Stops what this process started; a no-op otherwise. */
  release(): Promise<void>;
}

/**
 * Finds or starts the emulators and points the standard AWS SDK configuration of this process at
 * them (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`, region,
 * dummy credentials).
 */
export async function acquireEmulators(): Promise<Emulators> {
  const handed = process.env[ENDPOINTS_VARIABLE];
  const { endpoints, origin } =
    handed !== undefined && handed !== ''
      ? { endpoints: JSON.parse(handed) as EmulatorEndpoints, origin: 'runner' as const }
      : await findOrStartEmulators();
  useEmulators(endpoints);
  return {
    endpoints,
    origin,
    release: () => (origin === 'runner' ? Promise.resolve() : releaseEmulators(endpoints, origin)),
  };
}
