/**
 * The engines under test, by name. Each is imported only when asked for: the peer's module needs
 * Node 22, and loading one engine must not weigh on another's memory figures.
 */
import type { PreparedWorkload } from '../measure.js';
import type { Workload } from '../workloads.js';

/** The engines, in table order. */
export const ENGINE_NAMES = ['embedded', 'interpreter', 'peer'] as const;

/** One engine's name. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What each engine is, for the table. */
export const ENGINE_LABELS: Readonly<Record<EngineName, string>> = {
  embedded: 'Stepstone createLocalEngine (virtual clock)',
  interpreter: 'Stepstone startExecution/step, bare loop',
  peer: 'aws-local-stepfunctions',
};

/** Loads engine `name` and makes it ready to run `workload`. */
export async function prepare(name: EngineName, workload: Workload): Promise<PreparedWorkload> {
  switch (name) {
    case 'embedded':
      return (await import('./embedded.js')).prepareEmbedded(workload);
    case 'interpreter':
      return (await import('./interpreter.js')).prepareInterpreter(workload);
    case 'peer':
      return (await import('./peer.js')).preparePeer(workload);
    default: {
      const never: never = name;
      throw new Error(`unknown engine ${String(never)}`);
    }
  }
}
