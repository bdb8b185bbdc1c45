/**
 * The {@link TaskInvoker} on AWS Lambda: a synchronous `Invoke` (RequestResponse unless the state
 * asks otherwise) per task attempt.
 *
 * - A Lambda function ARN as `Resource`: the task's input is the payload; the result is the
 *   function's output.
 * - `arn:aws:states:::lambda:invoke` (and `.waitForTaskToken`): `FunctionName`, `Payload` (a string
 *   is sent as is, no payload as `{}`), `Qualifier`, `InvocationType`, `LogType` and `ClientContext`
 *   from the parameters; the result is shaped as Step Functions shapes it (`ExecutedVersion`,
 *   `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`, and `LogResult` when asked).
 * - Any other resource fails with `States.Runtime`, naming the integration (the
 *   {@link IntegrationInvoker} sends it only Lambda resources).
 *
 * Errors carry Step Functions' names (see lambda-errors.ts). Endpoints and credentials come from the
 * standard SDK configuration (`AWS_ENDPOINT_URL_LAMBDA`, `AWS_REGION`, …).
 *
 * @example
 * const invoker = new LambdaInvoker();
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
import {
  type InvocationType,
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  type LogType,
} from '@aws-sdk/client-lambda';
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import type { InvocationResult, TaskInvoker } from '../runtime/ports.js';
import { type SentCommand, sdkMetadata, sendKeepingHttp } from './http-metadata.js';
import { functionErrorResult, serviceErrorResult } from './lambda-errors.js';

/** Options of {@link LambdaInvoker}. */
export interface LambdaInvokerOptions {
  /** @default new LambdaClient({}) — the standard SDK configuration */
  readonly client?: LambdaClient;
}

/** What one `Invoke` returned, with the raw HTTP response headers. */
interface Invoked {
  readonly statusCode: number;
  readonly executedVersion: string | undefined;
  readonly functionError: string | undefined;
  readonly logResult: string | undefined;
  readonly payload: string;
  readonly requestId: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

/** Invokes Lambda functions. */
export class LambdaInvoker implements TaskInvoker {
  private readonly client: LambdaClient;

  constructor(options: LambdaInvokerOptions = {}) {
    this.client = options.client ?? new LambdaClient({});
  }

  async invoke(task: TaskInvocation, _execution: ExecutionInfo): Promise<InvocationResult> {
    switch (task.integration) {
      case 'lambda':
        return this.invokeFunction(task);
      case 'lambda:invoke':
        return this.invokeIntegration(task);
      default:
        return {
          ok: false,
          error: 'States.Runtime',
          cause: `The resource '${task.resource}' (integration '${task.integration}') is not supported: Stepstone on AWS invokes Lambda function ARNs and arn:aws:states:::lambda:invoke only`,
        };
    }
  }

  /** A function ARN as `Resource`: the output is the function's result. */
  private async invokeFunction(task: TaskInvocation): Promise<InvocationResult> {
    const invoked = await this.call({
      FunctionName: task.functionName ?? task.resource,
      Payload: JSON.stringify(task.payload ?? null),
      InvocationType: 'RequestResponse',
    });
    if ('ok' in invoked) return invoked;
    if (invoked.functionError !== undefined) return functionErrorResult(invoked.payload);
    return { ok: true, output: parsePayload(invoked.payload) };
  }

  /** `lambda:invoke`: Invoke's parameters from the state, its response as the output. */
  private async invokeIntegration(task: TaskInvocation): Promise<InvocationResult> {
    const parameters = (
      task.parameters !== null && typeof task.parameters === 'object' ? task.parameters : {}
    ) as Record<string, unknown>;
    const functionName = parameters.FunctionName;
    if (typeof functionName !== 'string' || functionName === '') {
      return {
        ok: false,
        error: 'States.Runtime',
        cause: "The field 'FunctionName' is required by arn:aws:states:::lambda:invoke and must be a string",
      };
    }
    const payload = parameters.Payload;
    const invoked = await this.call({
      FunctionName: functionName,
      Payload:
        payload === null || payload === undefined
          ? '{}'
          : typeof payload === 'string'
            ? payload
            : JSON.stringify(payload),
      Qualifier: optionalString(parameters.Qualifier),
      InvocationType: optionalString(parameters.InvocationType) as InvocationType | undefined,
      LogType: optionalString(parameters.LogType) as LogType | undefined,
      ClientContext: optionalString(parameters.ClientContext),
    });
    if ('ok' in invoked) return invoked;
    if (invoked.functionError !== undefined) return functionErrorResult(invoked.payload);
    return { ok: true, output: integrationOutput(invoked) };
  }

  /** One `Invoke`; a thrown SDK error becomes the failure Step Functions would report. */
  private async call(input: {
    FunctionName: string;
    Payload: string;
    Qualifier?: string | undefined;
    InvocationType?: InvocationType | undefined;
    LogType?: LogType | undefined;
    ClientContext?: string | undefined;
  }): Promise<Invoked | InvocationResult> {
    let sent: SentCommand<InvokeCommandOutput>;
    try {
      sent = await sendKeepingHttp<InvokeCommandOutput>(
        this.client,
        new InvokeCommand({ ...input, Payload: new TextEncoder().encode(input.Payload) }),
      );
    } catch (error) {
      return serviceErrorResult(error);
    }
    const { output: response, headers } = sent;
    return {
      statusCode: response.StatusCode ?? response.$metadata.httpStatusCode ?? 200,
      executedVersion: response.ExecutedVersion,
      functionError: response.FunctionError,
      logResult: response.LogResult,
      payload: response.Payload instanceof Uint8Array ? new TextDecoder().decode(response.Payload) : '',
      requestId: response.$metadata.requestId,
      headers,
    };
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A payload as Step Functions passes it on: parsed when it is JSON, else the text itself. */
function parsePayload(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The output of `lambda:invoke`: Invoke's response, fields in Step Functions' (alphabetical) order. */
function integrationOutput(invoked: Invoked): Record<string, unknown> {
  const output: Record<string, unknown> = { ExecutedVersion: invoked.executedVersion ?? '$LATEST' };
  if (invoked.logResult !== undefined) output.LogResult = invoked.logResult;
  output.Payload = parsePayload(invoked.payload);
  Object.assign(output, sdkMetadata(invoked.statusCode, invoked.headers, invoked.requestId));
  output.StatusCode = invoked.statusCode;
  return output;
}
