/**
 * The fault-injection suite: proves the correctness contract (DESIGN.md) on the embedded adapters by
 * disturbing every workflow of `workflows.ts` in every way `scenarios.ts` derives from its undisturbed
 * run, and by poisoning messages. Prints `fault injection: <N> scenarios, <V> invariant violations`.
 * Run it alone with `npm run test:faults`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { poisonViolationsOf, violationsOf } from './invariants.js';
import { poisonedStore, scenariosOf } from './scenarios.js';
import { workflows } from './workflows.js';
import { type RunRecord, runWorkflow } from './world.js';

let scenarios = 0;
const violations: string[] = [];

/** Counts a scenario and keeps its violations, labelled. */
function judge(label: string, found: readonly string[]): void {
  scenarios++;
  for (const v of found) violations.push(`${label}: ${v}`);
}

/** How the undisturbed run of another configuration (one state per step, the first step in the start) ends differently from the default one. */
function endViolations(baseline: RunRecord, other: RunRecord): string[] {
  const a = baseline.execution;
  const b = other.execution;
  const fields = ['status', 'output', 'error', 'cause'] as const;
  return fields
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map(
      (field) =>
        `undisturbed, in its own configuration: ${field} ${JSON.stringify(b[field])}, expected ${JSON.stringify(a[field])}`,
    );
}

afterAll(() => {
  console.log(`fault injection: ${scenarios} scenarios, ${violations.length} invariant violations`);
});

describe('fault injection', () => {
  const baselines = new Map<string, RunRecord>();

  describe.each(workflows)('$name', (workflow) => {
    it('ends as the spec prescribes when nothing goes wrong', async () => {
      const baseline = await runWorkflow(workflow);
      baselines.set(workflow.name, baseline);
      const { status, output, error, cause } = baseline.execution;
      expect({ status, output, error, cause }).toEqual({ output: undefined, ...workflow.expected });
      expect(baseline.crashes).toBe(0);
      expect(violationsOf(baseline, baseline)).toEqual([]);
    });

    it('keeps the contract under crashes, lost acks, duplicates, reordering and racing workers', async () => {
      const baseline = baselines.get(workflow.name) ?? (await runWorkflow(workflow));
      const found: string[] = [];
      for (const scenario of await scenariosOf(workflow, baseline)) {
        const run = await runWorkflow(workflow, scenario.disturbance);
        const broken = violationsOf(scenario.baseline ?? baseline, run);
        if (scenario.baseline !== undefined) broken.push(...endViolations(baseline, scenario.baseline));
        // The disturbance must have happened for the scenario to prove anything.
        const { crash, racers, duplicate } = scenario.disturbance;
        if (crash !== undefined && run.crashes !== 1) broken.push('the planned crash never came');
        if ((racers ?? 1) > 1 && !run.handlings.some((h) => h.conflicts > 0)) {
          broken.push('no worker lost a race');
        }
        if (duplicate === true && !run.handlings.some((h) => h.outcome === 'stale')) broken.push('no duplicate came');
        judge(`${workflow.name}, ${scenario.label}`, broken);
        found.push(...broken.map((v) => `${scenario.label}: ${v}`));
      }
      expect(found.slice(0, 10)).toEqual([]);
    });

    it('fails the execution and dead-letters a message whose body never parses', async () => {
      const run = await runWorkflow(workflow, { corrupt: 1 });
      const found = poisonViolationsOf(run, /MalformedMessageError: Malformed step message: not JSON/);
      judge(`${workflow.name}, corrupt start message`, found);
      expect(found).toEqual([]);
    });

    it('fails the execution and dead-letters a message whose handling always throws', async () => {
      const run = await runWorkflow(workflow, { store: poisonedStore('any') });
      const found = poisonViolationsOf(run, /ValidationException: Item size has exceeded/);
      judge(`${workflow.name}, poisoned store`, found);
      expect(found).toEqual([]);
    });
  });

  // A distributed Map's children are child executions whose commits carry no events of the parent's
  // history, which is what the poisoned store looks for.
  it.each(
    workflows.filter(
      (w) => /map|parallel|callbacks/.test(w.name) && w.inlineChildren !== true && !w.name.startsWith('distributed'),
    ),
  )('fails $name when the handling of a child frame always throws', async (workflow) => {
    const run = await runWorkflow(workflow, { store: poisonedStore('children') });
    const found = poisonViolationsOf(run, /ValidationException: Item size has exceeded/);
    if (!/frame 'root\/\d/.test(run.execution.cause ?? '')) found.push(`cause ${run.execution.cause} names no child`);
    judge(`${workflow.name}, poisoned child`, found);
    expect(found).toEqual([]);
  });

  it('finds no invariant violation in any scenario', () => {
    expect(scenarios).toBeGreaterThan(1000);
    expect(violations.slice(0, 20)).toEqual([]);
  });
});
