/**
 * The port contract suites against the embedded engine's in-memory adapters: the store and its
 * registry as they are, the queue on a virtual clock that the suite moves on.
 */
import { virtualClock } from '../../src/local/clock.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { MemoryRegistry } from '../../src/local/memory-registry.js';
import { MemoryStore } from '../../src/local/memory-store.js';
import { describeQueueContract } from './queue-contract.js';
import { describeRegistryContract } from './registry-contract.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('MemoryStore', async () => ({ store: new MemoryStore() }));

describeRegistryContract('MemoryRegistry', async () => {
  const store = new MemoryStore();
  return { store, registry: new MemoryRegistry(store) };
});

describeQueueContract('MemoryQueue', async ({ visibilityTimeoutSeconds, maxReceives }) => {
  const clock = virtualClock(Date.UTC(2024, 4, 1));
  const queue = new MemoryQueue({ now: () => clock.now(), visibilityTimeoutSeconds, maxReceives });
  return {
    queue,
    elapse: async (seconds) => clock.advanceTo(clock.now() + seconds * 1000),
    deadLetters: async () => queue.deadLetters.map((m) => m.body),
  };
});
