/**
 * `stepstone/client`: a Step Functions client (`SFNClient` of `@aws-sdk/client-sfn`) for an engine
 * deployed with CDK. The engine's API function answers Step Functions' own protocol behind a Lambda
 * function URL with IAM auth, so the client is the SDK's own, pointed at the URL and signing as a
 * function URL requires: SigV4 for the service `lambda`, in the function's region. Every command of
 * the SDK then works (docs/api.md lists what the engine answers).
 *
 * The caller's credentials come from the SDK's default chain (or `credentials`); they need
 * `lambda:InvokeFunctionUrl` on the API function (`engine.grantStartExecution(role)` grants it).
 *
 * @example
 * import { StartExecutionCommand } from '@aws-sdk/client-sfn';
 * import { stepstoneClient } from 'stepstone/client';
 *
 * const sfn = stepstoneClient({ url: process.env.STEPSTONE_API_URL! });
 * await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(order) }));
 */
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

/** Options of {@link stepstoneClient}: the SDK's client configuration and the engine's URL. */
export interface StepstoneClientOptions
  extends Omit<SFNClientConfig, 'endpoint' | 'signingName' | 'disableHostPrefix'> {
  /** The API's function URL (the stack output `ApiUrl`), or `stepstone dev`'s `http://127.0.0.1:8083`. */
  readonly url: string;
}

/**
 * A function URL as LocalStack builds it when its `LOCALSTACK_HOST` is an IP address
 * (`http://<id>.lambda-url.<region>.127.0.0.1:4566/`): LocalStack routes function URLs by host name,
 * but this one resolves nowhere, and WHATWG URL parsers (Node's, the SDK's) refuse a host name whose
 * last label is a number.
 */
const IP_HOSTED_FUNCTION_URL =
  /^(https?):\/\/([A-Za-z0-9]+\.lambda-url\.([a-z0-9-]+)\.((?:\d{1,3}\.){3}\d{1,3}))(?::(\d+))?\/?$/;

/**
 * An `SFNClient` for a Stepstone engine. The region defaults to the one in a function URL's host
 * (`<id>.lambda-url.<region>.on.aws`), then to the SDK's configuration. A LocalStack function URL on
 * an IP address (`http://<id>.lambda-url.us-east-1.127.0.0.1:4566/`) is reached at that address, with
 * its host name in the `Host` header, by which LocalStack finds the function.
 */
export function stepstoneClient(options: StepstoneClientOptions): SFNClient {
  const { url, ...config } = options;
  const onIp = IP_HOSTED_FUNCTION_URL.exec(url);
  const endpoint = onIp === null ? url : `${onIp[1]}://${onIp[4]}${onIp[5] === undefined ? '' : `:${onIp[5]}`}`;
  const resolved: SFNClientConfig & { signingName: string } = {
    ...config,
    region: config.region ?? regionOfFunctionUrl(url),
    endpoint,
    // A function URL authorises requests signed for Lambda, not for Step Functions: the SDK signs
    // with the service `signingName` names (read by its SigV4 configuration, absent from the
    // client's public type; test/unit/client.test.ts checks the signature).
    signingName: 'lambda',
    // The SDK sends StartSyncExecution and TestState to `sync-<host>`, which a function URL is not.
    disableHostPrefix: true,
  };
  const client = new SFNClient(resolved);
  if (onIp !== null) {
    const host = `${onIp[2]}${onIp[5] === undefined ? '' : `:${onIp[5]}`}`;
    // In the build step, before the SDK's own Host header (which keeps one already set) and signing.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers !== undefined) request.headers.host = host;
        return next(args);
      },
      { step: 'build', name: 'stepstoneFunctionUrlHost' },
    );
  }
  return client;
}

/** The region in a function URL's host name, if it is one (on AWS, or LocalStack's). */
export function regionOfFunctionUrl(url: string): string | undefined {
  const onIp = IP_HOSTED_FUNCTION_URL.exec(url);
  if (onIp !== null) return onIp[3];
  try {
    return /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.(?:on\.aws|localhost\.localstack\.cloud)$/i.exec(
      new URL(url).hostname,
    )?.[1];
  } catch {
    return undefined;
  }
}
