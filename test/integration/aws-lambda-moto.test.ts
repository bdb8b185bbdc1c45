/**
 * LambdaInvoker against moto's Lambda (configured by the global setup's `AWS_ENDPOINT_URL_LAMBDA`):
 * a function created through the Lambda API and invoked through both resource types. moto runs no
 * code without Docker — its Lambda returns the event as the result — so the function is an echo,
 * whose result on AWS is the same. (moto's Docker-free Lambda also answers an unknown function with
 * success, so Lambda.ResourceNotFoundException is checked on the loopback endpoint instead.)
 */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInfo, TaskInvocation } from '../../src/engine/types.js';
import { LambdaInvoker } from '../../src/integrations/lambda.js';
import { createLambdaRole, emulatorName, emulatorsConfigured, uniqueName } from './helpers.js';
import { zip } from './zip.js';

const execution = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Moto:run-1',
  region: 'us-east-1',
  accountId: '123456789012',
} as ExecutionInfo;

describe.skipIf(!emulatorsConfigured)(`LambdaInvoker on ${emulatorName}`, () => {
  const lambda = new LambdaClient({});
  const functionName = uniqueName('echo');
  let functionArn = '';

  beforeAll(async () => {
    const role = await createLambdaRole(process.env.AWS_ENDPOINT_URL_LAMBDA ?? '', uniqueName('role'));
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zip({ 'index.js': 'exports.handler = async (event) => event;\n' }) },
      }),
    );
    functionArn = created.FunctionArn ?? '';
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: functionName });
  });

  afterAll(async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: functionName })).catch(() => undefined);
    lambda.destroy();
  });

  it('returns the echoed event when the Resource is the function ARN', async () => {
    const task: TaskInvocation = {
      resource: functionArn,
      integration: 'lambda',
      pattern: 'RESPONSE',
      functionName: functionArn,
      payload: { orderId: 'o-1', items: [1, 2] },
      parameters: { orderId: 'o-1', items: [1, 2] },
      idempotencyKey: 'k',
    };
    expect(await new LambdaInvoker().invoke(task, execution)).toEqual({
      ok: true,
      output: { orderId: 'o-1', items: [1, 2] },
    });
  });

  it('returns the Invoke response around the echoed Payload for lambda:invoke', async () => {
    const parameters = { FunctionName: functionName, Payload: { approved: true } };
    const task: TaskInvocation = {
      resource: 'arn:aws:states:::lambda:invoke',
      integration: 'lambda:invoke',
      pattern: 'RESPONSE',
      functionName,
      payload: parameters.Payload,
      parameters,
      idempotencyKey: 'k',
    };
    const result = await new LambdaInvoker().invoke(task, execution);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const output = result.output as Record<string, unknown>;
    expect(output.Payload).toEqual({ approved: true });
    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect((output.SdkHttpMetadata as { HttpStatusCode: number }).HttpStatusCode).toBe(200);
  });
});
