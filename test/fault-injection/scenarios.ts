/**
 * The disturbed runs of a workflow, derived from its undisturbed run: a crash at every numbered call
 * (in every phase the call has), a lost acknowledgement of every handled message, every message
 * delivered twice (also with a crash at every call of that run), deliveries reordered under several
 * seeds, four or five workers racing on every delivery, and one state per step (every transition a
 * commit of its own) with a crash at every call.
 */
import type { Store } from '../../src/runtime/ports.js';
import type { CrashPhase } from './faults.js';
import type { Disturbance, RunRecord, Workflow } from './world.js';
import { runWorkflow } from './world.js';

/** One disturbed run to make. */
export interface Scenario {
  readonly label: string;
  readonly disturbance: Disturbance;
  /**
   * The undisturbed run to compare with, when not the workflow's default one: one state per step
   * changes which frame records a fan-out's children (their own frames rather than the parent's
   * step), and a first step run by StartExecution is committed by it rather than by a message, so
   * those scenarios are compared with the undisturbed run of that configuration, which must itself
   * end as the default run does.
   */
  readonly baseline?: RunRecord;
}

/** Every scenario for a workflow whose undisturbed run is `baseline`. */
export async function scenariosOf(workflow: Workflow, baseline: RunRecord): Promise<Scenario[]> {
  const out: Scenario[] = [];
  for (const site of baseline.sites) {
    for (const phase of site.phases) {
      out.push({
        label: `crash ${phase} #${site.point} ${site.call}`,
        disturbance: { crash: { point: site.point, phase } },
      });
    }
  }
  // An API client that gives up after its callback request failed: once the outcome is recorded, the
  // task must still get it (it is delivered by the task's next timeout check at the latest).
  for (const site of baseline.sites) {
    const recorded: readonly CrashPhase[] = site.call === 'callback store.resolveTaskToken' ? ['after'] : [];
    for (const phase of site.call === 'callback queue.send' ? site.phases : recorded) {
      out.push({
        label: `callback client gives up after crash ${phase} #${site.point} ${site.call}`,
        disturbance: { clientGivesUp: true, crash: { point: site.point, phase } },
      });
    }
  }
  for (let ack = 1; ack <= baseline.acks; ack++) {
    out.push({ label: `ack #${ack} lost`, disturbance: { dropAck: ack } });
  }
  out.push({ label: 'every message twice', disturbance: { duplicate: true } });
  const duplicated = await runWorkflow(workflow, { duplicate: true });
  for (const site of duplicated.sites) {
    for (const phase of site.phases) {
      out.push({
        label: `every message twice, crash ${phase} #${site.point} ${site.call}`,
        disturbance: { duplicate: true, crash: { point: site.point, phase } },
      });
    }
  }
  for (let seed = 1; seed <= 5; seed++) {
    out.push({ label: `reordered (seed ${seed})`, disturbance: { reorder: 5, seed } });
    out.push({ label: `reordered and twice (seed ${seed})`, disturbance: { reorder: 5, seed, duplicate: true } });
  }
  // One state per step: every Pass and Choice becomes a commit and a `continue` message.
  const stepwise = await runWorkflow(workflow, { maxTransitionsPerStep: 1 });
  for (const site of stepwise.sites) {
    for (const phase of site.phases) {
      out.push({
        label: `one state per step, crash ${phase} #${site.point} ${site.call}`,
        disturbance: { maxTransitionsPerStep: 1, crash: { point: site.point, phase } },
        baseline: stepwise,
      });
    }
  }
  out.push({
    label: 'one state per step, reordered and twice',
    disturbance: { maxTransitionsPerStep: 1, reorder: 5, duplicate: true },
    baseline: stepwise,
  });
  out.push({
    label: 'one state per step, 4 racing workers',
    disturbance: { maxTransitionsPerStep: 1, racers: 4 },
    baseline: stepwise,
  });
  // The first step run by StartExecution itself: a crash at every call, its own included (a client
  // retries a start that failed), every message twice, racing workers.
  const inline = await runWorkflow(workflow, { startInline: true });
  for (const site of inline.sites) {
    for (const phase of site.phases) {
      out.push({
        label: `first step in the start, crash ${phase} #${site.point} ${site.call}`,
        disturbance: { startInline: true, crash: { point: site.point, phase } },
        baseline: inline,
      });
    }
  }
  // A workflow that ends in its first step sends no message to duplicate or race on.
  if (inline.handlings.length > 0) {
    out.push({
      label: 'first step in the start, every message twice',
      disturbance: { startInline: true, duplicate: true },
      baseline: inline,
    });
    out.push({
      label: 'first step in the start, 4 racing workers',
      disturbance: { startInline: true, racers: 4 },
      baseline: inline,
    });
  }
  out.push({ label: '4 racing workers', disturbance: { racers: 4 } });
  out.push({ label: '4 racing workers, every message twice', disturbance: { racers: 4, duplicate: true } });
  out.push({ label: '5 racing workers, reordered', disturbance: { racers: 5, reorder: 3, seed: 7 } });
  return out;
}

/** Thrown by a poisoned store, as DynamoDB rejects an item that is too large. */
class ItemTooLarge extends Error {
  constructor() {
    super('Item size has exceeded the maximum allowed size');
    this.name = 'ValidationException';
  }
}

/**
 * A store that can never commit a record entering a state (of any frame, or of child frames only):
 * the handling of the message that would commit it throws on every delivery. The record that fails
 * the execution enters no state, so it lands.
 */
export function poisonedStore(scope: 'any' | 'children'): (store: Store) => Store {
  return (store) => ({
    ...bind(store),
    commitFrame: async (record) => {
      const enters = record.events.some((e) => e.type.endsWith('StateEntered'));
      if (enters && (scope === 'any' || record.frameId !== 'root')) throw new ItemTooLarge();
      return store.commitFrame(record);
    },
  });
}

/** A store's methods bound to it, as a plain object (to override one of them). */
function bind(store: Store): Store {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    out[name] = typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(store) : value;
  }
  return out as unknown as Store;
}
