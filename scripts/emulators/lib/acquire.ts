/**
 * Finding or starting the AWS emulators for a run that needs them (the integration suite's global
 * setup, the benchmarks), in one order of preference (docs/emulators.md):
 * 1. a LocalStack named by `LOCALSTACK_ENDPOINT` or `AWS_ENDPOINT_URL` that answers — nothing started;
 * 2. emulators started by `npm run emulators:start` that still answer — reused, left running;
 * 3. otherwise DynamoDB Local and moto, installed if needed and started here, for the caller to stop
 *    with {@link releaseEmulators}.
 */
import { findLocalStack, installEmulators, runningEmulators, startEmulators, stopEmulators } from './emulators.js';
import {
  awsEnvironment,
  CONFLICTING_ENV,
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
    say(`using LocalStack at ${localStack.dynamodb}`);
    return { endpoints: localStack, origin: 'localstack' };
  }
  const running = await runningEmulators();
  if (running !== undefined && running.owner === 'cli') {
    say(`reusing emulators started by emulators:start (DynamoDB ${running.dynamodb}, moto ${running.sqs})`);
    return { endpoints: running, origin: 'emulators:start' };
  }
  let began = Date.now();
  await installEmulators();
  say(`install check took ${((Date.now() - began) / 1000).toFixed(1)} s`);
  began = Date.now();
  // Owner `vitest`: a run that stops what it started (the CLI's emulators outlive their starter).
  const endpoints = await startEmulators({ owner: 'vitest' });
  say(
    `started in ${((Date.now() - began) / 1000).toFixed(1)} s: DynamoDB Local ${endpoints.dynamodb}, moto ${endpoints.sqs}`,
  );
  return { endpoints, origin: 'started' };
}

/**
 * Points this process's standard AWS SDK configuration at the emulators (`AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`, region, dummy credentials); child processes
 * inherit it.
 */
export function useEmulators(endpoints: EmulatorEndpoints): void {
  for (const name of CONFLICTING_ENV) delete process.env[name];
  Object.assign(process.env, awsEnvironment(endpoints));
}

/** Lets go of emulators found by {@link findOrStartEmulators}: stops those it started. */
export async function releaseEmulators(endpoints: EmulatorEndpoints, origin: EmulatorOrigin): Promise<void> {
  if (origin === 'localstack') removeEndpoints(endpoints);
  if (origin !== 'started') return;
  for (const line of await stopEmulators(endpoints)) say(line);
}
