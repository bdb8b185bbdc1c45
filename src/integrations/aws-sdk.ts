/**
 * The generic `arn:aws:states:::aws-sdk:<service>:<action>` integration, for any service and action of
 * the AWS SDK for JavaScript v3, by Step Functions' naming rules:
 *
 * - `<service>` is Step Functions' service name (`s3`, `dynamodb`, `sfn`, `secretsmanager`,
 *   `elasticloadbalancingv2`), whose client is the package `@aws-sdk/client-<…>` (sdk-packages.ts),
 *   loaded when first used;
 * - `<action>` is the API action in camelCase (`getObject`), the SDK's `<Action>Command`
 *   (`GetObjectCommand`);
 * - parameters and results are the API's members in PascalCase (sdk-shapes.ts renders blobs, dates
 *   and streaming bodies); results carry no HTTP metadata;
 * - errors are `<Service>.<Exception>` (`S3.NoSuchKeyException`, `DynamoDb.ConditionalCheckFailedException`).
 *
 * Request-response and `.waitForTaskToken` only: Step Functions runs no `.sync` through `aws-sdk`.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { InvocationResult } from '../runtime/ports.js';
import { MissingClientPackageError, type SdkClientClass } from './clients.js';
import { sdkErrorPrefix, sdkServiceFailure, unsupported } from './errors.js';
import type { IntegrationRequest } from './integration.js';
import { sdkPackageOf } from './sdk-packages.js';
import { fromSdkOutput, operationPart, operationSchemaOf, toSdkInput } from './sdk-shapes.js';

/**
 * IAM actions named otherwise than the API action they authorise (AWS's Service Authorization
 * Reference), by `<service>:<action>` as `aws-sdk` writes them. Hand-written: no library maps API
 * operations to IAM actions.
 */
const IAM_ACTION_EXCEPTIONS: Readonly<Record<string, string>> = {
  's3:listObjectsV2': 's3:ListBucket',
  's3:listObjects': 's3:ListBucket',
  's3:listObjectVersions': 's3:ListBucketVersions',
  's3:headObject': 's3:GetObject',
  's3:headBucket': 's3:ListBucket',
  's3:listBuckets': 's3:ListAllMyBuckets',
  'lambda:invoke': 'lambda:InvokeFunction',
  'lambda:invokeAsync': 'lambda:InvokeAsync',
};

/**
 * The IAM action an `aws-sdk:<service>:<action>` call needs: `s3:GetObject`, `dynamodb:PutItem`,
 * `states:StartExecution` for `sfn:startExecution`, `s3:ListBucket` for `s3:listObjectsV2`.
 */
export function awsSdkIamAction(service: string, action: string): string {
  const exception = IAM_ACTION_EXCEPTIONS[`${service}:${action}`];
  if (exception !== undefined) return exception;
  const prefix = service === 'sfn' ? 'states' : service;
  return `${prefix}:${action.charAt(0).toUpperCase()}${action.slice(1)}`;
}

/** The client class a client package exports (`S3Client`), or undefined. */
function clientClassOf(module: Record<string, unknown>): SdkClientClass | undefined {
  const name = Object.keys(module).find((key) => /^[A-Za-z0-9]+Client$/.test(key) && key !== '__Client');
  return name === undefined ? undefined : (module[name] as SdkClientClass);
}

/** The client and command classes of an `aws-sdk:<service>:<action>`, or why there are none. */
export type SdkCommandLookup =
  | { readonly ok: true; readonly Client: SdkClientClass; readonly Command: new (input: unknown) => unknown }
  | {
      readonly ok: false;
      /** The client package is not installed (which says nothing of whether it exists). */
      readonly missingPackage: boolean;
      /** What is wrong, to follow "The resource '…' ". */
      readonly problem: string;
    };

/**
 * Finds the SDK classes `aws-sdk:<service>:<action>` calls, loading the service's client package
 * with `load` (which throws {@link MissingClientPackageError} when it is not installed).
 */
export function sdkCommandOf(
  load: (packageName: string) => Record<string, unknown>,
  service: string,
  action: string,
): SdkCommandLookup {
  const packageName = sdkPackageOf(service);
  let module: Record<string, unknown>;
  try {
    module = load(packageName);
  } catch (error) {
    if (error instanceof MissingClientPackageError) {
      return {
        ok: false,
        missingPackage: true,
        problem: `calls the service '${service}', whose AWS SDK client ${packageName} is not installed: npm install ${packageName} (or check the service name: Step Functions spells it as its SDK module, e.g. 'sfn', 'secretsmanager', 'elasticloadbalancingv2')`,
      };
    }
    throw error;
  }
  const Client = clientClassOf(module);
  const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  const Command = module[commandName] as (new (input: unknown) => unknown) | undefined;
  if (Client === undefined) {
    return { ok: false, missingPackage: false, problem: `calls ${packageName}, which exports no client class` };
  }
  if (typeof Command !== 'function' || !/^[a-z]/.test(action)) {
    return {
      ok: false,
      missingPackage: false,
      problem: `names the action '${action}', which the service '${service}' does not have (${packageName} has no ${commandName}); actions are written in camelCase, e.g. 'getObject'`,
    };
  }
  return { ok: true, Client, Command };
}

/** Calls `aws-sdk:<service>:<action>` (see the module comment). */
export async function callAwsSdk(
  request: IntegrationRequest,
  service: string,
  action: string,
): Promise<InvocationResult> {
  const found = sdkCommandOf((name) => request.clients.module(name), service, action);
  if (!found.ok) return unsupported(`The resource '${request.task.resource}' ${found.problem}`);
  const { Client, Command } = found;
  const client = request.clients.get(Client, request.region);
  const prefix = sdkErrorPrefix(client.config.serviceId ?? service);
  const operation = operationSchemaOf(new Command({}));
  const input = toSdkInput(operationPart(operation, 'input'), request.parameters);
  let output: unknown;
  try {
    output = await client.send(new Command(input));
  } catch (error) {
    return sdkServiceFailure(error, prefix);
  }
  return { ok: true, output: await fromSdkOutput(operationPart(operation, 'output'), output, { pascalCase: true }) };
}
