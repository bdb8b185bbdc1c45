/**
 * The AWS emulators a benchmark runs against, found or started the way the integration suite's
 * global setup does it (test/setup/emulators.ts, docs/emulators.md): a LocalStack the environment
 * names; emulators started by `npm run emulators:start`; endpoints handed down by the `npm run bench`
 * runner in `STEPSTONE_BENCH_ENDPOINTS`; otherwise DynamoDB Local and moto, installed if needed,
 * started here and stopped by {@link Emulators.release}.
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

/** The variable through which the `npm run bench` runner shares its emulators with each benchmark. */
export const ENDPOINTS_VARIABLE = 'STEPSTONE_BENCH_ENDPOINTS';

/** Emulators in use, and how to let go of them. */
export interface Emulators {
  readonly endpoints: EmulatorEndpoints;
  /** How they were found: `started` ones are stopped by {@link Emulators.release}. */
  readonly origin: 'localstack' | 'emulators:start' | 'runner' | 'started';
  /** Stops what this process started; a no-op otherwise. */
  release(): Promise<void>;
}

function say(message: string): void {
  process.stderr.write(`emulators: ${message}\n`);
}

/**
 * Finds or starts the emulators and points the standard AWS SDK configuration of this process at
 * them (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_LAMBDA`, region,
 * dummy credentials).
 */
export async function acquireEmulators(): Promise<Emulators> {
  const { endpoints, origin } = await find();
  for (const name of CONFLICTING_ENV) delete process.env[name];
  Object.assign(process.env, awsEnvironment(endpoints));
  return {
    endpoints,
    origin,
    async release() {
      if (origin === 'localstack') removeEndpoints(endpoints);
      if (origin !== 'started') return;
      for (const line of await stopEmulators(endpoints)) say(line);
    },
  };
}

async function find(): Promise<{ endpoints: EmulatorEndpoints; origin: Emulators['origin'] }> {
  const handed = process.env[ENDPOINTS_VARIABLE];
  if (handed !== undefined && handed !== '') {
    return { endpoints: JSON.parse(handed) as EmulatorEndpoints, origin: 'runner' };
  }
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
  await installEmulators();
  const began = Date.now();
  // Owner `vitest`: a run that stops what it started (the CLI's emulators outlive their starter).
  const endpoints = await startEmulators({ owner: 'vitest' });
  say(
    `started in ${((Date.now() - began) / 1000).toFixed(1)} s: DynamoDB Local ${endpoints.dynamodb}, moto ${endpoints.sqs}`,
  );
  return { endpoints, origin: 'started' };
}
