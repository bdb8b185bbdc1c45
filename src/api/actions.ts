/**
 * The HTTP API's actions: Step Functions' API names and request shapes (`StartExecution`,
 * `DescribeExecution`, …), validated with zod, dispatched to the runtime's lifecycle. Responses use
 * Step Functions' shapes, so clients written for Step Functions read them unchanged.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
import { z } from 'zod';
import * as lifecycle from '../runtime/lifecycle.js';
import type { Runtime } from '../runtime/runtime.js';

const arn = z.string().min(1).max(2048);
const token = z.string().min(1).max(2048);

/** Every action's request schema. */
export const ActionSchemas = {
  StartExecution: z.object({
    stateMachineArn: arn,
    name: z.string().min(1).max(80).optional(),
    input: z.string().max(262_144).optional(),
  }),
  DescribeExecution: z.object({ executionArn: arn }),
  GetExecutionHistory: z.object({
    executionArn: arn,
    maxResults: z.number().int().min(0).max(1000).optional(),
    reverseOrder: z.boolean().optional(),
    nextToken: z.string().max(1024).optional(),
  }),
  ListExecutions: z.object({
    stateMachineArn: arn,
    statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
    maxResults: z.number().int().min(0).max(1000).optional(),
    nextToken: z.string().max(1024).optional(),
  }),
  StopExecution: z.object({
    executionArn: arn,
    error: z.string().max(256).optional(),
    cause: z.string().max(32_768).optional(),
  }),
  SendTaskSuccess: z.object({ taskToken: token, output: z.string().max(262_144) }),
  SendTaskFailure: z.object({
    taskToken: token,
    error: z.string().max(256).optional(),
    cause: z.string().max(32_768).optional(),
  }),
  SendTaskHeartbeat: z.object({ taskToken: token }),
  RedriveExecution: z.object({ executionArn: arn }),
} as const;

/** An action name. */
export type ActionName = keyof typeof ActionSchemas;

/** True when `name` is an action of the API. */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ActionSchemas, name);
}

/** Runs a validated action and returns the response body. */
export async function runAction(runtime: Runtime, action: ActionName, request: unknown): Promise<unknown> {
  switch (action) {
    case 'StartExecution': {
      const r = ActionSchemas.StartExecution.parse(request);
      const started = await lifecycle.startRegisteredExecution(runtime, r.stateMachineArn, {
        name: r.name,
        input: r.input,
      });
      return { executionArn: started.executionArn, startDate: toEpochSeconds(started.startDate) };
    }
    case 'DescribeExecution': {
      const r = ActionSchemas.DescribeExecution.parse(request);
      const d = await lifecycle.describeExecution(runtime, r.executionArn);
      return {
        ...d,
        startDate: toEpochSeconds(d.startDate),
        stopDate: d.stopDate === undefined ? undefined : toEpochSeconds(d.stopDate),
      };
    }
    case 'GetExecutionHistory': {
      const r = ActionSchemas.GetExecutionHistory.parse(request);
      const page = await lifecycle.getExecutionHistory(runtime, r.executionArn, {
        maxResults: r.maxResults === 0 ? undefined : r.maxResults,
        reverseOrder: r.reverseOrder,
        nextToken: r.nextToken,
      });
      return {
        events: page.events.map((e) => ({ ...e, timestamp: toEpochSeconds(e.timestamp) })),
        nextToken: page.nextToken,
      };
    }
    case 'ListExecutions': {
      const r = ActionSchemas.ListExecutions.parse(request);
      const page = await lifecycle.listExecutions(runtime, {
        stateMachineArn: r.stateMachineArn,
        statusFilter: r.statusFilter,
        maxResults: r.maxResults === 0 ? undefined : r.maxResults,
        nextToken: r.nextToken,
      });
      return {
        executions: page.items.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: toEpochSeconds(e.startDate),
          stopDate: e.stopDate === undefined ? undefined : toEpochSeconds(e.stopDate),
          redriveCount: e.redriveCount,
        })),
        nextToken: page.nextToken,
      };
    }
    case 'StopExecution': {
      const r = ActionSchemas.StopExecution.parse(request);
      const stopped = await lifecycle.stopExecution(runtime, r.executionArn, { error: r.error, cause: r.cause });
      return { stopDate: toEpochSeconds(stopped.stopDate) };
    }
    case 'SendTaskSuccess': {
      const r = ActionSchemas.SendTaskSuccess.parse(request);
      await lifecycle.sendTaskSuccess(runtime, r.taskToken, r.output);
      return {};
    }
    case 'SendTaskFailure': {
      const r = ActionSchemas.SendTaskFailure.parse(request);
      await lifecycle.sendTaskFailure(runtime, r.taskToken, { error: r.error, cause: r.cause });
      return {};
    }
    case 'SendTaskHeartbeat': {
      const r = ActionSchemas.SendTaskHeartbeat.parse(request);
      await lifecycle.sendTaskHeartbeat(runtime, r.taskToken);
      return {};
    }
    case 'RedriveExecution': {
      const r = ActionSchemas.RedriveExecution.parse(request);
      const redriven = await lifecycle.redriveExecution(runtime, r.executionArn);
      return { redriveDate: toEpochSeconds(redriven.redriveDate) };
    }
    default: {
      const never: never = action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}

/** Step Functions' JSON protocol sends timestamps as epoch seconds. */
function toEpochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
