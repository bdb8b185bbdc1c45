/**
 * What every service integration is: the request it renders from a Task's parameters, the patterns
 * it supports, the IAM actions it needs, and the call. One object per integration
 * (`dynamodb:putItem`, `sqs:sendMessage`, …) in `table.ts`; the generic `aws-sdk:*` caller is one
 * more; {@link IntegrationInvoker} dispatches a Task to them by its resource.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
 */
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import type { InvocationResult } from '../runtime/ports.js';
import type { AwsClients } from './clients.js';
import type { ArnScope, PermissionStatement, TaskParameters } from './permissions.js';

/** A Task's integration pattern: request-response, `.sync` (run a job) or `.waitForTaskToken`. */
export type IntegrationPattern = TaskInvocation['pattern'];

/** One call of an integration. */
export interface IntegrationRequest {
  readonly task: TaskInvocation;
  readonly execution: ExecutionInfo;
  /** The Task's resolved `Parameters`/`Arguments` (an empty object when it has none). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The region to call: the one a regional integration ARN names, else the execution's. */
  readonly region: string;
  /** SDK clients from the standard configuration. */
  readonly clients: AwsClients;
}

/** An integration Step Functions optimises (`arn:aws:states:::<service>:<action>`). */
export interface ServiceIntegration {
  /** `<service>:<action>`, as in the resource ARN: `dynamodb:putItem`. */
  readonly name: string;
  /** The patterns it supports; request-response always. */
  readonly patterns: readonly IntegrationPattern[];
  /**
   * The fields its `Parameters`/`Arguments` may hold, as Step Functions documents them; Step Functions
   * rejects any other.
   */
  readonly fields: readonly string[];
  /** The IAM actions the caller's role needs (for grants derived from a definition). */
  readonly iamActions: readonly string[];
  /**
   * The IAM statements a Task of this integration needs: its actions on the resources its
   * `Parameters`/`Arguments` name, as the definition writes them (permissions.ts).
   * @default `iamActions` on resources the deployer names
   */
  permissions?(parameters: TaskParameters | undefined, scope: ArnScope): readonly PermissionStatement[];
  /** Makes the call; a service error becomes the failure Step Functions reports. */
  call(request: IntegrationRequest): Promise<InvocationResult>;
}

/** The `.sync` variants: `.sync:2` differs in its output (a nested execution's output parsed). */
export type SyncVariant = 'sync' | 'sync:2';

/** What a `.sync` job's describe and cancel calls run with. */
export interface JobCall {
  /** The job's handle, as {@link SyncJob.handle} made it from the start call's response. */
  readonly handle: Readonly<Record<string, unknown>>;
  readonly variant: SyncVariant;
  /** The region the start call went to. */
  readonly region: string;
  readonly clients: AwsClients;
  readonly execution: ExecutionInfo;
}

/** How a job ended, as its describe call reports it. */
export interface JobFailure {
  readonly error: string;
  readonly cause?: string | undefined;
}

/**
 * A `.sync` job (`states:startExecution.sync`, `glue:startJobRun.sync`, …), as a row of the table
 * `SYNC_JOBS` (table.ts): the start call (the integration's request-response call, whose response is
 * recorded as `TaskSubmitted`), the handle the polls need from it, the describe call, the status
 * field and its terminal values, the output Step Functions gives on success and the failure it
 * reports otherwise, and the call that cancels the job. The runtime polls with delayed messages
 * (`pollJob` in runtime.ts); the invoker reads this row (invoker.ts).
 */
export interface SyncJob<Description = unknown> {
  /** `<service>:<action>` of the start call: `states:startExecution`. */
  readonly name: string;
  /** `sync` and/or `sync:2`. */
  readonly variants: readonly SyncVariant[];
  /** IAM actions for the start, describe and cancel calls, plus any event rule. */
  readonly iamActions: readonly string[];
  /**
   * The IAM statements the job needs beyond those of its start call's integration (describe, stop,
   * the managed event rule), on the resources the parameters name.
   * @default the actions of `iamActions` its start call lacks: EventBridge's on the managed rules
   * Step Functions names `StepFunctions*`, the others on the start call's resources
   */
  permissions?(parameters: TaskParameters | undefined, scope: ArnScope): readonly PermissionStatement[];
  /** Seconds between describe calls. */
  readonly pollSeconds: number;
  /** The start call. */
  readonly start: ServiceIntegration;
  /** What the polls need from the start call's response (`{ ExecutionArn }`): small, it travels in each poll. */
  handle(started: Readonly<Record<string, unknown>>, request: IntegrationRequest): Record<string, unknown>;
  /** The describe call. Throws when the status cannot be read (the poll is delivered again). */
  describe(call: JobCall): Promise<Description>;
  /** The status a description reports (`SUCCEEDED`, `RUNNING`, …). */
  status(description: Description): string | undefined;
  /** Terminal statuses: success and failure. Any other status is still running. */
  readonly succeeded: readonly string[];
  readonly failed: readonly string[];
  /** The task's result when the job succeeded. */
  output(description: Description, variant: SyncVariant): unknown;
  /** The task's failure when the job failed (by default `States.TaskFailed`, the description as cause). */
  failure(description: Description, variant: SyncVariant): JobFailure;
  /** Stops the job (best effort: the runtime ignores its failure). */
  cancel(call: JobCall): Promise<void>;
}
