/**
 * The embedded engine's {@link TaskInvoker}. Task handlers and stubs are plain functions:
 *
 * - Lambda resources (a function ARN, `lambda:invoke`) call the handler registered under the
 *   function's name or ARN (else the state's name), with what a Lambda function would receive; their
 *   results and errors are shaped as Lambda and Step Functions report them. None registered:
 *   `Lambda.ResourceNotFoundException`, as AWS reports a missing function.
 * - Any other integration (`dynamodb:putItem`, `sqs:sendMessage.waitForTaskToken`, `aws-sdk:s3:getObject`)
 *   calls the stub registered under the state's name, else under the resource
 *   (`arn:aws:states:::dynamodb:putItem`, regional forms included): it receives the resolved
 *   parameters and returns the service's response; an `Error` it throws fails the task with the
 *   error's `name` and its message as the cause. With no stub, the call goes to the integration
 *   itself ({@link IntegrationInvoker}) when the engine has an endpoint for the service (its `endpoint`
 *   option, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`) or was allowed to call AWS; otherwise the
 *   task fails with `States.Runtime`, naming the state, the resource and how to stub it: a test never
 *   reaches AWS by accident.
 */
import { classifyResource } from '../engine/states/task.js';
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import { unsupported } from '../integrations/errors.js';
import type { InvocationResult, JobStatus, TaskInvoker } from '../runtime/ports.js';
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
  /**
   * @param services calls integrations that have no stub (an {@link IntegrationInvoker} whose clients
   *   refuse to reach AWS without an endpoint); none: every integration task needs a stub
   */
  constructor(
    private readonly tasks: Readonly<Record<string, TaskHandler>>,
    private readonly clock: LocalClock,
    private readonly activity: ActivityTracker,
    private readonly services?: TaskInvoker,
  ) {}

  async invoke(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    const isLambda = task.integration === 'lambda' || task.integration === 'lambda:invoke';
    if (!isLambda && task.integration !== 'activity') return this.invokeIntegration(task, execution);
    const handler =
      findHandler(this.tasks, task) ??
      (isLambda && task.stateName !== undefined ? this.tasks[task.stateName] : undefined);
    if (handler === undefined) {
      return functionNotFound(task, execution.region, execution.accountId);
    }
    const payload = task.integration === 'lambda:invoke' ? lambdaInvokePayload(task.payload) : task.payload;
    try {
      const output = throughJson(await handler(throughJson(payload), this.context(task)));
      return {
        ok: true,
        output: task.integration === 'lambda:invoke' ? lambdaInvokeResult(output, task.parameters) : output,
      };
    } catch (error) {
      return lambdaErrorCause(error);
    }
  }

  async pollJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<JobStatus> {
    if (this.services?.pollJob === undefined) throw new Error(`no invoker polls the job of ${resource}`);
    return this.services.pollJob(resource, job, execution);
  }

  async cancelJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<void> {
    await this.services?.cancelJob?.(resource, job, execution);
  }

  /** A service integration: its stub, else the integration itself where allowed, else a clear failure. */
  private async invokeIntegration(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    const stub = stubKeys(task)
      .map((key) => this.tasks[key])
      .find((found) => found !== undefined);
    if (stub !== undefined) {
      try {
        return { ok: true, output: throughJson(await stub(throughJson(task.parameters), this.context(task))) };
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        return { ok: false, error: e.name || 'Error', cause: e.message };
      }
    }
    if (this.services !== undefined) return this.services.invoke(task, execution);
    return noStub(task, 'the engine calls no service without an endpoint');
  }

  private context(task: TaskInvocation): TaskContext {
    return {
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
  }
}

/** The resource in its canonical global form, with and without its pattern suffix. */
function canonicalResources(task: TaskInvocation): string[] {
  const kind = classifyResource(task.resource);
  const action = kind.integration.slice(kind.integration.lastIndexOf(':') + 1);
  const base = `arn:aws:states:::${kind.integration}`;
  return [`${base}${kind.resourceName.slice(action.length)}`, base];
}

/** Where a stub for `task` may be registered, in the order they are tried. */
function stubKeys(task: TaskInvocation): string[] {
  // A Map's stub by its name answers its ItemReader: its ResultWriter is stubbed by resource only.
  const keys = [
    task.resultWriter === undefined ? task.stateName : undefined,
    task.resource,
    ...canonicalResources(task),
  ];
  return [...new Set(keys.filter((key): key is string => key !== undefined))];
}

/**
 * The failure of an integration task that has no stub and may not call the service: names the state,
 * the resource, and how to stub it or give an endpoint.
 */
export function noStub(task: TaskInvocation, why: string): InvocationResult {
  const [resource] = canonicalResources(task);
  return unsupported(
    `The state '${task.stateName ?? '?'}' calls ${task.resource}, which has no stub, and ${why}: ` +
      `register one under tasks['${task.stateName ?? resource}'] or tasks['${resource}'] (e.g. returns({...})), ` +
      `or let the engine call the service: its endpoint option or AWS_ENDPOINT_URL (an emulator), or allowAws: true`,
  );
}
