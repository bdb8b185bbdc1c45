import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (everything but test/integration and test/dev, no emulators),
 * `integration` (the AWS code path against emulators that test/setup/emulators.ts finds or starts —
 * LocalStack when one answers, else moto, installed by the project itself), and
 * `dev` (`stepstone dev` driven by the AWS CLI, boto3 and the JS SDK, which
 * test/setup/aws-clients.ts installs).
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
          exclude: [...configDefaults.exclude, 'test/integration/**', 'test/dev/**'],
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
    ],
  },
});
