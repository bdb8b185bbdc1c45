/**
 * Step Functions' own integration `states:startExecution`: request-response, `.sync` (the nested
 * execution's description, `Output` as JSON text), `.sync:2` (`Input` and `Output` parsed) and
 * `.waitForTaskToken`. The child is an execution of this engine: the SDK client the engine gives for
 * Step Functions (`SFN`) answers in-process (in-process-sfn.ts), on the AWS path and embedded alike,
 * so it runs on the same runtime; it is stopped with its parent because the parent's polls of the job
 * cancel it once the task no longer waits for it (runtime.ts, `pollJob`).
 *
 * The request is the API's (`StateMachineArn`, `Input`, `Name`, `TraceHeader`); an `Input` given as
 * JSON is sent as its text, and none (or null) as `{}`. The start's result is the API's response
 * (`ExecutionArn`, `StartDate` in epoch milliseconds) with `SdkHttpMetadata` and
 * `SdkResponseMetadata`. A nested execution that fails, times out or is aborted fails the task with
 * `States.TaskFailed`, its description (with `Error` and `Cause`) as the cause. Errors of the call are
 * `StepFunctions.<Exception>` (`StepFunctions.StateMachineDoesNotExistException`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { JobCall, ServiceIntegration, SyncJob, SyncVariant } from './integration.js';
import { callOptimised } from './optimised.js';
import { statementFor } from './permissions.js';

/** Step Functions' names in errors (AWS SDK for Java 1.x). */
const NAMES = { prefix: 'StepFunctions', title: 'AWSStepFunctions', serviceException: 'AWSStepFunctionsException' };

/** `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]`. */
export const statesStartExecution: ServiceIntegration = {
  name: 'states:startExecution',
  patterns: ['RESPONSE', 'SYNC', 'WAIT_FOR_TASK_TOKEN'],
  fields: ['Input', 'Name', 'StateMachineArn', 'TraceHeader'],
  iamActions: ['states:StartExecution'],
  // The state machine it starts.
  permissions: (parameters) => [statementFor(['states:StartExecution'], parameters, 'StateMachineArn', (arn) => arn)],
  call: (request) =>
    callOptimised(request, {
      client: SFNClient,
      command: StartExecutionCommand,
      names: NAMES,
      httpMetadata: true,
      input: (parameters) => ({ ...parameters, input: inputText(request.parameters.Input) }),
      // Step Functions runs the AWS SDK for Java 1.x, which writes a date as epoch milliseconds.
      shape: (output) => ({ ...output, StartDate: epochMillis(output.StartDate) }),
    }),
};

/** The nested execution's input as text: JSON given as a value is serialised; none is `{}`. */
function inputText(input: unknown): string {
  if (input === undefined || input === null) return '{}';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

function epochMillis(date: unknown): unknown {
  if (date instanceof Date) return date.getTime();
  if (typeof date === 'string') return Date.parse(date);
  return date;
}

function client(call: JobCall): SFNClient {
  return call.clients.get(SFNClient, call.region);
}

/** A nested execution's description as `.sync` reports it: DescribeExecution in PascalCase. */
function described(d: DescribeExecutionOutput, variant: SyncVariant): Record<string, unknown> {
  const parsed = (text: string | undefined) => (variant === 'sync:2' && text !== undefined ? JSON.parse(text) : text);
  const redrivable = d.status === 'FAILED' || d.status === 'TIMED_OUT' || d.status === 'ABORTED';
  const description: Record<string, unknown> = {
    ExecutionArn: d.executionArn,
    Input: parsed(d.input),
    InputDetails: { Included: d.inputDetails?.included ?? true },
    Name: d.name,
    Output: parsed(d.output),
    OutputDetails: d.output === undefined ? undefined : { Included: d.outputDetails?.included ?? true },
    RedriveCount: d.redriveCount ?? 0,
    RedriveStatus: d.redriveStatus ?? (redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE'),
    RedriveStatusReason: redrivable ? undefined : `Execution is ${d.status} and cannot be redriven`,
    StartDate: epochMillis(d.startDate),
    StateMachineArn: d.stateMachineArn,
    Status: d.status,
    StopDate: epochMillis(d.stopDate),
  };
  return Object.fromEntries(Object.entries(description).filter(([, value]) => value !== undefined));
}

/** `states:startExecution.sync` and `.sync:2`: the nested execution, followed until it ends. */
export const statesStartExecutionJob: SyncJob<DescribeExecutionOutput> = {
  name: 'states:startExecution',
  variants: ['sync', 'sync:2'],
  iamActions: ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'],
  // Describing and stopping are authorised on the executions of the state machine it starts.
  permissions: (parameters) => {
    const statement = statementFor(
      ['states:DescribeExecution', 'states:StopExecution'],
      parameters,
      'StateMachineArn',
      (arn) => arn,
    );
    return [
      {
        ...statement,
        resources: statement.resources.map((arn) => `${arn.replace(':stateMachine:', ':execution:')}:*`),
      },
    ];
  },
  pollSeconds: 1,
  start: statesStartExecution,
  handle: (started) => ({ ExecutionArn: started.ExecutionArn }),
  describe: (call) =>
    client(call).send(new DescribeExecutionCommand({ executionArn: String(call.handle.ExecutionArn) })),
  status: (d) => d.status,
  succeeded: ['SUCCEEDED'],
  failed: ['FAILED', 'TIMED_OUT', 'ABORTED'],
  output: (d, variant) => described(d, variant),
  // The cause as recorded on AWS: the description without output and redrive fields, with the error.
  failure: (d, variant) => {
    const { Output, OutputDetails, RedriveCount, RedriveStatus, RedriveStatusReason, ...rest } = described(d, variant);
    const cause = { ...rest, Error: d.error, Cause: d.cause };
    return { error: 'States.TaskFailed', cause: JSON.stringify(cause) };
  },
  cancel: async (call) => {
    await client(call).send(new StopExecutionCommand({ executionArn: String(call.handle.ExecutionArn) }));
  },
};
