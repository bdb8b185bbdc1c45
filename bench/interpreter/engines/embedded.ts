/**
 * Engine (a): Stepstone's embedded engine, `createLocalEngine` with its virtual clock, driven
 * through its public API exactly as a user would (`engine.run(definition, input)`).
 */
import { createLocalEngine, type TaskHandler } from '../../../src/index.js';
import type { PreparedWorkload } from '../measure.js';
import type { Workload } from '../workloads.js';

/** Prepares the embedded engine for a workload: one engine, one `run` per execution. */
export function prepareEmbedded(workload: Workload): PreparedWorkload {
  const tasks: Record<string, TaskHandler> = {};
  for (const [name, stub] of Object.entries(workload.tasks)) {
    tasks[name] = (payload) => stub(payload as Record<string, unknown>);
  }
  // The loop and Map workloads record more than AWS's 25,000 history events (the peer has no such
  // limit): lift it, so that the interpreter is measured rather than the quota.
  const engine = createLocalEngine({ tasks, clock: 'virtual', quotas: { historyLimit: false } });
  return {
    async execute(count) {
      const result = await engine.run(workload.definition, workload.input);
      if (result.status !== 'SUCCEEDED') {
        throw new Error(`embedded engine: ${result.status} ${String(result.error)}: ${String(result.cause)}`);
      }
      const entered = count ? result.history.filter((e) => e.type.endsWith('StateEntered')).length : undefined;
      return { output: result.output, entered };
    },
  };
}
