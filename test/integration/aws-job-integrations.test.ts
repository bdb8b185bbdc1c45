/**
 * The request-response integrations of Athena, AWS Batch, Amazon ECS, AWS Glue, Amazon Bedrock and
 * the HTTP Task end to end: workflows on the embedded engine whose tasks call moto (which serves these
 * services on the endpoint it serves SQS on) with the real SDK clients, and, for `http:invoke` and
 * `apigateway:invoke`, a local HTTP server on 127.0.0.1 — the HTTP Task with the credentials of an
 * EventBridge connection that moto keeps in Secrets Manager, as AWS does.
 */
import { AthenaClient, CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateJobCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorkflow } from '../../src/testing.js';
import { type Reply, startTestServer, type TestServer } from '../support/http-server.js';
import { createLambdaRole, emulatorName, emulatorsConfigured, servedByMoto, uniqueName } from './helpers.js';

const REGION = 'us-east-1';

/** A workflow of one Task state, with a Catch that puts the error under `$.error`. */
function oneTask(resource: string, parameters: Record<string, unknown>) {
  return testWorkflow({
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: resource,
        Parameters: parameters,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });
}

// LocalStack's free edition has none of these services.
describe.skipIf(!emulatorsConfigured || !servedByMoto)('job and model integrations on moto', () => {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS ?? '';
  const config = { region: REGION, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const names = {
    workgroup: uniqueName('wg'),
    job: uniqueName('glue'),
    cluster: uniqueName('ecs'),
    queue: uniqueName('batch'),
  };
  const run = (resource: string, parameters: Record<string, unknown>) =>
    oneTask(resource, parameters).run({}, { endpoint });

  beforeAll(async () => {
    // AWS Batch (on moto too) refuses a compute environment whose service role does not exist.
    const role = await createLambdaRole(endpoint, uniqueName('role'));
    await new AthenaClient(config).send(
      new CreateWorkGroupCommand({
        Name: names.workgroup,
        Configuration: { ResultConfiguration: { OutputLocation: `s3://${names.workgroup}/results/` } },
      }),
    );
    await new GlueClient(config).send(
      new CreateJobCommand({
        Name: names.job,
        Role: role,
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/etl.py' },
      }),
    );
    const ecs = new ECSClient(config);
    await ecs.send(new CreateClusterCommand({ clusterName: names.cluster }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: names.cluster,
        // moto sums the containers' memory, so each names its own.
        containerDefinitions: [{ name: 'main', image: 'busybox', essential: true, memory: 512 }],
      }),
    );
    const batch = new BatchClient(config);
    const environment = await batch.send(
      new CreateComputeEnvironmentCommand({
        computeEnvironmentName: names.queue,
        type: 'UNMANAGED',
        serviceRole: role,
      }),
    );
    await batch.send(
      new CreateJobQueueCommand({
        jobQueueName: names.queue,
        state: 'ENABLED',
        priority: 1,
        computeEnvironmentOrder: [{ order: 1, computeEnvironment: environment.computeEnvironmentArn }],
      }),
    );
    await batch.send(
      new RegisterJobDefinitionCommand({
        jobDefinitionName: names.queue,
        type: 'container',
        containerProperties: { image: 'busybox', vcpus: 1, memory: 128, command: ['true'] },
      }),
    );
  });

  it('runs an Athena query from start to results, each call answered as Step Functions answers it', async () => {
    const execution = await testWorkflow({
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::athena:startQueryExecution',
          Parameters: { QueryString: 'SELECT 1', WorkGroup: names.workgroup },
          ResultPath: '$.started',
          Next: 'Describe',
        },
        Describe: {
          Type: 'Task',
          Resource: 'arn:aws:states:::athena:getQueryExecution',
          Parameters: { 'QueryExecutionId.$': '$.started.QueryExecutionId' },
          ResultSelector: { 'State.$': '$.QueryExecution.Status.State', 'Query.$': '$.QueryExecution.Query' },
          ResultPath: '$.described',
          Next: 'Results',
        },
        Results: {
          Type: 'Task',
          Resource: 'arn:aws:states:::athena:getQueryResults',
          Parameters: { 'QueryExecutionId.$': '$.started.QueryExecutionId', MaxResults: 10 },
          ResultSelector: { 'Rows.$': '$.ResultSet.Rows', 'Status.$': '$.SdkHttpMetadata.HttpStatusCode' },
          ResultPath: '$.results',
          Next: 'Stop',
        },
        Stop: {
          Type: 'Task',
          Resource: 'arn:aws:states:::athena:stopQueryExecution',
          Parameters: { 'QueryExecutionId.$': '$.started.QueryExecutionId' },
          ResultSelector: { 'RequestId.$': '$.SdkResponseMetadata.RequestId' },
          ResultPath: '$.stopped',
          End: true,
        },
      },
    }).run({}, { endpoint });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({
      started: { QueryExecutionId: expect.any(String), SdkHttpMetadata: { HttpStatusCode: 200 } },
      described: { State: 'SUCCEEDED', Query: 'SELECT 1' },
      results: { Rows: [], Status: 200 },
      stopped: { RequestId: expect.any(String) },
    });
  });

  it('starts a Glue job run, answering the job name with the run id, and catches Glue.EntityNotFoundException', async () => {
    const started = await run('arn:aws:states:::glue:startJobRun', { JobName: names.job, Arguments: { '--day': '1' } });
    expect(started.output).toMatchObject({ JobName: names.job, JobRunId: expect.stringMatching(/^jr_/) });
    const missing = await run('arn:aws:states:::glue:startJobRun', { JobName: `${names.job}-missing` });
    expect(missing.output).toMatchObject({
      error: {
        Error: 'Glue.EntityNotFoundException',
        Cause: expect.stringContaining('(Service: AWSGlue; Status Code: 400'),
      },
    });
  });

  it('waits for a Glue job run and an Athena query through .sync, answering the described job', async () => {
    const glue = await run('arn:aws:states:::glue:startJobRun.sync', { JobName: names.job });
    expect(glue.status).toBe('SUCCEEDED');
    expect(glue.output).toMatchObject({
      JobName: names.job,
      JobRunState: 'SUCCEEDED',
      Id: expect.stringMatching(/^jr_/),
    });
    expect(glue.events().map((e) => e.type)).toContain('TaskSubmitted');
    const athena = await run('arn:aws:states:::athena:startQueryExecution.sync', {
      QueryString: 'SELECT 1',
      WorkGroup: names.workgroup,
    });
    expect(athena.output).toMatchObject({ QueryExecution: { Query: 'SELECT 1', Status: { State: 'SUCCEEDED' } } });
  });

  it("runs an ECS task, answering RunTask's response in PascalCase, and catches ECS.ClusterNotFoundException", async () => {
    const parameters = {
      Cluster: names.cluster,
      TaskDefinition: names.cluster,
      // moto runs a FARGATE task without instances; an awsvpc task would need a subnet of its EC2.
      LaunchType: 'FARGATE',
    };
    const started = await run('arn:aws:states:::ecs:runTask', parameters);
    expect(started.output).toMatchObject({
      Tasks: [{ ClusterArn: expect.stringContaining(`cluster/${names.cluster}`), LastStatus: expect.any(String) }],
      Failures: [],
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    const missing = await run('arn:aws:states:::ecs:runTask', { ...parameters, Cluster: `${names.cluster}-missing` });
    expect(missing.output).toMatchObject({ error: { Error: 'ECS.ClusterNotFoundException' } });
  });

  it('submits a Batch job and catches Batch.ClientException for a job definition that does not exist', async () => {
    const submitted = await run('arn:aws:states:::batch:submitJob', {
      JobName: 'nightly',
      JobDefinition: names.queue,
      JobQueue: names.queue,
    });
    expect(submitted.output).toMatchObject({
      JobId: expect.any(String),
      JobName: 'nightly',
      JobArn: expect.any(String),
    });
    const missing = await run('arn:aws:states:::batch:submitJob', {
      JobName: 'nightly',
      JobDefinition: `${names.queue}-missing`,
      JobQueue: names.queue,
    });
    expect(missing.output).toMatchObject({
      error: { Error: 'Batch.ClientException', Cause: expect.stringContaining('(Service: AWSBatch; Status Code: 400') },
    });
  });

  it('invokes a Bedrock model with a JSON body, and with its input read from and its answer written to S3', async () => {
    const inline = await run('arn:aws:states:::bedrock:invokeModel', {
      ModelId: 'amazon.titan-text-express-v1',
      Body: { inputText: 'Say hi' },
    });
    // moto's model answers an empty JSON object.
    expect(inline.output).toEqual({ Body: {}, ContentType: 'application/json' });

    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const bucket = uniqueName('bedrock');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'prompt.json', Body: '{"inputText":"from s3"}' }));
    const viaS3 = await run('arn:aws:states:::bedrock:invokeModel', {
      ModelId: 'amazon.titan-text-express-v1',
      Input: { S3Uri: `s3://${bucket}/prompt.json` },
      Output: { S3Uri: `s3://${bucket}/answer.json` },
    });
    expect(viaS3.output).toEqual({ Body: { S3Uri: `s3://${bucket}/answer.json` }, ContentType: 'application/json' });
    const written = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'answer.json' }));
    expect(await written.Body?.transformToString()).toBe('{}');
  });
});

// moto keeps a connection's parameters as AWS does, LocalStack in the API's shape: both are read.
describe.skipIf(!emulatorsConfigured)(`http:invoke with an EventBridge connection on ${emulatorName}`, () => {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS ?? '';
  const events = new EventBridgeClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer((request): Reply => {
      if (request.url.startsWith('/missing')) return { status: 404, body: '{"error":"no such order"}' };
      return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ received: request.body }) };
    });
  });
  afterAll(() => server.close());

  it("calls the API with the connection's key read from its secret, and catches States.Http.StatusCode.404", async () => {
    const connection = await events.send(
      new CreateConnectionCommand({
        Name: uniqueName('api'),
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k-123' },
          InvocationHttpParameters: { HeaderParameters: [{ Key: 'X-Tenant', Value: 't-9', IsValueSecret: false }] },
        },
      }),
    );
    const workflow = (path: string) =>
      oneTask('arn:aws:states:::http:invoke', {
        ApiEndpoint: `${server.origin}${path}`,
        Method: 'POST',
        Authentication: { ConnectionArn: connection.ConnectionArn },
        RequestBody: { 'order.$': '$.order' },
      });
    const done = await workflow('/orders').run({ order: 'o-1' }, { endpoint });
    expect(done.output).toMatchObject({
      ResponseBody: { received: '{"order":"o-1"}' },
      StatusCode: 200,
      StatusText: 'OK',
      Headers: { 'Content-Type': ['application/json'] },
    });
    expect(server.received.at(-1)?.headers).toMatchObject({ 'x-api-key': 'k-123', 'x-tenant': 't-9' });
    const missing = await workflow('/missing').run({ order: 'o-2' }, { endpoint });
    expect(missing.output).toMatchObject({
      error: { Error: 'States.Http.StatusCode.404', Cause: '{"error":"no such order"}' },
    });
  });

  it('sends the basic credentials of a BASIC connection', async () => {
    const connection = await events.send(
      new CreateConnectionCommand({
        Name: uniqueName('basic'),
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'user', Password: 'pass' } },
      }),
    );
    await oneTask('arn:aws:states:::http:invoke', {
      ApiEndpoint: `${server.origin}/orders`,
      Method: 'GET',
      Authentication: { ConnectionArn: connection.ConnectionArn },
    }).run({}, { endpoint });
    expect(server.received.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
  });
});

describe('apigateway:invoke on a local HTTP server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer((request): Reply => {
      if (request.url.startsWith('/prod/missing'))
        return { status: 403, body: '{"message":"Missing Authentication Token"}' };
      return {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: request.url, body: request.body }),
      };
    });
  });
  afterAll(() => server.close());

  it('calls the stage and path with the body and answers { Headers, ResponseBody, StatusCode, StatusText }, or fails ApiGateway.<status>', async () => {
    const workflow = (path: string) =>
      oneTask('arn:aws:states:::apigateway:invoke', {
        ApiEndpoint: server.origin,
        Method: 'POST',
        Stage: 'prod',
        Path: path,
        QueryParameters: { 'ids.$': '$.ids' },
        'RequestBody.$': '$.body',
      });
    // No endpoint: API Gateway is called where the definition says, not through the AWS SDK.
    const done = await workflow('orders').run({ ids: ['1', '2'], body: { note: 'hi' } });
    expect(done.output).toEqual({
      Headers: expect.objectContaining({ 'Content-Type': ['application/json'] }),
      ResponseBody: { path: '/prod/orders?ids=1&ids=2', body: '{"note":"hi"}' },
      StatusCode: 200,
      StatusText: 'OK',
    });
    const missing = await workflow('missing').run({ ids: [], body: {} });
    expect(missing.output).toMatchObject({
      error: { Error: 'ApiGateway.403', Cause: '{"message":"Missing Authentication Token"}' },
    });
  });
});
