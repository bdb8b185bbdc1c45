import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleRegistration, sendResponse } from '../../cdk/lib/registrar/registration.js';
import { virtualClock } from '../../src/local/clock.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { MemoryStore } from '../../src/local/memory-store.js';
import { definitionHash, registerStateMachine } from '../../src/runtime/lifecycle.js';
import { Runtime } from '../../src/runtime/runtime.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const DEFINITION = JSON.stringify({
  StartAt: 'Charge',
  States: { Charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Charge', End: true } },
});

function event(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, unknown>,
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:Registrar',
    ResponseURL: 'http://127.0.0.1/unused',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1',
    RequestId: 'request-1',
    LogicalResourceId: 'OrdersRegistration',
    ResourceType: 'Custom::StepstoneStateMachine',
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: ARN,
      OldResourceProperties: { ServiceToken: 'token' },
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: ARN };
}

function memoryRuntime(): { runtime: Runtime; store: MemoryStore } {
  const clock = virtualClock(Date.parse('2025-01-01T00:00:00Z'));
  const store = new MemoryStore();
  const runtime = new Runtime({
    store,
    queue: new MemoryQueue({ now: () => clock.now() }),
    invoker: { invoke: async () => ({ ok: false, error: 'States.Runtime', cause: 'no task runs here' }) },
    clock,
  });
  return { runtime, store };
}

describe('handleRegistration', () => {
  it('records the quotas a state machine lifts, given as CloudFormation hands booleans over', async () => {
    const { runtime, store } = memoryRuntime();
    const response = await handleRegistration(
      event('Create', { StateMachineArn: ARN, Definition: DEFINITION, Quotas: { HistoryLimit: 'false' } }),
      (machine) => registerStateMachine(runtime, machine),
      'stream-1',
    );
    expect(response.Status).toBe('SUCCESS');
    expect((await store.getStateMachine(ARN))?.quotas).toEqual({ historyLimit: false, durationLimit: undefined });
  });

  it('stores the definition version and points the state machine at it when created', async () => {
    const { runtime, store } = memoryRuntime();
    const response = await handleRegistration(
      event('Create', { StateMachineArn: ARN, Definition: DEFINITION, Type: 'STANDARD' }),
      (machine) => registerStateMachine(runtime, machine),
      'stream-1',
    );
    const hash = definitionHash(DEFINITION);
    expect(response).toEqual({
      Status: 'SUCCESS',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/1',
      RequestId: 'request-1',
      LogicalResourceId: 'OrdersRegistration',
      PhysicalResourceId: ARN,
      Data: { StateMachineArn: ARN, DefinitionHash: hash },
    });
    expect(await store.getDefinition(hash)).toBe(DEFINITION);
    expect(await store.getStateMachine(ARN)).toMatchObject({
      stateMachineArn: ARN,
      name: 'Orders',
      definitionHash: hash,
      type: 'STANDARD',
    });
  });

  it('answers FAILED with the reason and keeps the physical id when an update is invalid', async () => {
    const { runtime } = memoryRuntime();
    const response = await handleRegistration(
      event('Update', { StateMachineArn: ARN, Definition: '{"StartAt":"Nowhere","States":{}}' }),
      (machine) => registerStateMachine(runtime, machine),
      'stream-2',
    );
    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(ARN);
    expect(response.Reason).toMatch(/^InvalidDefinition: .*\(log stream stream-2\)$/s);
  });

  it('answers FAILED when a property is missing', async () => {
    const response = await handleRegistration(
      event('Create', { StateMachineArn: ARN }),
      async () => ({ definitionHash: 'never' }),
      'stream-3',
    );
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('StateMachineArn and Definition (strings) are required');
  });

  it('leaves the records and succeeds when deleted', async () => {
    const response = await handleRegistration(
      event('Delete', { StateMachineArn: ARN, Definition: DEFINITION }),
      async () => {
        throw new Error('a delete must not register');
      },
      'stream-4',
    );
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN });
  });
});

describe('sendResponse', () => {
  it('PUTs the response as JSON with no content type to the pre-signed URL', async () => {
    const received: { method?: string; contentType?: string; body: string }[] = [];
    const server = createServer((request, reply) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ method: request.method, contentType: request.headers['content-type'], body });
        reply.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = {
        Status: 'SUCCESS' as const,
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'l',
        PhysicalResourceId: ARN,
      };
      await sendResponse(`http://127.0.0.1:${port}/bucket/key?X-Amz-Signature=abc`, response);
      expect(received).toEqual([{ method: 'PUT', contentType: '', body: JSON.stringify(response) }]);
    } finally {
      server.close();
    }
  });
});
