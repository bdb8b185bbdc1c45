import { describe, expect, it } from 'vitest';
import { IntegrationInvoker } from '../../../src/integrations/invoker.js';
import { EXECUTION, FakeClient, fakeClients, taskOf } from './fake-client.js';

/** Starts `<integration>.sync` on fake clients; answers the invoker, the start result and the job. */
async function started(integration: string, parameters: Record<string, unknown>, ...fakes: FakeClient[]) {
  const invoker = new IntegrationInvoker({ clients: fakeClients(...fakes) });
  const resource = `arn:aws:states:::${integration}.sync`;
  const result = await invoker.invoke(taskOf(resource, integration, parameters, 'SYNC'), EXECUTION);
  if (!result.ok || result.job === undefined) throw new Error(`no job started: ${JSON.stringify(result)}`);
  return { invoker, resource, result, job: result.job.job };
}

describe('.sync jobs of Athena, Batch, ECS and Glue', () => {
  it('follows a Glue job run to SUCCEEDED and answers the job run in PascalCase', async () => {
    const glue = new FakeClient('Glue')
      .answer({ JobRunId: 'jr_1' })
      .answer({ JobRun: { Id: 'jr_1', JobName: 'etl', JobRunState: 'RUNNING' } })
      .answer({ JobRun: { Id: 'jr_1', JobName: 'etl', JobRunState: 'SUCCEEDED', ExecutionTime: 42 } });
    const { invoker, resource, result, job } = await started('glue:startJobRun', { JobName: 'etl' }, glue);
    expect(result.output).toMatchObject({ JobName: 'etl', JobRunId: 'jr_1' });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toMatchObject({ state: 'RUNNING' });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toEqual({
      state: 'SUCCEEDED',
      output: { Id: 'jr_1', JobName: 'etl', JobRunState: 'SUCCEEDED', ExecutionTime: 42 },
    });
    expect(glue.sent.map((c) => c.name)).toEqual(['StartJobRunCommand', 'GetJobRunCommand', 'GetJobRunCommand']);
    expect(glue.sent[1]?.input).toEqual({ JobName: 'etl', RunId: 'jr_1' });
  });

  it('fails a Glue job run that ended FAILED with States.TaskFailed and the job run as cause, and stops one', async () => {
    const glue = new FakeClient('Glue')
      .answer({ JobRunId: 'jr_2' })
      .answer({ JobRun: { Id: 'jr_2', JobRunState: 'FAILED', ErrorMessage: 'boom' } })
      .answer({});
    const { invoker, resource, job } = await started('glue:startJobRun', { JobName: 'etl' }, glue);
    const failed = await invoker.pollJob(resource, job, EXECUTION);
    expect(failed).toMatchObject({ state: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse((failed as { cause: string }).cause)).toEqual({
      Id: 'jr_2',
      JobRunState: 'FAILED',
      ErrorMessage: 'boom',
    });
    await invoker.cancelJob(resource, job, EXECUTION);
    expect(glue.sent[2]).toEqual({ name: 'BatchStopJobRunCommand', input: { JobName: 'etl', JobRunIds: ['jr_2'] } });
  });

  it('follows an Athena query to its end and answers GetQueryExecution; a cancelled query fails the task', async () => {
    const athena = new FakeClient('Athena')
      .answer({ QueryExecutionId: 'q-1' })
      .answer({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED' } } })
      .answer({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'CANCELLED' } } });
    const { invoker, resource, job } = await started('athena:startQueryExecution', { QueryString: 'SELECT 1' }, athena);
    expect(await invoker.pollJob(resource, job, EXECUTION)).toEqual({
      state: 'SUCCEEDED',
      output: { QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'SUCCEEDED' } } },
    });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toMatchObject({
      state: 'FAILED',
      error: 'States.TaskFailed',
    });
  });

  it('follows a Batch job by its id and terminates it when cancelled', async () => {
    const batch = new FakeClient('Batch')
      .answer({ JobId: 'j-1', JobName: 'n', JobArn: 'arn:j-1' })
      .answer({ jobs: [{ jobId: 'j-1', status: 'SUCCEEDED' }] })
      .answer({});
    const { invoker, resource, job } = await started(
      'batch:submitJob',
      { JobName: 'n', JobQueue: 'q', JobDefinition: 'd' },
      batch,
    );
    expect(await invoker.pollJob(resource, job, EXECUTION)).toEqual({
      state: 'SUCCEEDED',
      output: { JobId: 'j-1', Status: 'SUCCEEDED' },
    });
    await invoker.cancelJob(resource, job, EXECUTION);
    expect(batch.sent.map((c) => c.name)).toEqual(['SubmitJobCommand', 'DescribeJobsCommand', 'TerminateJobCommand']);
  });

  it('ends an ECS task when it stops: succeeded when every container exited 0, else failed', async () => {
    const task = { clusterArn: 'arn:c', taskArn: 'arn:t' };
    const ecs = new FakeClient('ECS')
      .answer({ tasks: [task] })
      .answer({ tasks: [{ ...task, lastStatus: 'RUNNING' }] })
      .answer({ tasks: [{ ...task, lastStatus: 'STOPPED', containers: [{ exitCode: 0 }] }] })
      .answer({ tasks: [{ ...task, lastStatus: 'STOPPED', containers: [{ exitCode: 1 }] }] });
    const { invoker, resource, job } = await started('ecs:runTask', { TaskDefinition: 'td', Cluster: 'c' }, ecs);
    expect(job).toMatchObject({ handle: { Cluster: 'arn:c', TaskArn: 'arn:t' } });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toMatchObject({ state: 'RUNNING' });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toMatchObject({
      state: 'SUCCEEDED',
      output: { LastStatus: 'STOPPED', Containers: [{ ExitCode: 0 }] },
    });
    expect(await invoker.pollJob(resource, job, EXECUTION)).toMatchObject({
      state: 'FAILED',
      error: 'States.TaskFailed',
    });
  });
});
