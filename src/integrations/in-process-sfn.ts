/**
 * An AWS SDK Step Functions client (`SFNClient`) answered in-process by Stepstone's own Step Functions
 * API, so that `states:startExecution` and `aws-sdk:sfn:*` tasks reach this engine's executions,
 * state machines and task tokens — never a Step Functions elsewhere. The SDK serialises the request as
 * it would for AWS (AWS JSON 1.0); the request handler hands it to the API's HTTP handler instead of
 * the network, and the SDK parses the answer, errors included (`InvalidToken`, `ExecutionDoesNotExist`),
 * so the integrations see exactly what a Step Functions endpoint would say.
 *
 * The API sits above the integrations: whoever composes an engine passes its handler in
 * (`createLocalEngine`, the AWS worker, `stepstone dev`).
 */
import { SFNClient } from '@aws-sdk/client-sfn';

/** An HTTP exchange with the Step Functions API, as its handler (src/api/http.ts) takes and answers it. */
export type StepFunctionsHttpHandler = (request: {
  readonly rawPath: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}) => Promise<{ readonly statusCode: number; readonly headers: Record<string, string>; readonly body: string }>;

/** The parts of the SDK's HTTP request this handler reads. */
interface SdkHttpRequest {
  readonly path?: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** Answers one SDK request with `handler`, never touching the network. */
async function answer(handler: StepFunctionsHttpHandler, request: SdkHttpRequest): Promise<{ response: unknown }> {
  const body =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : '';
  const answered = await handler({ rawPath: request.path ?? '/', headers: request.headers, body });
  const { statusCode, headers } = answered;
  return { response: { statusCode, headers, body: new TextEncoder().encode(answered.body) } };
}

/**
 * An `SFNClient` whose every call `handler` answers in-process. Give it to `AwsClients` as the
 * prebuilt `SFN` client.
 *
 * @example
 * new AwsClients({ prebuilt: { SFN: inProcessSfnClient((request) => handleHttp(apiContext, request), 'us-east-1') } });
 */
export function inProcessSfnClient(handler: StepFunctionsHttpHandler, region: string): SFNClient {
  return new SFNClient({
    region,
    // Never reached: the handler answers. The host only has to make a valid URL.
    endpoint: 'http://stepstone.internal',
    credentials: { accessKeyId: 'stepstone', secretAccessKey: 'stepstone' },
    maxAttempts: 1,
    requestHandler: {
      handle: (request: SdkHttpRequest) => answer(handler, request),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    } as never,
  });
}
