/**
 * How `stepstone dev` runs a Task: from the mock test case the execution runs (Step Functions
 * Local's `MockConfigFile.json`), else with a handler of the `--tasks` module (as `stepstone run`
 * does), else against the real endpoint the standard AWS SDK configuration names
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_LAMBDA`, …, or `--endpoint`), through the integrations'
 * invoker (Lambda, the optimised integrations, `aws-sdk:*`).
 */
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import type { LocalClock } from '../local/clock.js';
import { LocalTaskInvoker } from '../local/local-invoker.js';
import { findHandler, type TaskHandler } from '../local/task-invoker.js';
import type { InvocationResult, JobStatus, TaskInvoker } from '../runtime/ports.js';
import type { MockConfig } from './mock-config.js';
import type { TestCases } from './test-cases.js';

/** Options of {@link DevTaskInvoker}. */
export interface DevTaskInvokerOptions {
  readonly mocks?: MockConfig | undefined;
  readonly testCases: TestCases;
  /** Handlers by function name or ARN (`--tasks`). */
  readonly handlers: Readonly<Record<string, TaskHandler>>;
  readonly clock: LocalClock;
  /** What runs a task no mock and no handler answers. */
  readonly fallback: TaskInvoker;
  /** Answers a mocked `.waitForTaskToken` task's token with its mocked result, once the task waits. */
  readonly answerToken: (token: string, output: unknown) => void;
}

/** The local endpoint's task invoker. */
export class DevTaskInvoker implements TaskInvoker {
  private readonly local: LocalTaskInvoker;

  constructor(private readonly options: DevTaskInvokerOptions) {
    this.local = new LocalTaskInvoker(options.handlers, options.clock, {
      idle: () => undefined,
      busy: () => undefined,
    });
  }

  async invoke(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    const mocked = this.mocked(task, execution);
    if (mocked !== undefined) return mocked;
    if (findHandler(this.options.handlers, task) !== undefined) return this.local.invoke(task, execution);
    return this.options.fallback.invoke(task, execution);
  }

  pollJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<JobStatus> {
    const { fallback } = this.options;
    if (fallback.pollJob === undefined) throw new Error(`no invoker polls the job of ${resource}`);
    return fallback.pollJob(resource, job, execution);
  }

  async cancelJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<void> {
    await this.options.fallback.cancelJob?.(resource, job, execution);
  }

  private mocked(task: TaskInvocation, execution: ExecutionInfo): InvocationResult | undefined {
    const { mocks, testCases } = this.options;
    const selected =
      mocks === undefined || task.stateName === undefined ? undefined : testCases.of(execution.executionArn);
    if (mocks === undefined || selected === undefined || task.stateName === undefined) return undefined;
    const attempt = `${task.idempotencyKey}`;
    if (!mocks.answer(selected.stateMachineName, selected.testCase, task.stateName, 0)) return undefined;
    const n = testCases.invocation(execution.executionArn, task.stateName, attempt);
    const answer = mocks.answer(selected.stateMachineName, selected.testCase, task.stateName, n);
    if (answer === undefined) return undefined;
    if ('Throw' in answer) return { ok: false, error: answer.Throw.Error, cause: answer.Throw.Cause };
    const output = answer.Return ?? null;
    // Step Functions Local answers a mocked callback task at once, with the mocked result.
    if (task.pattern === 'WAIT_FOR_TASK_TOKEN' && task.taskToken !== undefined)
      this.options.answerToken(task.taskToken, output);
    return { ok: true, output };
  }
}
