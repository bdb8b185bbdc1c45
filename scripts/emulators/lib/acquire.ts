/**
 * Finding or starting the AWS emulators for a run that needs them (the integration suite's global
 * setup, the benchmarks), in one order of preference (docs/emulators.md):
 * 1. a LocalStack named by `LOCALSTACK_ENDPOINT` or `AWS_ENDPOINT_URL` that answers — nothing started;
 * 2. emulators started by `npm run emulators:start` that still answer — reused, left running;
 * 3. otherwise moto (DynamoDB, SQS, Lambda), installed if needed and started here, for the caller to stop
 *    with {@link releaseEmulators}.
 */
import { findLocalStack, installEmulators, runningEmulators, startEmulators, stopEmulators } from './emulators.js';
import {
  awsEnvironment,
  CONFLICTING_ENV,
  describeEndpoints,
  type EmulatorEndpoints,
  removeEndpoints,
  writeEndpoints,
} from './endpoints.js';

/** How the emulators in use were found; `started` ones are the caller's to stop. */
export type EmulatorOrigin = 'localstack' | 'emulators:start' | 'started';

/** Writes a progress line to stderr. */
export function say(message: string): void {
  process.stderr.write(`emulators: ${message}\n`);
}

/** Finds or starts the emulators, in the order above. */
export async function findOrStartEmulators(): Promise<{ endpoints: EmulatorEndpoints; origin: EmulatorOrigin }> {
  const localStack = await findLocalStack();
  if (localStack !== undefined) {
    writeEndpoints(localStack);
    say(`using ${describeEndpoints(localStack)}`);
    return { endpoints: localStack, origin: 'localstack' };
  }
  const running = await runningEmulators();
  if (running !== undefined && running.owner === 'cli') {
    say(`reusing ${describeEndpoints(running)} started by emulators:start`);
    return { endpoints: running, origin: 'emulators:start' };
  }
  let began = Date.now();
  await installEmulators();
  say(`install check took ${((Date.now() - began) / 1000).toFixed(1)} s`);
  began = Date.now();
  // Owner `vitest`: a run that stops what it started (the CLI's emulators outlive their starter).
  const endpoints = await startEmulators({ owner: 'vitest' });
  say(`started ${describeEndpoints(endpoints)} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { endpoints, origin: 'started' };
}

/**
 * Points this process's standard AWS SDK configuration at the emulators (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`, region, dummy credentials), and says what they
 * are in `STEPSTONE_EMULATORS_KIND` (`emulators` or `localstack`) and `STEPSTONE_EMULATORS_PRODUCT`
 * (`moto 5.2.5`, for test names and reports); child processes inherit it all.
 */
export function useEmulators(endpoints: EmulatorEndpoints): void {
  for (const name of CONFLICTING_ENV) delete process.env[name];
  Object.assign(process.env, awsEnvironment(endpoints));
  process.env.STEPSTONE_EMULATORS_KIND = endpoints.kind;
  process.env.STEPSTONE_EMULATORS_PRODUCT = endpoints.product;
}

/** Lets go of emulators found by {@link findOrStartEmulators}: stops those it started. */
export async function releaseEmulators(endpoints: EmulatorEndpoints, origin: EmulatorOrigin): Promise<void> {
  if (origin === 'localstack') removeEndpoints(endpoints);
  if (origin !== 'started') return;
  for (const line of await stopEmulators(endpoints)) say(line);
}
