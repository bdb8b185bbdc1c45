/**
 * The {@link TaskInvoker} that runs every Task resource Stepstone supports, shared by the AWS path
 * (`awsRuntimeFromEnv`) and the embedded engine:
 *
 * | Resource | Goes to |
 * | --- | --- |
 * | a Lambda function ARN, `arn:aws:states:::lambda:invoke` | {@link LambdaInvoker} |
 * | `arn:aws:states:::<service>:<action>` in `OPTIMISED_INTEGRATIONS` | that integration (dynamodb, sns, sqs, events, athena, batch, ecs, glue, bedrock, apigateway, http) |
 * | `arn:aws:states:::aws-sdk:<service>:<action>` | the generic SDK caller |
 * | an activity ARN | the activity invoker given, if any |
 * | a distributed Map's `ItemReader` (`s3:getObject`, `s3:listObjectsV2`) | the item reader (item-reader.ts) |
 *
 * Integration ARNs are matched in their regional form too (`arn:aws:states:eu-west-1::sqs:sendMessage`,
 * whose region the call then goes to). Anything else — an unknown service or action, a pattern the
 * integration does not support, a parameter Step Functions does not accept — fails
 * with `States.Runtime` and a cause saying exactly what (docs/integrations.md). What is supported is
 * decided by `resourceSupport` (support.ts), which validation reads too.
 */
import { classifyResource } from '../engine/states/task.js';
import type { ExecutionInfo, TaskInvocation } from '../engine/types.js';
import type { InvocationResult, JobStatus, TaskInvoker } from '../runtime/ports.js';
import { callAwsSdk } from './aws-sdk.js';
import { AwsClients, NoEndpointError } from './clients.js';
import { unsupported } from './errors.js';
import type { IntegrationRequest, JobCall, SyncJob } from './integration.js';
import { readItems } from './item-reader.js';
import { LambdaInvoker } from './lambda.js';
import { writeResults } from './result-writer.js';
import { resourceSupport } from './support.js';

/** Options of {@link IntegrationInvoker}. */
export interface IntegrationInvokerOptions {
  /** SDK clients. @default new AwsClients() — the standard SDK configuration */
  readonly clients?: AwsClients;
  /** Runs Lambda resources. @default a LambdaInvoker on a client from the standard SDK configuration */
  readonly lambda?: TaskInvoker;
  /** Runs activity resources. @default none: an activity fails as unsupported */
  readonly activities?: TaskInvoker;
  /**
   * The failure of a call whose client refused to reach AWS for want of an endpoint (clients built
   * with `requireEndpoint`). @default `States.Runtime` naming the service and its endpoint variable
   */
  readonly noEndpoint?: (task: TaskInvocation, serviceId: string) => InvocationResult;
}

/** What a `.sync` job's poll messages carry. */
interface JobMessage {
  readonly handle: Record<string, unknown>;
  /** Epoch ms of the start: polls grow apart as the job runs on. */
  readonly startedAt: number;
}

/** Polls never grow further apart than this, in seconds. */
const MAX_POLL_SECONDS = 60;

/** Starts a `.sync` job with its start call. */
async function startJob(request: IntegrationRequest, job: SyncJob): Promise<InvocationResult> {
  const started = await job.start.call(request);
  if (!started.ok) return started;
  const output = (started.output ?? {}) as Record<string, unknown>;
  const message: JobMessage = { handle: job.handle(output, request), startedAt: Date.now() };
  return { ok: true, output: started.output, job: { job: message, pollSeconds: job.pollSeconds } };
}

/** Dispatches a Task to its integration (see the module comment). */
export class IntegrationInvoker implements TaskInvoker {
  readonly clients: AwsClients;
  private lambda: TaskInvoker | undefined;

  constructor(private readonly options: IntegrationInvokerOptions = {}) {
    this.clients = options.clients ?? new AwsClients();
    this.lambda = options.lambda;
  }

  async invoke(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    try {
      return await this.dispatch(task, execution);
    } catch (error) {
      if (error instanceof NoEndpointError) {
        if (this.options.noEndpoint !== undefined) return this.options.noEndpoint(task, error.serviceId);
        return unsupported(
          `The resource '${task.resource}' would call ${error.serviceId} on AWS, and no endpoint is configured: set AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_${error.serviceId.toUpperCase().replace(/\s+/g, '_')}) or stub the task`,
        );
      }
      throw error;
    }
  }

  /** Reads a `.sync` job's status with its describe call (`SYNC_JOBS`, table.ts). */
  async pollJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<JobStatus> {
    const { row, call } = this.jobCall(resource, job, execution);
    const description = await row.describe(call);
    const status = row.status(description);
    if (status !== undefined && row.succeeded.includes(status)) {
      return { state: 'SUCCEEDED', output: row.output(description, call.variant) };
    }
    if (status !== undefined && row.failed.includes(status)) {
      return { state: 'FAILED', ...row.failure(description, call.variant) };
    }
    // Polls grow apart as the job runs on (a tenth of its age), so a long job costs few polls.
    const age = (Date.now() - (job as JobMessage).startedAt) / 1000;
    return { state: 'RUNNING', pollSeconds: Math.min(MAX_POLL_SECONDS, Math.max(row.pollSeconds, age / 10)) };
  }

  /** Stops a `.sync` job whose task no longer waits for it. */
  async cancelJob(resource: string, job: unknown, execution: ExecutionInfo): Promise<void> {
    const { row, call } = this.jobCall(resource, job, execution);
    await row.cancel(call);
  }

  private jobCall(resource: string, job: unknown, execution: ExecutionInfo): { row: SyncJob; call: JobCall } {
    const kind = classifyResource(resource);
    const support = resourceSupport({ resource, integration: kind.integration, pattern: kind.pattern });
    if (!support.supported || support.runner.kind !== 'sync') throw new Error(`${resource} runs no .sync job`);
    const call: JobCall = {
      handle: (job as JobMessage).handle,
      variant: support.runner.variant,
      region: kind.region ?? execution.region,
      clients: this.clients,
      execution,
    };
    return { row: support.runner.job as SyncJob, call };
  }

  private async dispatch(task: TaskInvocation, execution: ExecutionInfo): Promise<InvocationResult> {
    if (task.itemReader !== undefined) {
      return readItems(task, this.clients, classifyResource(task.resource).region ?? execution.region);
    }
    if (task.resultWriter !== undefined) {
      return writeResults(task, this.clients, classifyResource(task.resource).region ?? execution.region);
    }
    const support = resourceSupport(task, { activities: this.options.activities !== undefined });
    if (!support.supported) return unsupported(support.reason);
    const { runner } = support;
    if (runner.kind === 'lambda') {
      const lambda = this.lambda ?? new LambdaInvoker();
      this.lambda = lambda;
      return lambda.invoke(task, execution);
    }
    if (runner.kind === 'activity') return (this.options.activities as TaskInvoker).invoke(task, execution);
    const kind = classifyResource(task.resource);
    const parameters =
      task.parameters !== null && typeof task.parameters === 'object' && !Array.isArray(task.parameters)
        ? (task.parameters as Record<string, unknown>)
        : {};
    const request: IntegrationRequest = {
      task,
      execution,
      parameters,
      region: kind.region ?? execution.region,
      clients: this.clients,
    };
    switch (runner.kind) {
      case 'aws-sdk':
        return callAwsSdk(request, runner.service, runner.action);
      case 'sync':
        return startJob(request, runner.job);
      case 'optimised': {
        const { integration } = runner;
        const extra = Object.keys(parameters).filter((field) => !integration.fields.includes(field));
        if (extra.length > 0) {
          return unsupported(
            `The field${extra.length > 1 ? 's' : ''} ${extra.map((f) => `'${f}'`).join(', ')} ${extra.length > 1 ? 'are' : 'is'} not supported by Step Functions for ${integration.name} (it accepts ${integration.fields.join(', ')})`,
          );
        }
        return integration.call(request);
      }
      default:
        return runner satisfies never;
    }
  }
}
