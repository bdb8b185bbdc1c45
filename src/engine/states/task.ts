import { StatesError, StatesErrors } from '../../asl/errors.js';
import { isJsonataExpression } from '../../asl/jsonata/index.js';
import type { TaskState } from '../../asl/model/index.js';
import { toJsonText } from '../history.js';
import {
  effectiveInput,
  jsonataBindings,
  jsonataField,
  jsonataTemplate,
  numberAtPath,
  payloadOf,
} from '../io-processing.js';
import { exceedsPayloadLimit } from '../payload-limit.js';
import type { ProgramState } from '../program.js';
import type { Stepper, Transition } from '../step.js';
import type { FrameEvent, TaskInvocation } from '../types.js';
import { exitWithResult } from './finish.js';

/** AWS's default task timeout, in seconds. */
const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

/** How a `Resource` is reached. */
export interface ResourceKind {
  /**
   * `lambda` (a function ARN), `activity`, or the integration `<service>:<action>` without its pattern
   * suffix: `lambda:invoke`, `dynamodb:putItem`, `aws-sdk:s3:getObject`, `states:startExecution`.
   */
  readonly integration: string;
  readonly pattern: TaskInvocation['pattern'];
  /** History's `resourceType` (`sqs`, `aws-sdk:s3`) and `resource` (`sendMessage.waitForTaskToken`). */
  readonly resourceType: string;
  readonly resourceName: string;
  /** The region a regional integration ARN names (`arn:aws:states:eu-west-1::sqs:sendMessage`). */
  readonly region?: string | undefined;
}

/** An integration ARN: `arn:<partition>:states:[<region>]:[<account>]:<service>:<action>[.<pattern>]`. */
const INTEGRATION_ARN = /^arn:[^:]+:states:([^:]*):([^:]*):([^:]+):(.+)$/;

/** ARN resource types of Step Functions' own resources, which are not integrations. */
const STATES_RESOURCE_TYPES = new Set(['activity', 'stateMachine', 'execution', 'express', 'mapRun']);

/**
 * Classifies a Task `Resource`: a Lambda function ARN, an activity ARN, or a service integration
 * `arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`, also in its
 * regional form (`arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`, which names the same
 * integration). An `aws-sdk:<service>:<action>` integration is reported in the history as
 * `resourceType` `aws-sdk:<service>`, `resource` `<action>`, as Step Functions reports it.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
 */
export function classifyResource(resource: string): ResourceKind {
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) {
    return { integration: 'activity', pattern: 'RESPONSE', resourceType: 'activity', resourceName: resource };
  }
  const integration = INTEGRATION_ARN.exec(resource);
  if (integration !== null && !STATES_RESOURCE_TYPES.has(integration[3]!)) {
    const region = integration[1] === '' ? undefined : integration[1];
    let service = integration[3]!;
    let resourceName = integration[4]!;
    if (service === 'aws-sdk') {
      const split = /^([^:]+):(.+)$/.exec(resourceName);
      if (split !== null) {
        service = `aws-sdk:${split[1]}`;
        resourceName = split[2]!;
      }
    }
    let pattern: TaskInvocation['pattern'] = 'RESPONSE';
    if (resourceName.endsWith('.waitForTaskToken')) pattern = 'WAIT_FOR_TASK_TOKEN';
    else if (/\.sync(:2)?$/.test(resourceName)) pattern = 'SYNC';
    const action = resourceName.replace(/\.(waitForTaskToken|sync(:2)?)$/, '');
    return { integration: `${service}:${action}`, pattern, resourceType: service, resourceName, region };
  }
  return { integration: 'lambda', pattern: 'RESPONSE', resourceType: 'lambda', resourceName: resource };
}

/**
 * Task: resolves its payload and asks the runtime to invoke the resource; the result arrives as a
 * later event.
 *
 * @see https://states-language.net/spec.html#task-state
 */
export async function runTask(stepper: Stepper, ps: ProgramState, state: TaskState): Promise<Transition> {
  const kind = classifyResource(state.Resource);
  // An activity's worker answers with a task token too, as a callback does; a `.sync` task has one for
  // heartbeats (`SendTaskHeartbeat`) and for an answer that ends it before its job does.
  const taskToken = kind.pattern !== 'RESPONSE' || kind.integration === 'activity' ? stepper.env.uuid() : undefined;
  const context = stepper.context({ taskToken, retryCount: true });
  let parameters: unknown;
  if (ps.language === 'JSONata') {
    const input = stepper.frame.input;
    parameters =
      state.Arguments === undefined
        ? input
        : await jsonataTemplate(stepper, state.Arguments, jsonataBindings(stepper, { input, context }), 'Arguments');
  } else {
    const effective = effectiveInput(stepper, state, context);
    parameters =
      state.Parameters === undefined
        ? effective
        : payloadOf(stepper, state.Parameters, effective, 'Parameters', context);
  }
  return invoke(stepper, ps, state, kind, parameters, taskToken);
}

async function invoke(
  stepper: Stepper,
  ps: ProgramState,
  state: TaskState,
  kind: ResourceKind,
  parameters: unknown,
  taskToken: string | undefined,
): Promise<Transition> {
  const timeoutSeconds = await secondsField(stepper, ps, state, 'TimeoutSeconds');
  const heartbeatSeconds = await secondsField(stepper, ps, state, 'HeartbeatSeconds');
  const isLambdaInvoke = kind.integration === 'lambda:invoke';
  const params = parameters as Record<string, unknown> | null;
  const task: TaskInvocation = {
    resource: state.Resource,
    stateName: stepper.frame.state,
    integration: kind.integration,
    pattern: kind.pattern,
    functionName:
      kind.integration === 'lambda'
        ? state.Resource
        : isLambdaInvoke && params !== null && typeof params === 'object'
          ? (params.FunctionName as string | undefined)
          : undefined,
    payload: isLambdaInvoke && params !== null && typeof params === 'object' ? params.Payload : parameters,
    parameters,
    taskToken,
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    heartbeatSeconds,
    idempotencyKey: `${stepper.execution.executionArn}/${stepper.frame.id}/${stepper.frame.transitions}/${stepper.frame.retryCount}`,
  };
  if (kind.integration === 'lambda') {
    const details: Record<string, unknown> = {
      resource: state.Resource,
      input: toJsonText(parameters),
      inputDetails: { truncated: false },
    };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    stepper.record('LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: details });
    stepper.record('LambdaFunctionStarted');
  } else if (kind.integration === 'activity') {
    const details: Record<string, unknown> = {
      resource: state.Resource,
      input: toJsonText(parameters),
      inputDetails: { truncated: false },
    };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
    stepper.record('ActivityScheduled', { activityScheduledEventDetails: details });
  } else {
    const details: Record<string, unknown> = {
      resourceType: kind.resourceType,
      resource: kind.resourceName,
      region: kind.region ?? stepper.execution.region,
      parameters: toJsonText(parameters),
    };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
    if (state.Credentials !== undefined) {
      details.taskCredentials = { roleArn: resolveCredentials(stepper, state) };
    }
    stepper.record('TaskScheduled', { taskScheduledEventDetails: details });
    stepper.record('TaskStarted', {
      taskStartedEventDetails: { resourceType: kind.resourceType, resource: kind.resourceName },
    });
  }
  stepper.setStage({ name: 'task', payload: parameters, taskToken });
  stepper.emit({ type: 'invokeTask', frameId: stepper.frame.id, task });
  return { kind: 'wait' };
}

function resolveCredentials(stepper: Stepper, state: TaskState): unknown {
  const credentials = state.Credentials ?? {};
  const resolved = payloadOf(stepper, credentials, effectiveInput(stepper, state), 'Credentials') as Record<
    string,
    unknown
  >;
  return resolved.RoleArn;
}

/**
 * `TimeoutSeconds`/`HeartbeatSeconds` from the literal, the JSONata expression or the `…Path`. A path
 * that selects nothing or a value that is not an integer fails as every numeric `…Path` field does
 * ({@link numberAtPath}); a value below 1 as LocalStack's `timeout.py` words it.
 */
async function secondsField(
  stepper: Stepper,
  ps: ProgramState,
  state: TaskState,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
): Promise<number | undefined> {
  const literal = state[field];
  const pathField = `${field}Path` as const;
  const path = state[pathField];
  if (typeof literal === 'number') return literal;
  let value: number;
  let named: string;
  if (typeof literal === 'string' && isJsonataExpression(literal)) {
    const bindings = jsonataBindings(stepper, { input: stepper.frame.input });
    value = (await jsonataField(stepper, literal, bindings, field, 'integer')) as number;
    named = field;
  } else if (path !== undefined && ps.language === 'JSONPath') {
    value = numberAtPath(stepper, pathField, path, effectiveInput(stepper, state), 'int');
    named = pathField;
  } else {
    return undefined;
  }
  if (value < 1) {
    throw new StatesError(StatesErrors.Runtime, `Expected non-negative integer for ${named}, got '${value}' instead.`);
  }
  return value;
}

/** Continues a Task after its invocation reported back, or after a retry back-off. */
export async function resumeTask(
  stepper: Stepper,
  ps: ProgramState,
  state: TaskState,
  event: FrameEvent,
): Promise<Transition> {
  const kind = classifyResource(state.Resource);
  const stage = stepper.frame.stage;
  switch (event.type) {
    case 'timerFired': {
      if (stage.name !== 'retry') return { kind: 'wait' };
      // AWS evaluates Parameters/Arguments again for each attempt: `$$.State.RetryCount` counts up.
      return runTask(stepper, ps, state);
    }
    case 'activityStarted':
      stepper.record('ActivityStarted', {
        activityStartedEventDetails: event.workerName === undefined ? {} : { workerName: event.workerName },
      });
      return { kind: 'wait' };
    case 'taskSubmitted':
      stepper.record('TaskSubmitted', {
        taskSubmittedEventDetails: {
          resourceType: kind.resourceType,
          resource: kind.resourceName,
          output: toJsonText(event.output),
          outputDetails: { truncated: false },
        },
      });
      return { kind: 'wait' };
    case 'taskSucceeded': {
      const payload = stage.name === 'task' ? stage.payload : undefined;
      if (exceedsPayloadLimit(event.output, stepper.env.maxPayloadBytes)) {
        const error = new StatesError(
          StatesErrors.DataLimitExceeded,
          `The state/task '${kind.integration === 'lambda' ? state.Resource : kind.resourceType}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        );
        recordFailure(stepper, kind, error.error, error.cause);
        return stepper.handleError(ps, error, payload);
      }
      const own = ownEvents(kind);
      if (own !== undefined) {
        stepper.record(`${own.type}Succeeded`, {
          [`${own.details}SucceededEventDetails`]: {
            output: toJsonText(event.output),
            outputDetails: { truncated: false },
          },
        });
      } else {
        stepper.record('TaskSucceeded', {
          taskSucceededEventDetails: {
            resourceType: kind.resourceType,
            resource: kind.resourceName,
            output: toJsonText(event.output),
            outputDetails: { truncated: false },
          },
        });
      }
      return exitWithResult(stepper, ps, state, event.output);
    }
    case 'taskFailed': {
      const payload = stage.name === 'task' ? stage.payload : undefined;
      recordFailure(stepper, kind, event.error, event.cause);
      return stepper.handleError(ps, new StatesError(event.error, event.cause), payload);
    }
    case 'taskTimedOut': {
      const payload = stage.name === 'task' ? stage.payload : undefined;
      // AWS reports a missed heartbeat as States.Timeout for a service integration's task token
      // (recorded: sqs:sendMessage.waitForTaskToken), States.HeartbeatTimeout for an activity.
      const error =
        event.heartbeat === true && kind.integration === 'activity'
          ? StatesErrors.HeartbeatTimeout
          : StatesErrors.Timeout;
      const own = ownEvents(kind);
      const details = {
        error,
        ...(own === undefined ? { resourceType: kind.resourceType, resource: kind.resourceName } : {}),
      };
      stepper.record(own === undefined ? 'TaskTimedOut' : `${own.type}TimedOut`, {
        [own === undefined ? 'taskTimedOutEventDetails' : `${own.details}TimedOutEventDetails`]: details,
      });
      return stepper.handleError(ps, new StatesError(error), payload);
    }
    default:
      return { kind: 'wait' };
  }
}

function recordFailure(stepper: Stepper, kind: ResourceKind, error: string, cause: string | undefined): void {
  const details: Record<string, unknown> = { error };
  if (cause !== undefined) details.cause = cause;
  const own = ownEvents(kind);
  if (own !== undefined) {
    stepper.record(`${own.type}Failed`, { [`${own.details}FailedEventDetails`]: details });
  } else {
    stepper.record('TaskFailed', {
      taskFailedEventDetails: { resourceType: kind.resourceType, resource: kind.resourceName, ...details },
    });
  }
}

/**
 * Lambda function ARNs and activities have history events of their own (`LambdaFunctionFailed`,
 * `ActivityFailed`, …) instead of the service integrations' `Task…` events.
 */
function ownEvents(kind: ResourceKind): { type: string; details: string } | undefined {
  if (kind.integration === 'lambda') return { type: 'LambdaFunction', details: 'lambdaFunction' };
  if (kind.integration === 'activity') return { type: 'Activity', details: 'activity' };
  return undefined;
}
