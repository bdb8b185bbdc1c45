/**
 * Vitest global setup for the integration suite: finds or starts the AWS emulators once per test
 * run and points the standard AWS SDK v3 configuration at them through the environment, which the
 * test workers inherit. Code under test needs no endpoint option.
 *
 * Order of preference:
 * 1. a LocalStack named by `LOCALSTACK_ENDPOINT` or `AWS_ENDPOINT_URL` that answers — nothing started;
 * 2. emulators started by `npm run emulators:start` that still answer — reused, left running;
 * 3. otherwise DynamoDB Local and moto, installed if needed (`scripts/emulators/install.sh`) and
 *    started here, then stopped when the run ends.
 *
 * Sets `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`,
 * `AWS_REGION=us-east-1`, dummy credentials, and `STEPSTONE_EMULATORS_KIND` (`emulators` or
 * `localstack`). See docs/emulators.md.
 */

import {
  findLocalStack,
  installEmulators,
  runningEmulators,
  startEmulators,
  stopEmulators,
} from '../../scripts/emulators/lib/emulators.js';
import {
  awsEnvironment,
  CONFLICTING_ENV,
  type EmulatorEndpoints,
  removeEndpoints,
  writeEndpoints,
} from '../../scripts/emulators/lib/endpoints.js';

/** Writes a progress line to stderr. */
function say(message: string): void {
  process.stderr.write(`emulators: ${message}\n`);
}

/** Finds or starts the emulators; `owned` when this run started them and must stop them. */
async function acquire(): Promise<{ endpoints: EmulatorEndpoints; owned: boolean }> {
  const localStack = await findLocalStack();
  if (localStack !== undefined) {
    writeEndpoints(localStack);
    say(`using LocalStack at ${localStack.dynamodb}`);
    return { endpoints: localStack, owned: false };
  }
  const running = await runningEmulators();
  if (running !== undefined && running.owner === 'cli') {
    say(`reusing emulators started by emulators:start (DynamoDB ${running.dynamodb}, moto ${running.sqs})`);
    return { endpoints: running, owned: false };
  }
  let began = Date.now();
  await installEmulators();
  say(`install check took ${((Date.now() - began) / 1000).toFixed(1)} s`);
  began = Date.now();
  const endpoints = await startEmulators({ owner: 'vitest' });
  say(
    `started in ${((Date.now() - began) / 1000).toFixed(1)} s: DynamoDB Local ${endpoints.dynamodb}, moto ${endpoints.sqs}`,
  );
  return { endpoints, owned: true };
}

/**
 * Vitest's global setup hook.
 * @returns the teardown, which stops the emulators this run started
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { endpoints, owned } = await acquire();
  for (const name of CONFLICTING_ENV) delete process.env[name];
  Object.assign(process.env, awsEnvironment(endpoints), { STEPSTONE_EMULATORS_KIND: endpoints.kind });
  // Emulators this run started are also killed when the process exits without its teardown
  // (scripts/emulators/lib/processes.ts registers them at spawn).
  return async () => {
    if (endpoints.kind === 'localstack') removeEndpoints(endpoints);
    if (!owned) return;
    for (const line of await stopEmulators(endpoints)) say(line);
  };
}
