/**
 * The shared part of Step Functions' optimised integrations: render the request (string fields given
 * JSON get its text), send it with the SDK client of the service, and shape the response (the SDK's
 * output, optionally with `SdkHttpMetadata` and `SdkResponseMetadata`) or the failure
 * ({@link optimisedServiceFailure}).
 */
import type { InvocationResult } from '../runtime/ports.js';
import type { SdkClient } from './clients.js';
import { type JavaV1ServiceNames, optimisedServiceFailure } from './errors.js';
import { sdkMetadata, sendKeepingHttp } from './http-metadata.js';
import type { IntegrationRequest } from './integration.js';
import { fromSdkOutput, operationPart, operationSchemaOf, toSdkInput } from './sdk-shapes.js';

/** How to make one optimised call. */
export interface OptimisedCall {
  /** The SDK client class of the service. */
  readonly client: new (
    config: Record<string, unknown>,
  ) => SdkClient;
  /** The SDK command class of the action. */
  readonly command: new (
    input: never,
  ) => unknown;
  /** The service's names in errors. */
  readonly names: JavaV1ServiceNames;
  /** The request as the SDK takes it (after the schema's conversions). @default the parameters */
  readonly input?: (parameters: Record<string, unknown>, request: IntegrationRequest) => Record<string, unknown>;
  /** Whether the result carries `SdkHttpMetadata`/`SdkResponseMetadata`. */
  readonly httpMetadata: boolean;
  /** Step Functions' own change to the output (Glue adds the request's `JobName`). @default none */
  readonly shape?: (
    output: Record<string, unknown>,
    parameters: Readonly<Record<string, unknown>>,
  ) => Record<string, unknown>;
  /** A check of the shaped output that may turn it into a failure (EventBridge's failed entries). */
  readonly check?: (output: Record<string, unknown>) => InvocationResult | undefined;
}

/** Makes an optimised call (see {@link OptimisedCall}). */
export async function callOptimised(request: IntegrationRequest, call: OptimisedCall): Promise<InvocationResult> {
  const client = request.clients.get(call.client, request.region);
  const probe = new call.command({} as never);
  const operation = operationSchemaOf(probe);
  const parameters = toSdkInput(operationPart(operation, 'input'), request.parameters) as Record<string, unknown>;
  const input = call.input?.(parameters, request) ?? parameters;
  let sent: Awaited<ReturnType<typeof sendKeepingHttp<Record<string, unknown>>>>;
  try {
    sent = await sendKeepingHttp<Record<string, unknown>>(client, new call.command(input as never));
  } catch (error) {
    return optimisedServiceFailure(error, call.names);
  }
  // Members in PascalCase, as the AWS SDK for Java that Step Functions runs names them (ECS's `tasks`
  // is `Tasks`, as recorded); DynamoDB's, SQS's and SNS's are so already.
  const converted = (await fromSdkOutput(operationPart(operation, 'output'), sent.output, {
    pascalCase: true,
  })) as Record<string, unknown>;
  const shaped = call.shape?.(converted, request.parameters) ?? converted;
  const failed = call.check?.(shaped);
  if (failed !== undefined) return failed;
  if (!call.httpMetadata) return { ok: true, output: shaped };
  const requestId = (sent.output.$metadata as { requestId?: string } | undefined)?.requestId;
  return { ok: true, output: { ...shaped, ...sdkMetadata(sent.statusCode, sent.headers, requestId) } };
}
