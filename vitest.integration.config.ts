/**
 * The integration suite on its own (`npm run test:aws`): the tests under test/integration against
 * AWS emulators that the global setup finds or starts. To be replaced by an `integration` project
 * in vitest.config.ts (see test/setup/README.md).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/setup/emulators.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
