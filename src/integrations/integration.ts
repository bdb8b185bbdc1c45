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

/** What a `.sync` job's describe call says. */
export type SyncJobStatus =
  | { readonly state: 'RUNNING' }
  | { readonly state: 'SUCCEEDED'; readonly output: unknown }
  | { readonly state: 'FAILED'; readonly error: string; readonly cause?: string | undefined };

/**
 * A `.sync` job (`states:startExecution.sync`, `glue:startJobRun.sync`, …): the call that starts it
 * (its output is what `describe` needs), the call that reads its status, and the output Step Functions
 * gives when it ends. The runtime polls `describe` with delayed messages; the table of jobs is
 * `SYNC_JOBS` in `table.ts`.
 */
export interface SyncJob {
  /** `<service>:<action>` of the start call: `states:startExecution`. */
  readonly name: string;
  /** `sync` and/or `sync:2` (whose output differs, e.g. a nested execution's output parsed). */
  readonly variants: readonly ('sync' | 'sync:2')[];
  /** IAM actions for the start, describe and (on stop) cancel calls, plus any event rule. */
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
  start(request: IntegrationRequest): Promise<InvocationResult>;
  describe(request: IntegrationRequest, started: unknown, variant: 'sync' | 'sync:2'): Promise<SyncJobStatus>;
}
