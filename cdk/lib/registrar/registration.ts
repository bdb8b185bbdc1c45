/**
 * The CloudFormation custom resource `Custom::StepstoneStateMachine`: what a request means and what
 * CloudFormation is told, apart from the I/O (see handler.ts). Create and Update register the
 * definition version (validated, stored by content hash) and point the state machine at it — the
 * same `registerStateMachine` that the embedded engine and the API use. Delete leaves the records:
 * stored definition versions are immutable and executions still running need theirs.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import type { StateMachineRef } from '../../../src/runtime/lifecycle.js';
import type { ExecutionQuotas } from '../../../src/runtime/quotas.js';

/** The custom resource's properties, as the `Workflow` construct writes them. */
export interface RegistrationProperties {
  /** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`. */
  readonly StateMachineArn: string;
  /** The definition as JSON text, placeholders already substituted. */
  readonly Definition: string;
  /** @default 'STANDARD' */
  readonly Type?: 'STANDARD' | 'EXPRESS';
  /**
   * AWS's execution quotas lifted for the state machine (CloudFormation hands booleans over as the
   * strings `"true"` and `"false"`). @default every quota holds
   */
  readonly Quotas?: {
    readonly HistoryLimit?: boolean | 'true' | 'false';
    readonly DurationLimit?: boolean | 'true' | 'false';
  };
}

/** The quotas a registration's `Quotas` property asks for, or undefined when it has none. */
function quotasOf(quotas: RegistrationProperties['Quotas']): ExecutionQuotas | undefined {
  if (quotas === undefined) return undefined;
  const flag = (value: boolean | 'true' | 'false' | undefined) =>
    value === undefined ? undefined : value === true || value === 'true';
  return { historyLimit: flag(quotas.HistoryLimit), durationLimit: flag(quotas.DurationLimit) };
}

/** Registers a state machine (in the handler: `registerStateMachine` over the DynamoDB store). */
export type Register = (machine: StateMachineRef) => Promise<{ definitionHash: string }>;

/** CloudFormation caps a whole response at 4096 bytes; the reason is cut well below that. */
const MAX_REASON = 2048;

/**
 * Handles one custom-resource request and returns the response to send to `event.ResponseURL`.
 * Never throws: a failure becomes a `FAILED` response whose reason says why (a custom resource that
 * never answers holds its stack for an hour).
 */
export async function handleRegistration(
  event: CloudFormationCustomResourceEvent,
  register: Register,
  logStreamName: string,
): Promise<CloudFormationCustomResourceResponse> {
  const properties = event.ResourceProperties as unknown as Partial<RegistrationProperties>;
  const base = {
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  const physicalId =
    event.RequestType === 'Create' ? (properties.StateMachineArn ?? event.RequestId) : event.PhysicalResourceId;
  if (event.RequestType === 'Delete') return { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId };
  try {
    if (typeof properties.StateMachineArn !== 'string' || typeof properties.Definition !== 'string') {
      throw new Error('StateMachineArn and Definition (strings) are required');
    }
    const registered = await register({
      stateMachineArn: properties.StateMachineArn,
      definition: properties.Definition,
      type: properties.Type ?? 'STANDARD',
      quotas: quotasOf(properties.Quotas),
    });
    return {
      ...base,
      Status: 'SUCCESS',
      // A new ARN (a renamed state machine) is a new resource: CloudFormation then deletes the old one.
      PhysicalResourceId: properties.StateMachineArn,
      Data: { StateMachineArn: properties.StateMachineArn, DefinitionHash: registered.definitionHash },
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const reason = `${message} (log stream ${logStreamName})`;
    return {
      ...base,
      Status: 'FAILED',
      PhysicalResourceId: physicalId,
      Reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason,
    };
  }
}

/** Sends a response to CloudFormation's pre-signed S3 URL. */
export async function sendResponse(responseUrl: string, response: CloudFormationCustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  const reply = await fetch(responseUrl, {
    method: 'PUT',
    // The URL is signed without a content type: send none.
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!reply.ok) throw new Error(`CloudFormation response rejected: HTTP ${reply.status} ${await reply.text()}`);
}
