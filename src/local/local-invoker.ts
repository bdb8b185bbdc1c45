/**
 * The embedded engine's {@link TaskInvoker}: task handlers are plain functions, called with what a
 * Lambda function would receive, their results and errors shaped as Lambda and Step Functions'
 * integrations report them.
 */
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import type { InvocationResult, TaskInvoker } from '../runtime/ports.js';
import type { LocalClock } from './clock.js';
import {
  findHandler,
  functionNotFound,
  lambdaErrorCause,
  lambdaInvokePayload,
  lambdaInvokeResult,
  type TaskContext,
  type TaskHandler,
  throughJson,
} from './task-invoker.js';

/** Tells the driver when a handler is waiting on engine time (and so is not busy). */
export interface ActivityTracker {
  idle(): void;
  busy(): void;
}

/** Runs task handlers in-process. */
export class LocalTaskInvoker implements TaskInvoker {
  constructor(
    private readonly tasks: Readonly<Record<string, TaskHandler>>,
    private readonly clock: LocalClock,
    private readonly activity: ActivityTracker,
  ) {}

  async invoke(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    const handler = findHandler(this.tasks, task);
    if (handler === undefined) {
      return functionNotFound(task, execution.region, execution.accountId);
    }
    const context: TaskContext = {
      idempotencyKey: task.idempotencyKey,
      taskToken: task.taskToken,
      resource: task.functionName ?? task.resource,
      sleep: async (ms: number) => {
        this.activity.idle();
        try {
          await this.clock.sleep(ms);
        } finally {
          this.activity.busy();
        }
      },
    };
    const payload = task.integration === 'lambda:invoke' ? lambdaInvokePayload(task.payload) : task.payload;
    try {
      const output = throughJson(await handler(throughJson(payload), context));
      return {
        ok: true,
        output: task.integration === 'lambda:invoke' ? lambdaInvokeResult(output, task.parameters) : output,
      };
    } catch (error) {
      return lambdaErrorCause(error);
    }
  }
}
