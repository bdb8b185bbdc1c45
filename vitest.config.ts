import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (everything but test/integration, no emulators) and `integration` (the AWS
 * code path against emulators that test/setup/emulators.ts finds or starts — LocalStack when one
 * answers, else DynamoDB Local and moto, installed by the project itself).
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
          exclude: [...configDefaults.exclude, 'test/integration/**'],
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
    ],
  },
});
