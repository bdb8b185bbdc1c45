/**
 * Engine (b): Stepstone's pure interpreter driven directly — the definition parsed and compiled
 * once, then `startExecution`/`step` with the smallest loop that carries out their effects (call a
 * stub task, start child frames, join them, deliver `continue`). It keeps no history: it shows what
 * the interpreter itself costs, without the embedded engine's bookkeeping.
 */
import { randomUUID } from 'node:crypto';
import { parseDefinition } from '../../../src/asl/validate/index.js';
import { compileProgram, type Program } from '../../../src/engine/program.js';
import { childFrameAt } from '../../../src/engine/states/children.js';
import { startExecution, step } from '../../../src/engine/step.js';
import type {
  ChildResult,
  Effect,
  ExecutionInfo,
  Frame,
  FrameEvent,
  Outcome,
  StepEnv,
  StepResult,
} from '../../../src/engine/types.js';
import type { PreparedWorkload } from '../measure.js';
import { functionNameOf, type StubTask, type Workload } from '../workloads.js';

/** Prepares the bare interpreter for a workload: the program is compiled once for every execution. */
export function prepareInterpreter(workload: Workload): PreparedWorkload {
  const program = compileProgram(parseDefinition(workload.definition));
  return {
    async execute(count) {
      const driver = new Driver(program, workload.tasks, workload.input, count);
      const outcome = await driver.run();
      if (outcome.status !== 'SUCCEEDED') throw new Error(`interpreter: FAILED ${outcome.error}: ${outcome.cause}`);
      return { output: outcome.output, entered: count ? driver.entered : undefined };
    },
  };
}

interface Join {
  readonly total: number;
  readonly results: ChildResult[];
}

/**
 * One execution: a FIFO of (frame, event) deliveries over a map of frames. The stub tasks answer at
 * once, so a task's result is queued as soon as it is asked for.
 */
class Driver {
  private readonly frames = new Map<string, Frame>();
  private readonly joins = new Map<string, Join>();
  private readonly inbox: Array<{ frameId: string; event: FrameEvent } | undefined> = [];
  private head = 0;
  private outcome: Outcome | undefined;
  private readonly env: StepEnv;
  /** `…StateEntered` events seen, when counting. */
  entered = 0;

  constructor(
    private readonly program: Program,
    private readonly tasks: Readonly<Record<string, StubTask>>,
    input: unknown,
    private readonly count: boolean,
  ) {
    const start = Date.now();
    const execution: ExecutionInfo = {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Bench:run',
      name: 'run',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Bench',
      stateMachineName: 'Bench',
      roleArn: 'arn:aws:iam::123456789012:role/Bench',
      startTime: new Date(start).toISOString(),
      input,
      redriveCount: 0,
      type: 'STANDARD',
      region: 'us-east-1',
      accountId: '123456789012',
    };
    let nextEventId = 1;
    this.env = {
      now: () => start,
      uuid: () => randomUUID(),
      random: () => Math.random(),
      nextEventId: () => nextEventId++,
      execution,
    };
  }

  async run(): Promise<Outcome> {
    this.apply(await startExecution(this.program, this.env));
    while (this.outcome === undefined) {
      const delivery = this.inbox[this.head];
      if (delivery === undefined) throw new Error('interpreter: the execution is stuck');
      this.inbox[this.head++] = undefined;
      const frame = this.frames.get(delivery.frameId);
      if (frame === undefined) continue;
      this.apply(await step(this.program, frame, delivery.event, this.env));
    }
    return this.outcome;
  }

  private apply(result: StepResult): void {
    this.frames.set(result.frame.id, result.frame);
    if (this.count) for (const e of result.events) if (e.type.endsWith('StateEntered')) this.entered++;
    for (const effect of result.effects) this.carryOut(effect);
  }

  private carryOut(effect: Effect): void {
    switch (effect.type) {
      case 'invokeTask': {
        const name = functionNameOf(effect.task.functionName ?? effect.task.resource);
        const stub = this.tasks[name];
        if (stub === undefined) throw new Error(`interpreter: no stub for task ${name}`);
        const output = JSON.parse(JSON.stringify(stub(effect.task.payload as Record<string, unknown>)));
        this.inbox.push({ frameId: effect.frameId, event: { type: 'taskSucceeded', output } });
        return;
      }
      case 'startChildren':
        // Every child at once: the workloads set no MaxConcurrency.
        this.joins.set(effect.frameId, { total: effect.count, results: [] });
        for (let index = 0; index < effect.count; index++) {
          const child = childFrameAt(this.program, effect.parent, effect.plan, index, effect.joinId);
          this.frames.set(child.id, child);
          this.inbox.push({ frameId: child.id, event: { type: 'start' } });
        }
        if (effect.count === 0) this.inbox.push({ frameId: effect.frameId, event: childrenDone([]) });
        return;
      case 'complete':
        this.complete(effect.frameId, effect.outcome);
        return;
      case 'continue':
        this.inbox.push({ frameId: effect.frameId, event: { type: 'continue' } });
        return;
      case 'startTimer':
        throw new Error('interpreter: the benchmark workloads have no timers');
      case 'feedChildren':
        throw new Error('interpreter: the benchmark workloads read no items in pages');
      default: {
        const never: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(never)}`);
      }
    }
  }

  private complete(frameId: string, outcome: Outcome): void {
    const frame = this.frames.get(frameId);
    this.frames.delete(frameId);
    const parent = frame?.parent;
    if (parent === undefined) {
      this.outcome = outcome;
      return;
    }
    const join = this.joins.get(parent.frameId);
    if (join === undefined) return;
    join.results.push(
      outcome.status === 'SUCCEEDED'
        ? { index: parent.index, status: 'SUCCEEDED', output: outcome.output }
        : { index: parent.index, status: 'FAILED', error: outcome.error, cause: outcome.cause },
    );
    if (join.results.length === join.total) {
      this.joins.delete(parent.frameId);
      this.inbox.push({ frameId: parent.frameId, event: childrenDone(join.results) });
    }
  }
}

function childrenDone(results: ChildResult[]): FrameEvent {
  return { type: 'childrenDone', results: [...results].sort((a, b) => a.index - b.index) };
}
