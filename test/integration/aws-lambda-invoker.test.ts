/**
 * LambdaInvoker over a real HTTP connection: its AWS SDK client, configured only by
 * `AWS_ENDPOINT_URL_LAMBDA`, talks to a loopback server that speaks Lambda's Invoke API (moto's
 * Lambda cannot run code without Docker). Checks the payload each resource type sends, the shape of
 * `lambda:invoke`'s output (as AWS recorded it in the conformance cases), and the Step Functions
 * names of function and service errors.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInfo, TaskInvocation } from '../../src/engine/types.js';
import { LambdaInvoker } from '../../src/integrations/lambda.js';
import { type LambdaEndpoint, startLambdaEndpoint } from './aws-lambda-endpoint.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

const execution: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Invoker:run-1',
  name: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Invoker',
  stateMachineName: 'Invoker',
  roleArn: 'arn:aws:iam::123456789012:role/Invoker',
  startTime: '2024-05-01T10:00:00.000Z',
  input: {},
  redriveCount: 0,
  type: 'STANDARD',
  region: 'us-east-1',
  accountId: '123456789012',
};

/** A Task with a function ARN as its Resource. */
function direct(name: string, payload: unknown): TaskInvocation {
  return {
    resource: `${ARN}:${name}`,
    integration: 'lambda',
    pattern: 'RESPONSE',
    functionName: `${ARN}:${name}`,
    payload,
    parameters: payload,
    idempotencyKey: `${execution.executionArn}/root/1/0`,
  };
}

/** A Task on `arn:aws:states:::lambda:invoke` with these Parameters. */
function integration(parameters: Record<string, unknown>): TaskInvocation {
  return {
    resource: 'arn:aws:states:::lambda:invoke',
    integration: 'lambda:invoke',
    pattern: 'RESPONSE',
    functionName: parameters.FunctionName as string,
    payload: parameters.Payload,
    parameters,
    idempotencyKey: `${execution.executionArn}/root/1/0`,
  };
}

function taskError(type: string, message: string): Error {
  const error = new Error(message);
  error.name = type;
  return error;
}

describe('LambdaInvoker', () => {
  let endpoint: LambdaEndpoint;
  let invoker: LambdaInvoker;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    endpoint = await startLambdaEndpoint({
      Echo: (event) => ({ received: event }),
      Charge: (event) => {
        if ((event as { card?: string }).card === 'declined')
          throw taskError('Payment.Declined', 'The card was declined');
        return { chargeId: 'ch-1' };
      },
      Nothing: () => undefined,
    });
    const env = {
      AWS_ENDPOINT_URL_LAMBDA: endpoint.url,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    invoker = new LambdaInvoker();
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await endpoint.close();
  });

  describe('a function ARN as Resource', () => {
    it('sends the task input as the event and returns the function result as the output', async () => {
      const result = await invoker.invoke(direct('Echo', { orderId: 'o-1', items: [1, 2] }), execution);
      expect(result).toEqual({ ok: true, output: { received: { orderId: 'o-1', items: [1, 2] } } });
      const request = endpoint.requests.at(-1);
      expect(request?.functionName).toBe(`${ARN}:Echo`);
      expect(request?.invocationType).toBe('RequestResponse');
    });

    it('returns null as the output when the function returns nothing', async () => {
      expect(await invoker.invoke(direct('Nothing', {}), execution)).toEqual({ ok: true, output: null });
    });

    it('fails with the error type and the error document as cause when the function throws', async () => {
      const result = await invoker.invoke(direct('Charge', { card: 'declined' }), execution);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBe('Payment.Declined');
      const cause = JSON.parse(result.cause ?? '') as Record<string, unknown>;
      expect(cause.errorType).toBe('Payment.Declined');
      expect(cause.errorMessage).toBe('The card was declined');
    });
  });

  describe('arn:aws:states:::lambda:invoke', () => {
    it('returns the Invoke response in Step Functions shape around the payload', async () => {
      const result = await invoker.invoke(integration({ FunctionName: 'Echo', Payload: { a: 1 } }), execution);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const output = result.output as Record<string, Record<string, unknown>>;
      const requestId = endpoint.requests.at(-1)?.requestId;
      expect(Object.keys(output)).toEqual([
        'ExecutedVersion',
        'Payload',
        'SdkHttpMetadata',
        'SdkResponseMetadata',
        'StatusCode',
      ]);
      expect(output.ExecutedVersion).toBe('$LATEST');
      expect(output.Payload).toEqual({ received: { a: 1 } });
      expect(output.StatusCode).toBe(200);
      expect(output.SdkResponseMetadata).toEqual({ RequestId: requestId });
      const metadata = output.SdkHttpMetadata as {
        AllHttpHeaders: Record<string, string[]>;
        HttpHeaders: Record<string, string>;
        HttpStatusCode: number;
      };
      expect(metadata.HttpStatusCode).toBe(200);
      expect(metadata.AllHttpHeaders['X-Amz-Executed-Version']).toEqual(['$LATEST']);
      expect(metadata.AllHttpHeaders['x-amzn-RequestId']).toEqual([requestId]);
      expect(metadata.AllHttpHeaders['Content-Type']).toEqual(['application/json']);
      expect(metadata.HttpHeaders['Content-Length']).toBe(String(Buffer.byteLength('{"received":{"a":1}}')));
      // HttpHeaders are listed in case-insensitive alphabetical order, as in AWS's recordings.
      const names = Object.keys(metadata.HttpHeaders);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    });

    it('sends a string Payload as the request body itself', async () => {
      await invoker.invoke(integration({ FunctionName: 'Echo', Payload: '{"raw":true}' }), execution);
      expect(endpoint.requests.at(-1)?.body).toBe('{"raw":true}');
    });

    it('sends {} when the Payload is null or absent', async () => {
      await invoker.invoke(integration({ FunctionName: 'Echo', Payload: null }), execution);
      expect(endpoint.requests.at(-1)?.body).toBe('{}');
      await invoker.invoke(integration({ FunctionName: 'Echo' }), execution);
      expect(endpoint.requests.at(-1)?.body).toBe('{}');
    });

    it('passes Qualifier, LogType and ClientContext on, and returns LogResult when the log is asked for', async () => {
      const context = Buffer.from('{"custom":{"k":"v"}}').toString('base64');
      const result = await invoker.invoke(
        integration({ FunctionName: 'Echo', Payload: {}, Qualifier: 'live', LogType: 'Tail', ClientContext: context }),
        execution,
      );
      const request = endpoint.requests.at(-1);
      expect(request?.qualifier).toBe('live');
      expect(request?.logType).toBe('Tail');
      expect(request?.clientContext).toBe(context);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const output = result.output as Record<string, unknown>;
      expect(output.ExecutedVersion).toBe('live');
      expect(Buffer.from(String(output.LogResult), 'base64').toString()).toBe(
        `START RequestId: ${request?.requestId} Version: live\nEND RequestId: ${request?.requestId}\n`,
      );
    });

    it('returns status 202 and an empty Payload when InvocationType is Event', async () => {
      const result = await invoker.invoke(
        integration({ FunctionName: 'Echo', Payload: {}, InvocationType: 'Event' }),
        execution,
      );
      expect(endpoint.requests.at(-1)?.invocationType).toBe('Event');
      expect(result.ok && (result.output as Record<string, unknown>).StatusCode).toBe(202);
      expect(result.ok && (result.output as Record<string, unknown>).Payload).toBe('');
    });

    it('fails with the error type when the function throws', async () => {
      const result = await invoker.invoke(
        integration({ FunctionName: 'Charge', Payload: { card: 'declined' } }),
        execution,
      );
      expect(result.ok === false && result.error).toBe('Payment.Declined');
    });

    it('fails with States.Runtime when FunctionName is missing', async () => {
      const before = endpoint.requests.length;
      const result = await invoker.invoke(integration({ Payload: {} }), execution);
      expect(result.ok === false && result.error).toBe('States.Runtime');
      expect(endpoint.requests.length).toBe(before);
    });
  });

  describe('errors', () => {
    it('reports Lambda.Unknown with the returned document when a function error has no errorType', async () => {
      const document = '{"errorMessage":"2024-05-01T10:00:03.000Z abc Task timed out after 3.00 seconds"}';
      endpoint.failures.set('Slow', { functionErrorPayload: document });
      const result = await invoker.invoke(direct('Slow', {}), execution);
      expect(result).toEqual({ ok: false, error: 'Lambda.Unknown', cause: document });
    });

    it('reports Lambda.ResourceNotFoundException worded as Step Functions words it when the function does not exist', async () => {
      const result = await invoker.invoke(integration({ FunctionName: 'Missing', Payload: {} }), execution);
      const requestId = endpoint.requests.at(-1)?.requestId;
      expect(result).toEqual({
        ok: false,
        error: 'Lambda.ResourceNotFoundException',
        cause: `Function not found: ${ARN}:Missing (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${requestId}; Proxy: null)`,
      });
    });

    it('reports Lambda.InvalidRequestContentException when a string Payload is not JSON', async () => {
      const result = await invoker.invoke(integration({ FunctionName: 'Echo', Payload: 'not json' }), execution);
      expect(result.ok === false && result.error).toBe('Lambda.InvalidRequestContentException');
    });

    it.each([
      [429, 'TooManyRequestsException', 'Lambda.TooManyRequestsException'],
      [500, 'ServiceException', 'Lambda.ServiceException'],
      [502, 'SomethingNewException', 'Lambda.AWSLambdaException'],
    ])('reports a %i %s as %s', async (status, type, expected) => {
      endpoint.failures.set('Flaky', { status, type, message: `${type} for the test` });
      const result = await invoker.invoke(direct('Flaky', {}), execution);
      expect(result.ok === false && result.error).toBe(expected);
      expect(result.ok === false && result.cause).toContain(
        `${type} for the test (Service: AWSLambda; Status Code: ${status}; Error Code: ${type};`,
      );
      endpoint.failures.delete('Flaky');
    });

    it('reports Lambda.ClientExecutionTimeoutException when Lambda does not answer in time', async () => {
      endpoint.failures.set('Hangs', { hang: true });
      const client = new LambdaClient({
        maxAttempts: 1,
        requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
      });
      const result = await new LambdaInvoker({ client }).invoke(direct('Hangs', {}), execution);
      expect(result.ok === false && result.error).toBe('Lambda.ClientExecutionTimeoutException');
      client.destroy();
    });

    it('reports Lambda.SdkClientException when the endpoint cannot be reached', async () => {
      // A port nothing listens on: the closed endpoint's own.
      const closed = await startLambdaEndpoint({});
      await closed.close();
      const client = new LambdaClient({ maxAttempts: 1, endpoint: closed.url });
      const result = await new LambdaInvoker({ client }).invoke(direct('Echo', {}), execution);
      expect(result.ok === false && result.error).toBe('Lambda.SdkClientException');
      client.destroy();
    });

    it('fails with States.Runtime naming the integration when the resource is not Lambda', async () => {
      const before = endpoint.requests.length;
      const task: TaskInvocation = {
        resource: 'arn:aws:states:::sqs:sendMessage',
        integration: 'sqs:sendMessage',
        pattern: 'RESPONSE',
        payload: {},
        parameters: { QueueUrl: 'q', MessageBody: 'm' },
        idempotencyKey: 'k',
      };
      const result = await invoker.invoke(task, execution);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBe('States.Runtime');
      expect(result.cause).toContain("'sqs:sendMessage'");
      expect(endpoint.requests.length).toBe(before);
    });
  });
});
