import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four projects: `unit` (everything but test/integration, test/dev and test/console, no emulators),
 * `integration` (the AWS code path against emulators that test/setup/emulators.ts finds or starts —
 * LocalStack when one answers, else moto, installed by the project itself), and
 * `dev` (`stepstone dev` driven by the AWS CLI, boto3 and the JS SDK, which
 * test/setup/aws-clients.ts installs), and `console` (the web console of `stepstone dev` in headless
 * Chromium, which test/setup/console.ts installs, with the console built from its sources).
 * `npx vitest run --project unit` runs without emulators.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/integration/**', 'test/dev/**', 'test/console/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/emulators.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dev',
          include: ['test/dev/**/*.test.ts'],
          globalSetup: ['test/setup/aws-clients.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'console',
          include: ['test/console/**/*.test.ts'],
          globalSetup: ['test/setup/console.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
