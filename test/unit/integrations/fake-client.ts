/**
 * A fake AWS SDK client for unit tests of one integration module: records the commands it is sent
 * and answers each with what the test queued (an output, or an error to throw).
 */

import type { ExecutionInfo, ReaderConfig, TaskInvocation } from '../../../src/engine/types.js';
import { AwsClients, type SdkClient } from '../../../src/integrations/clients.js';
import type { ServiceIntegration } from '../../../src/integrations/integration.js';
import type { InvocationResult } from '../../../src/runtime/ports.js';

/** A fake client for the SDK service id `serviceId`. */
export class FakeClient implements SdkClient {
  readonly sent: { name: string; input: Record<string, unknown> }[] = [];
  private readonly answers: (Record<string, unknown> | Error)[] = [];
  readonly config: { serviceId: string };

  constructor(serviceId: string) {
    this.config = { serviceId };
  }

  /** Queues the next answer. */
  answer(value: Record<string, unknown> | Error): this {
    this.answers.push(value);
    return this;
  }

  async send(command: unknown): Promise<unknown> {
    const c = command as { constructor: { name: string }; input: Record<string, unknown> };
    this.sent.push({ name: c.constructor.name, input: c.input });
    const next = this.answers.shift() ?? {};
    if (next instanceof Error) throw next;
    return { $metadata: { httpStatusCode: 200, requestId: 'req-1' }, ...next };
  }
}

/** Clients that hand out `fakes` by service id. */
export function fakeClients(...fakes: FakeClient[]): AwsClients {
  return new AwsClients({ prebuilt: Object.fromEntries(fakes.map((f) => [f.config.serviceId, f])) });
}

/** An SDK service error as the SDK throws it: a class named as the error when modelled. */
export function serviceError(
  name: string,
  message: string,
  options: { modelled: boolean; status?: number; code?: string; extendedRequestId?: string },
): Error {
  const Base = class extends Error {};
  const Class = options.modelled
    ? { [name]: class extends Base {} }[name]!
    : { ServiceException: Base }.ServiceException;
  const error = new Class(message) as Error & Record<string, unknown>;
  error.name = name;
  error.$fault = 'client';
  error.$metadata = {
    httpStatusCode: options.status ?? 400,
    requestId: 'req-9',
    extendedRequestId: options.extendedRequestId,
    attempts: 1,
  };
  if (options.code !== undefined) error.Code = options.code;
  return error;
}

/** The execution the requests run in. */
export const EXECUTION: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Orders:e-1',
  name: 'e-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders',
  stateMachineName: 'Orders',
  roleArn: 'arn:aws:iam::123456789012:role/R',
  startTime: '2024-01-01T00:00:00.000Z',
  input: {},
  redriveCount: 0,
  type: 'STANDARD',
  region: 'us-east-1',
  accountId: '123456789012',
};

/** A task invocation of `resource` with `parameters`, as the engine emits it. */
export function taskOf(
  resource: string,
  integration: string,
  parameters: unknown,
  pattern: TaskInvocation['pattern'] = 'RESPONSE',
): TaskInvocation {
  return {
    resource,
    stateName: 'Task',
    integration,
    pattern,
    payload: parameters,
    parameters,
    idempotencyKey: 'k',
  };
}

/** Calls `integration` directly with `parameters`, in {@link EXECUTION}, on `clients`. */
export function callIntegration(
  integration: ServiceIntegration,
  parameters: Record<string, unknown>,
  clients: AwsClients,
): Promise<InvocationResult> {
  const resource = `arn:aws:states:::${integration.name}`;
  return integration.call({
    task: taskOf(resource, integration.name, parameters),
    execution: EXECUTION,
    parameters,
    region: 'us-east-1',
    clients,
  });
}

/** An `ItemReader`'s invocation of `s3:<action>` with `config`, reading every item or the page `itemPage` names. */
export function readerTask(
  config: Partial<ReaderConfig>,
  parameters: Record<string, unknown>,
  itemPage?: TaskInvocation['itemPage'],
  action = 'getObject',
): TaskInvocation {
  return {
    ...taskOf(`arn:aws:states:::s3:${action}`, `s3:${action}`, parameters),
    stateName: 'Map',
    itemReader: { MaxItems: 0, ...config },
    ...(itemPage === undefined ? {} : { itemPage }),
  };
}
