/**
 * What the API's actions run against: the runtime (with its registry), the account new resources
 * are created in, and the hooks where a deployment differs — the local endpoint substitutes
 * `${Name}` placeholders and selects mock test cases; on AWS neither applies.
 */
import type { Account } from '../runtime/names.js';
import type { Runtime } from '../runtime/runtime.js';

/** The API's environment. */
export interface ApiContext {
  readonly runtime: Runtime;
  /** Partition, region and account of the ARNs the API creates. */
  readonly account: Account;
  /** Rewrites a definition before it is validated and stored (the local endpoint's `${Name}` substitution). */
  readonly prepareDefinition?: ((definition: string) => string) | undefined;
  /**
   * Called by `StartExecution` on `<stateMachineArn>#<TestCaseName>` (Step Functions Local's mock
   * test cases) before the execution starts; absent, such an ARN is invalid.
   */
  readonly selectTestCase?:
    | ((execution: { executionArn: string; stateMachineName: string; testCase: string }) => Promise<void>)
    | undefined;
  /**
   * How long `GetActivityTask` waits for a task, in seconds (Step Functions: 60; an API behind a
   * Lambda function must answer within the function's timeout).
   * @default 60
   */
  readonly activityPollSeconds?: number | undefined;
  /**
   * How long `StartSyncExecution` waits for an execution, in seconds (Express workflows: 300).
   * @default 300
   */
  readonly syncExecutionSeconds?: number | undefined;
  /**
   * The most bytes a response may carry, as the transport sizes it (a Lambda function URL returns at
   * most 6 MB, its body escaped once more inside the function's result). `DescribeExecution` then
   * leaves out an input or output that does not fit (`included: false`), and `GetExecutionHistory`
   * ends a page before the event that would not fit, cutting the data of an event that alone does
   * not (`truncated: true`): executions with payloads of several MiB stay readable.
   * @default no bound
   */
  readonly maxResponseBytes?: number | undefined;
  /**
   * Most milliseconds `StartExecution` waits for a first step it runs itself (an API behind a Lambda
   * function must answer within the function's timeout; a task may take longer).
   * @default no limit
   */
  readonly startStepWaitMilliseconds?: number | undefined;
  /** Real-time sleep for long polls. @default setTimeout */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Sleeps in real time (long polls). */
export function sleepOf(context: ApiContext): (ms: number) => Promise<void> {
  return context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
}
