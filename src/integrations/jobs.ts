/**
 * The `.sync` jobs of Athena, AWS Batch, Amazon ECS and AWS Glue: rows of `SYNC_JOBS` (table.ts). Each
 * starts with its request-response integration, reads the job with the service's describe call, and
 * ends as Step Functions ends it: on success the task's result is the described job in PascalCase (the
 * query execution, the Batch job, the ECS task, the Glue job run); otherwise the task fails with
 * `States.TaskFailed` and that description as JSON text for cause. A task that stops waiting (its
 * execution stopped, a timeout) stops the job with the service's own call. Stepstone polls the describe
 * call: it needs none of the EventBridge rules Step Functions manages for these jobs.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-sync
 */
import { AthenaClient, GetQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { BatchClient, DescribeJobsCommand, TerminateJobCommand } from '@aws-sdk/client-batch';
import { DescribeTasksCommand, ECSClient, StopTaskCommand } from '@aws-sdk/client-ecs';
import { BatchStopJobRunCommand, GetJobRunCommand, GlueClient } from '@aws-sdk/client-glue';
import { athenaStartQueryExecution } from './athena.js';
import { batchSubmitJob } from './batch.js';
import type { SdkClient } from './clients.js';
import { ecsRunTask } from './ecs.js';
import { glueStartJobRun } from './glue.js';
import type { JobCall, JobFailure, SyncJob } from './integration.js';
import { fromSdkOutput, operationPart, operationSchemaOf } from './sdk-shapes.js';

type Description = Record<string, unknown>;

/** Sends a describe command and answers its output in PascalCase, as the optimised integrations do. */
async function describeCall(
  call: JobCall,
  Client: new (config: Record<string, unknown>) => SdkClient,
  command: object,
): Promise<Description> {
  const output = await call.clients.get(Client, call.region).send(command);
  const schema = operationPart(operationSchemaOf(command), 'output');
  const converted = (await fromSdkOutput(schema, output, { pascalCase: true })) as Description;
  delete converted.$metadata;
  return converted;
}

/** `States.TaskFailed` with the described job as cause, as Step Functions fails a `.sync` job. */
function taskFailed(description: unknown): JobFailure {
  return { error: 'States.TaskFailed', cause: JSON.stringify(description) };
}

const text = (value: unknown) => String(value ?? '');

/** `athena:startQueryExecution.sync`: the query, until it succeeds, fails or is cancelled. */
export const athenaQueryJob: SyncJob<Description> = {
  name: 'athena:startQueryExecution',
  variants: ['sync'],
  iamActions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
  pollSeconds: 5,
  start: athenaStartQueryExecution,
  handle: (started) => ({ QueryExecutionId: started.QueryExecutionId }),
  describe: (call) =>
    describeCall(
      call,
      AthenaClient,
      new GetQueryExecutionCommand({ QueryExecutionId: text(call.handle.QueryExecutionId) }),
    ),
  status: (d) => ((d.QueryExecution as Description | undefined)?.Status as Description | undefined)?.State as string,
  succeeded: ['SUCCEEDED'],
  failed: ['FAILED', 'CANCELLED'],
  output: (d) => d,
  failure: taskFailed,
  cancel: async (call) => {
    await call.clients
      .get(AthenaClient, call.region)
      .send(new StopQueryExecutionCommand({ QueryExecutionId: text(call.handle.QueryExecutionId) }));
  },
};

/** The one job a `DescribeJobs` answered. */
function batchJob(d: Description): Description | undefined {
  return (d.Jobs as Description[] | undefined)?.[0];
}

/** `batch:submitJob.sync`: the job, until it succeeds or fails. */
export const batchSubmitJobJob: SyncJob<Description> = {
  name: 'batch:submitJob',
  variants: ['sync'],
  iamActions: ['batch:SubmitJob', 'batch:DescribeJobs', 'batch:TerminateJob'],
  pollSeconds: 10,
  start: batchSubmitJob,
  handle: (started) => ({ JobId: started.JobId }),
  describe: (call) => describeCall(call, BatchClient, new DescribeJobsCommand({ jobs: [text(call.handle.JobId)] })),
  status: (d) => batchJob(d)?.Status as string | undefined,
  succeeded: ['SUCCEEDED'],
  failed: ['FAILED'],
  output: (d) => batchJob(d),
  failure: (d) => taskFailed(batchJob(d)),
  cancel: async (call) => {
    await call.clients
      .get(BatchClient, call.region)
      .send(
        new TerminateJobCommand({ jobId: text(call.handle.JobId), reason: 'The Step Functions task stopped waiting' }),
      );
  },
};

/** The one task a `DescribeTasks` answered. */
function ecsTask(d: Description): Description | undefined {
  return (d.Tasks as Description[] | undefined)?.[0];
}

/** Whether every essential container of a stopped ECS task exited with 0. */
function exitedCleanly(task: Description | undefined): boolean {
  const containers = (task?.Containers as Description[] | undefined) ?? [];
  return containers.length > 0 && containers.every((c) => c.ExitCode === 0);
}

/**
 * `ecs:runTask.sync`: the task, until it stops. A stopped task whose containers all exited with 0
 * succeeded; any other failed (`StoppedReason`, exit codes in the cause).
 */
export const ecsTaskJob: SyncJob<Description> = {
  name: 'ecs:runTask',
  variants: ['sync'],
  iamActions: ['ecs:RunTask', 'ecs:DescribeTasks', 'ecs:StopTask', 'iam:PassRole'],
  pollSeconds: 10,
  start: ecsRunTask,
  handle: (started) => {
    const task = (started.Tasks as Description[] | undefined)?.[0];
    return { Cluster: task?.ClusterArn, TaskArn: task?.TaskArn };
  },
  describe: (call) =>
    describeCall(
      call,
      ECSClient,
      new DescribeTasksCommand({ cluster: text(call.handle.Cluster), tasks: [text(call.handle.TaskArn)] }),
    ),
  status: (d) => {
    const task = ecsTask(d);
    if (task?.LastStatus !== 'STOPPED') return task?.LastStatus as string | undefined;
    return exitedCleanly(task) ? 'STOPPED_CLEANLY' : 'STOPPED_FAILED';
  },
  succeeded: ['STOPPED_CLEANLY'],
  failed: ['STOPPED_FAILED'],
  output: (d) => ecsTask(d),
  failure: (d) => taskFailed(ecsTask(d)),
  cancel: async (call) => {
    await call.clients.get(ECSClient, call.region).send(
      new StopTaskCommand({
        cluster: text(call.handle.Cluster),
        task: text(call.handle.TaskArn),
        reason: 'The Step Functions task stopped waiting',
      }),
    );
  },
};

/** `glue:startJobRun.sync`: the job run, until it succeeds, fails, errs, times out or is stopped. */
export const glueJobRunJob: SyncJob<Description> = {
  name: 'glue:startJobRun',
  variants: ['sync'],
  iamActions: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
  pollSeconds: 10,
  start: glueStartJobRun,
  handle: (started) => ({ JobName: started.JobName, JobRunId: started.JobRunId }),
  describe: async (call) => {
    const described = await describeCall(
      call,
      GlueClient,
      new GetJobRunCommand({ JobName: text(call.handle.JobName), RunId: text(call.handle.JobRunId) }),
    );
    return (described.JobRun as Description | undefined) ?? {};
  },
  status: (d) => d.JobRunState as string | undefined,
  succeeded: ['SUCCEEDED'],
  failed: ['FAILED', 'ERROR', 'TIMEOUT', 'STOPPED'],
  output: (d) => d,
  failure: taskFailed,
  cancel: async (call) => {
    await call.clients
      .get(GlueClient, call.region)
      .send(
        new BatchStopJobRunCommand({ JobName: text(call.handle.JobName), JobRunIds: [text(call.handle.JobRunId)] }),
      );
  },
};
