/**
 * The port contract suites against `stepstone dev`'s SQLite adapters: the store and its registry
 * in one database file, the queue in its own, on a virtual clock that the suite moves on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/dev/database.js';
import { SqliteQueue } from '../../src/dev/sqlite-queue.js';
import { SqliteRegistry } from '../../src/dev/sqlite-registry.js';
import { SqliteStore } from '../../src/dev/sqlite-store.js';
import { virtualClock } from '../../src/local/clock.js';
import { describeQueueContract } from './queue-contract.js';
import { describeRegistryContract } from './registry-contract.js';
import { describeStoreContract } from './store-contract.js';

function databaseFile() {
  const dir = mkdtempSync(join(tmpdir(), 'stepstone-contract-'));
  const db = openDatabase(join(dir, 'dev.db'));
  return {
    db,
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreContract('SqliteStore', async () => {
  const { db, cleanup } = databaseFile();
  return { store: new SqliteStore(db), cleanup };
});

describeRegistryContract('SqliteRegistry', async () => {
  const { db, cleanup } = databaseFile();
  return { store: new SqliteStore(db), registry: new SqliteRegistry(db), cleanup };
});

describeQueueContract('SqliteQueue', async ({ visibilityTimeoutSeconds, maxReceives }) => {
  const { db, cleanup } = databaseFile();
  const clock = virtualClock(Date.UTC(2024, 4, 1));
  const queue = new SqliteQueue(db, {
    now: () => clock.now(),
    visibilityTimeoutSeconds,
    maxReceives,
    maxWaitSeconds: 0,
  });
  return {
    queue,
    elapse: async (seconds) => clock.advanceTo(clock.now() + seconds * 1000),
    deadLetters: async () => queue.deadLetters(),
    cleanup,
  };
});
