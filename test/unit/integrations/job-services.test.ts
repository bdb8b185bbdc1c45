import { describe, expect, it } from 'vitest';
import { athenaGetQueryResults, athenaStartQueryExecution } from '../../../src/integrations/athena.js';
import { batchSubmitJob } from '../../../src/integrations/batch.js';
import { bedrockInvokeModel } from '../../../src/integrations/bedrock.js';
import { ecsRunTask } from '../../../src/integrations/ecs.js';
import { glueStartJobRun } from '../../../src/integrations/glue.js';
import type { ServiceIntegration } from '../../../src/integrations/integration.js';
import { callIntegration, FakeClient, fakeClients, serviceError } from './fake-client.js';

const SCOPE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const METADATA = {
  SdkHttpMetadata: { AllHttpHeaders: {}, HttpHeaders: {}, HttpStatusCode: 200 },
  SdkResponseMetadata: { RequestId: 'req-1' },
};

function request(integration: ServiceIntegration, parameters: Record<string, unknown>, ...fakes: FakeClient[]) {
  return callIntegration(integration, parameters, fakeClients(...fakes));
}

describe('athena integrations', () => {
  it('start a query as the API takes it and answer its id with the HTTP metadata', async () => {
    const fake = new FakeClient('Athena').answer({ QueryExecutionId: 'q-1' });
    const parameters = {
      QueryString: 'SELECT 1',
      WorkGroup: 'reports',
      ResultConfiguration: { OutputLocation: 's3://results/daily/' },
    };
    expect(await request(athenaStartQueryExecution, parameters, fake)).toEqual({
      ok: true,
      output: { QueryExecutionId: 'q-1', ...METADATA },
    });
    expect(fake.sent).toEqual([{ name: 'StartQueryExecutionCommand', input: parameters }]);
  });

  it('name an error Athena.<Exception>, or Athena.AmazonAthenaException when Athena does not model it', async () => {
    const modelled = new FakeClient('Athena').answer(
      serviceError('InvalidRequestException', 'QueryExecution q-9 was not found', { modelled: true }),
    );
    expect(await request(athenaGetQueryResults, { QueryExecutionId: 'q-9' }, modelled)).toEqual({
      ok: false,
      error: 'Athena.InvalidRequestException',
      cause:
        'QueryExecution q-9 was not found (Service: AmazonAthena; Status Code: 400; Error Code: InvalidRequestException; Request ID: req-9; Proxy: null)',
    });
    const other = new FakeClient('Athena').answer(serviceError('Throttled', 'slow down', { modelled: false }));
    expect(await request(athenaGetQueryResults, { QueryExecutionId: 'q-9' }, other)).toMatchObject({
      error: 'Athena.AmazonAthenaException',
    });
  });

  it("grant a query its workgroup, catalog, database and result location, and leave its data's location to the deployer", () => {
    expect(
      athenaStartQueryExecution.permissions?.(
        {
          QueryString: 'SELECT 1',
          QueryExecutionContext: { Database: 'sales' },
          ResultConfiguration: { OutputLocation: 's3://results/daily/' },
        },
        SCOPE,
      ),
    ).toEqual([
      {
        actions: ['athena:StartQueryExecution', 'athena:GetDataCatalog'],
        resources: [
          'arn:aws:athena:us-east-1:123456789012:workgroup/primary',
          'arn:aws:athena:us-east-1:123456789012:datacatalog/AwsDataCatalog',
        ],
        unresolved: [],
      },
      {
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [
          'arn:aws:glue:us-east-1:123456789012:catalog',
          'arn:aws:glue:us-east-1:123456789012:database/sales',
          'arn:aws:glue:us-east-1:123456789012:table/sales/*',
        ],
        unresolved: [],
      },
      {
        actions: ['s3:PutObject', 's3:GetBucketLocation'],
        resources: ['arn:aws:s3:::results', 'arn:aws:s3:::results/daily/*'],
        unresolved: [],
      },
      { actions: ['s3:GetObject', 's3:ListBucket'], resources: [], unresolved: ['the data the query reads'] },
    ]);
  });
});

describe('batch:submitJob', () => {
  it('submits the job as given and answers its ids with the HTTP metadata', async () => {
    // The SDK names Batch's members in camelCase; Step Functions, in PascalCase.
    const fake = new FakeClient('Batch').answer({ jobArn: 'arn:j', jobId: 'j-1', jobName: 'nightly' });
    const parameters = { JobName: 'nightly', JobDefinition: 'etl:3', JobQueue: 'default' };
    expect(await request(batchSubmitJob, parameters, fake)).toEqual({
      ok: true,
      output: { JobArn: 'arn:j', JobId: 'j-1', JobName: 'nightly', ...METADATA },
    });
    expect(fake.sent[0]).toEqual({
      name: 'SubmitJobCommand',
      input: { jobName: 'nightly', jobDefinition: 'etl:3', jobQueue: 'default' },
    });
  });

  it('fails with Batch.ClientException in the AWSBatch cause form', async () => {
    const fake = new FakeClient('Batch').answer(
      serviceError('ClientException', 'Job queue nope does not exist', { modelled: true }),
    );
    expect(await request(batchSubmitJob, { JobName: 'n', JobDefinition: 'd', JobQueue: 'nope' }, fake)).toEqual({
      ok: false,
      error: 'Batch.ClientException',
      cause:
        'Job queue nope does not exist (Service: AWSBatch; Status Code: 400; Error Code: ClientException; Request ID: req-9; Proxy: null)',
    });
  });

  it('grants SubmitJob on the job definition (any revision of a name) and the queue', () => {
    expect(batchSubmitJob.permissions?.({ JobDefinition: 'etl', 'JobQueue.$': '$.queue' }, SCOPE)).toEqual([
      {
        actions: ['batch:SubmitJob'],
        resources: ['arn:aws:batch:us-east-1:123456789012:job-definition/etl:*'],
        unresolved: [],
      },
      { actions: ['batch:SubmitJob'], resources: [], unresolved: ['JobQueue'] },
    ]);
  });
});

describe('ecs:runTask', () => {
  it("answers RunTask's response with the HTTP metadata and names errors ECS.<Exception>", async () => {
    const fake = new FakeClient('ECS').answer({
      Tasks: [{ TaskArn: 'arn:t', LastStatus: 'PROVISIONING' }],
      Failures: [],
    });
    expect(await request(ecsRunTask, { Cluster: 'c', TaskDefinition: 'app:1', LaunchType: 'FARGATE' }, fake)).toEqual({
      ok: true,
      output: { Tasks: [{ TaskArn: 'arn:t', LastStatus: 'PROVISIONING' }], Failures: [], ...METADATA },
    });
    const missing = new FakeClient('ECS').answer(
      serviceError('ClusterNotFoundException', 'Cluster not found.', { modelled: true }),
    );
    expect(await request(ecsRunTask, { Cluster: 'x', TaskDefinition: 'app' }, missing)).toMatchObject({
      ok: false,
      error: 'ECS.ClusterNotFoundException',
    });
  });

  it("grants RunTask on the task definition and PassRole on the roles an override names, else asks for the definition's", () => {
    expect(ecsRunTask.permissions?.({ TaskDefinition: 'app' }, SCOPE)).toEqual([
      {
        actions: ['ecs:RunTask'],
        resources: ['arn:aws:ecs:us-east-1:123456789012:task-definition/app:*'],
        unresolved: [],
      },
      { actions: ['iam:PassRole'], resources: [], unresolved: ["the task definition's task and execution roles"] },
    ]);
    const roles = {
      TaskRoleArn: 'arn:aws:iam::123456789012:role/t',
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/e',
    };
    expect(ecsRunTask.permissions?.({ TaskDefinition: 'app:2', Overrides: roles }, SCOPE)?.[1]).toEqual({
      actions: ['iam:PassRole'],
      resources: [roles.TaskRoleArn, roles.ExecutionRoleArn],
      unresolved: [],
    });
  });
});

describe('glue:startJobRun', () => {
  it('adds the JobName of the request to the response, as Step Functions does', async () => {
    const fake = new FakeClient('Glue').answer({ JobRunId: 'jr_1' });
    expect(await request(glueStartJobRun, { JobName: 'etl', Arguments: { '--day': '1' } }, fake)).toEqual({
      ok: true,
      output: { JobName: 'etl', JobRunId: 'jr_1', ...METADATA },
    });
    const missing = new FakeClient('Glue').answer(
      serviceError('EntityNotFoundException', 'Job not found', { modelled: true }),
    );
    expect(await request(glueStartJobRun, { JobName: 'x' }, missing)).toMatchObject({
      error: 'Glue.EntityNotFoundException',
    });
  });
});

describe('bedrock:invokeModel', () => {
  const answer = (body: string, contentType = 'application/json') => ({
    body: new TextEncoder().encode(body),
    contentType,
  });

  it('sends Body as JSON text and answers the model body parsed, with its content type', async () => {
    const fake = new FakeClient('Bedrock Runtime').answer(answer('{"results":[{"outputText":"hi"}]}'));
    const result = await request(
      bedrockInvokeModel,
      { ModelId: 'amazon.titan-text-express-v1', Body: { inputText: 'Say hi' } },
      fake,
    );
    expect(result).toEqual({
      ok: true,
      output: { Body: { results: [{ outputText: 'hi' }] }, ContentType: 'application/json' },
    });
    const sent = fake.sent[0]!;
    expect(sent.name).toBe('InvokeModelCommand');
    expect(new TextDecoder().decode(sent.input.body as Uint8Array)).toBe('{"inputText":"Say hi"}');
    expect(sent.input).toMatchObject({
      modelId: 'amazon.titan-text-express-v1',
      contentType: 'application/json',
      accept: 'application/json',
    });
  });

  it('answers a body that is not JSON as text', async () => {
    const fake = new FakeClient('Bedrock Runtime').answer(answer('plain words', 'text/plain'));
    expect(await request(bedrockInvokeModel, { ModelId: 'm', Body: 'hello', Accept: 'text/plain' }, fake)).toEqual({
      ok: true,
      output: { Body: 'plain words', ContentType: 'text/plain' },
    });
  });

  it('reads the request from Input.S3Uri and writes the answer to Output.S3Uri', async () => {
    const s3 = new FakeClient('S3')
      .answer({ Body: { transformToString: async () => '{"prompt":"from s3"}' } })
      .answer({ ETag: '"e"' });
    const bedrock = new FakeClient('Bedrock Runtime').answer(answer('{"completion":"ok"}'));
    const result = await request(
      bedrockInvokeModel,
      { ModelId: 'm', Input: { S3Uri: 's3://in/prompt.json' }, Output: { S3Uri: 's3://out/answer.json' } },
      s3,
      bedrock,
    );
    expect(result).toEqual({
      ok: true,
      output: { Body: { S3Uri: 's3://out/answer.json' }, ContentType: 'application/json' },
    });
    expect(s3.sent.map((s) => [s.name, s.input.Bucket, s.input.Key])).toEqual([
      ['GetObjectCommand', 'in', 'prompt.json'],
      ['PutObjectCommand', 'out', 'answer.json'],
    ]);
    expect(s3.sent[1]?.input.Body).toBe('{"completion":"ok"}');
    expect(new TextDecoder().decode(bedrock.sent[0]?.input.body as Uint8Array)).toBe('{"prompt":"from s3"}');
  });

  it('fails with Bedrock.<Exception> and refuses Body with Input', async () => {
    const fake = new FakeClient('Bedrock Runtime').answer(
      serviceError('ValidationException', 'Malformed input request', { modelled: true }),
    );
    expect(await request(bedrockInvokeModel, { ModelId: 'm', Body: {} }, fake)).toEqual({
      ok: false,
      error: 'Bedrock.ValidationException',
      cause:
        'Malformed input request (Service: BedrockRuntime, Status Code: 400, Request ID: req-9) (SDK Attempt Count: 1)',
    });
    expect(
      await request(
        bedrockInvokeModel,
        { ModelId: 'm', Body: {}, Input: { S3Uri: 's3://b/k' } },
        new FakeClient('Bedrock Runtime'),
      ),
    ).toEqual({
      ok: false,
      error: 'States.Runtime',
      cause: 'bedrock:invokeModel takes either Body or Input, not both',
    });
  });

  it('grants InvokeModel on the foundation model and the S3 objects it reads and writes', () => {
    expect(
      bedrockInvokeModel.permissions?.(
        { ModelId: 'anthropic.claude-v2', Input: { S3Uri: 's3://in/p.json' }, Output: { 'S3Uri.$': '$.out' } },
        SCOPE,
      ),
    ).toEqual([
      {
        actions: ['bedrock:InvokeModel'],
        resources: ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2'],
        unresolved: [],
      },
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::in/p.json'], unresolved: [] },
      { actions: ['s3:PutObject'], resources: [], unresolved: ['Output.S3Uri'] },
    ]);
  });
});
