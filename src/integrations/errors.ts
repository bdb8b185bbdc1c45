/**
 * How integration failures are named, as Step Functions names them, so that `Retry` and `Catch`
 * rules written for Step Functions match here:
 *
 * - optimised integrations report the AWS SDK for Java 1.x exception: `<Prefix>.<Exception>` for an
 *   error the service models (`DynamoDB.ConditionalCheckFailedException`, `SNS.NotFoundException`),
 *   `<Prefix>.<ServiceException>` for one it does not (`SQS.AmazonSQSException`); the cause is the
 *   message and `(Service: <Title>; Status Code: …; Error Code: …; Request ID: …; Proxy: null)`;
 * - `aws-sdk:*` integrations report the AWS SDK for Java 2.x exception: `<Service>.<Exception>`, with
 *   `Exception` appended when the error code lacks it (`S3.NoSuchKeyException`,
 *   `Sfn.InvalidTokenException`), `<Service>.<Service>Exception` for an unmodelled code; the cause is
 *   the message and `(Service: <Service>, Status Code: …, Request ID: …)`, with S3's extended request
 *   id, else followed by `(SDK Attempt Count: n)`;
 * - a call that got no response: `<Prefix>.SdkClientException`;
 * - a resource Stepstone cannot run: `States.Runtime`, the cause saying what is unsupported (see
 *   docs/integrations.md).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { InvocationResult } from '../runtime/ports.js';

/** The parts of an AWS SDK v3 error these names are made of. */
interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly Code?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: {
    readonly httpStatusCode?: number;
    readonly requestId?: string;
    readonly extendedRequestId?: string;
    readonly attempts?: number;
  };
}

/** A failure of a resource Stepstone does not support, `cause` saying what and why. */
export function unsupported(cause: string): InvocationResult {
  return { ok: false, error: 'States.Runtime', cause };
}

/**
 * Whether the service models this error: the SDK throws a class of the error's own name for a modelled
 * error, and the service's base exception class for any other code.
 */
function isModelled(error: unknown, name: string): boolean {
  return (error as { constructor?: { name?: string } } | null)?.constructor?.name === name;
}

function withExceptionSuffix(name: string): string {
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

/** How an optimised integration's service is named in errors (SDK for Java 1.x). */
export interface JavaV1ServiceNames {
  /** The error prefix: `DynamoDB`, `SQS`, `SNS`, `EventBridge`. */
  readonly prefix: string;
  /** The service in the cause: `AmazonDynamoDBv2`, `AmazonSQS`. */
  readonly title: string;
  /** The exception for an unmodelled error code: `AmazonDynamoDBException`. */
  readonly serviceException: string;
}

/** The failure an optimised integration reports for an SDK error. */
export function optimisedServiceFailure(error: unknown, names: JavaV1ServiceNames): InvocationResult {
  const e = (error ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const message = e.message ?? String(error);
  if (e.$fault === undefined || status === undefined) return clientFailure(names.prefix, message);
  const name = e.name ?? 'Error';
  const exception = isModelled(error, name) ? withExceptionSuffix(name) : names.serviceException;
  const details = [
    `Service: ${names.title}`,
    `Status Code: ${status}`,
    `Error Code: ${e.Code ?? name}`,
    `Request ID: ${e.$metadata?.requestId ?? 'null'}`,
    'Proxy: null',
  ].join('; ');
  return { ok: false, error: `${names.prefix}.${exception}`, cause: `${message} (${details})` };
}

/**
 * The failure an `aws-sdk:*` integration (or an optimised one Step Functions runs on the AWS SDK for
 * Java 2.x, as Bedrock's) reports for an SDK error; `service` as in {@link sdkErrorPrefix}, `title` the
 * service as the cause names it.
 */
export function sdkServiceFailure(error: unknown, service: string, title = service): InvocationResult {
  const e = (error ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const message = e.message ?? String(error);
  if (e.$fault === undefined || status === undefined) return clientFailure(service, message);
  const name = e.name ?? 'Error';
  const exception = isModelled(error, name) ? withExceptionSuffix(name) : `${service}Exception`;
  const details = [`Service: ${title}`, `Status Code: ${status}`, `Request ID: ${e.$metadata?.requestId ?? 'null'}`];
  // S3's exceptions carry the extended request id; the others name the SDK's attempts (as recorded).
  const cause =
    service === 'S3'
      ? `${message} (${[...details, `Extended Request ID: ${e.$metadata?.extendedRequestId ?? 'null'}`].join(', ')})`
      : `${message} (${details.join(', ')}) (SDK Attempt Count: ${e.$metadata?.attempts ?? 1})`;
  return { ok: false, error: `${service}.${exception}`, cause };
}

/** A call that got no response from the service (connection refused, timeout, a bad request it could not build). */
function clientFailure(prefix: string, message: string): InvocationResult {
  return { ok: false, error: `${prefix}.SdkClientException`, cause: `Unable to execute HTTP request: ${message}` };
}

/**
 * A service's name in `aws-sdk:*` errors, from the SDK's service id as the SDK for Java 2.x spells its
 * client: each word capitalised and the rest lower case (`DynamoDB` → `DynamoDb`, `SFN` → `Sfn`,
 * `ACM PCA` → `AcmPca`, `Secrets Manager` → `SecretsManager`, `S3` → `S3`).
 */
export function sdkErrorPrefix(serviceId: string): string {
  return serviceId
    .split(/[\s_-]+/)
    .flatMap((word) => word.split(/(?<=[a-z])(?=[A-Z])/))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}
