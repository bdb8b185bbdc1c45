// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL placeholders are literal `${Name}` strings.
import { describe, expect, it } from 'vitest';
import {
  type DeployedWorkflows,
  deployedWorkflowsFromEnv,
  deployedWorkflowsRegistrar,
  type ReadObject,
  registerDeployedWorkflows,
  type WorkflowDocument,
} from '../../../src/aws/deployed-workflows.js';
import { ConfigurationError } from '../../../src/aws/errors.js';
import { virtualClock } from '../../../src/local/clock.js';
import { MemoryQueue } from '../../../src/local/memory-queue.js';
import { MemoryRegistry } from '../../../src/local/memory-registry.js';
import { MemoryStore } from '../../../src/local/memory-store.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import { describeStateMachine, updateStateMachine } from '../../../src/runtime/state-machines.js';

const ACCOUNT = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:Orders';
const URL = 's3://assets/orders.json';

function definition(resource: string): string {
  return JSON.stringify({ StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: resource, End: true } } });
}

const DOCUMENT: WorkflowDocument = { definition: definition('${ChargeCard}'), functions: { ChargeCard: 0 } };
const DEPLOYED: DeployedWorkflows = { workflows: { Orders: URL }, functions: ['Stack-Charge-1A2B'] };

function memoryRuntime(): { runtime: Runtime; store: MemoryStore } {
  const clock = virtualClock(Date.parse('2026-01-01T00:00:00Z'));
  const store = new MemoryStore();
  const runtime = new Runtime({
    store,
    queue: new MemoryQueue({ now: () => clock.now() }),
    invoker: { invoke: async () => ({ ok: false, error: 'States.Runtime', cause: 'no task runs here' }) },
    registry: new MemoryRegistry(store),
    clock,
  });
  return { runtime, store };
}

/** An S3 stand-in holding one document per URL, counting reads. */
function objects(documents: Record<string, WorkflowDocument | string>): ReadObject & { reads: number } {
  const read = async (url: string) => {
    read.reads++;
    const document = documents[url];
    if (document === undefined) throw new Error(`NoSuchKey: ${url}`);
    return typeof document === 'string' ? document : JSON.stringify(document);
  };
  read.reads = 0;
  return read;
}

describe('registerDeployedWorkflows', () => {
  it('registers the definition with each function placeholder as the ARN in the API’s own account', async () => {
    const { runtime, store } = memoryRuntime();
    const [outcome] = await registerDeployedWorkflows(runtime, DEPLOYED, {
      account: ACCOUNT,
      read: objects({ [URL]: DOCUMENT }),
    });
    expect(outcome).toMatchObject({ stateMachineArn: ARN, registered: true });
    const machine = await store.getStateMachine(ARN);
    expect(machine).toMatchObject({ name: 'Orders', type: 'STANDARD', definitionHash: outcome?.definitionHash });
    expect(await store.getDefinition(outcome!.definitionHash)).toBe(
      definition('arn:aws:lambda:eu-west-1:111122223333:function:Stack-Charge-1A2B'),
    );
  });

  it('takes a function given by ARN as it is, and the type and quotas of the document', async () => {
    const { runtime, store } = memoryRuntime();
    const audit = 'arn:aws:lambda:us-east-1:444455556666:function:Audit';
    await registerDeployedWorkflows(
      runtime,
      { workflows: { Orders: URL }, functions: [audit] },
      {
        account: ACCOUNT,
        read: objects({ [URL]: { ...DOCUMENT, type: 'EXPRESS', quotas: { durationLimit: false } } }),
      },
    );
    const machine = await store.getStateMachine(ARN);
    expect(machine).toMatchObject({ type: 'EXPRESS', quotas: { durationLimit: false } });
    expect(await store.getDefinition(machine!.definitionHash)).toBe(definition(audit));
  });

  it('leaves a state machine alone when this deployment registered it already', async () => {
    const { runtime, store } = memoryRuntime();
    const read = objects({ [URL]: DOCUMENT });
    await registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read });
    const first = await store.getStateMachine(ARN);
    const again = await registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read });
    expect(again).toEqual([{ stateMachineArn: ARN, definitionHash: first?.definitionHash, registered: false }]);
    expect(await store.getStateMachine(ARN)).toBe(first);
  });

  it('keeps a change made through the API until a deployment changes the workflow', async () => {
    const { runtime } = memoryRuntime();
    await registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read: objects({ [URL]: DOCUMENT }) });
    const changed = definition('arn:aws:lambda:eu-west-1:111122223333:function:Manual');
    await updateStateMachine(runtime, ARN, { definition: changed });

    // A cold start of the same deployment.
    await registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read: objects({ [URL]: DOCUMENT }) });
    expect((await describeStateMachine(runtime, ARN)).definition).toBe(changed);

    // The next deployment names another function for the same placeholder.
    const redeployed = { ...DEPLOYED, functions: ['Stack-Charge-9Z8Y'] };
    const [outcome] = await registerDeployedWorkflows(runtime, redeployed, {
      account: ACCOUNT,
      read: objects({ [URL]: DOCUMENT }),
    });
    expect(outcome?.registered).toBe(true);
    expect((await describeStateMachine(runtime, ARN)).definition).toBe(
      definition('arn:aws:lambda:eu-west-1:111122223333:function:Stack-Charge-9Z8Y'),
    );
  });

  it('registers again when only the type changes', async () => {
    const { runtime, store } = memoryRuntime();
    await registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read: objects({ [URL]: DOCUMENT }) });
    const [outcome] = await registerDeployedWorkflows(runtime, DEPLOYED, {
      account: ACCOUNT,
      read: objects({ [URL]: { ...DOCUMENT, type: 'EXPRESS' } }),
    });
    expect(outcome?.registered).toBe(true);
    expect((await store.getStateMachine(ARN))?.type).toBe('EXPRESS');
  });

  it('fails with InvalidDefinition and registers nothing when the document is no valid definition', async () => {
    const { runtime, store } = memoryRuntime();
    const read = objects({ [URL]: { definition: '{"StartAt":"Nowhere","States":{}}', functions: {} } });
    await expect(registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read })).rejects.toMatchObject({
      name: 'InvalidDefinition',
    });
    expect(await store.getStateMachine(ARN)).toBeUndefined();
  });

  it('names the placeholder whose function the environment does not list', async () => {
    const { runtime } = memoryRuntime();
    const read = objects({ [URL]: { ...DOCUMENT, functions: { ChargeCard: 3 } } });
    await expect(registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read })).rejects.toThrow(
      'placeholder ${ChargeCard} names function 3 of STEPSTONE_WORKFLOWS, which lists 1',
    );
  });

  it('names a document that is not JSON', async () => {
    const { runtime } = memoryRuntime();
    await expect(
      registerDeployedWorkflows(runtime, DEPLOYED, { account: ACCOUNT, read: objects({ [URL]: '<Error/>' }) }),
    ).rejects.toThrow(new ConfigurationError(`the workflow document ${URL} is not JSON`));
  });
});

describe('deployedWorkflowsFromEnv', () => {
  it('reads STEPSTONE_WORKFLOWS, and nothing when it is not set', () => {
    expect(deployedWorkflowsFromEnv({ STEPSTONE_WORKFLOWS: JSON.stringify(DEPLOYED) })).toEqual(DEPLOYED);
    expect(deployedWorkflowsFromEnv({})).toBeUndefined();
  });

  it('refuses a value of another shape with the shape it expects', () => {
    expect(() => deployedWorkflowsFromEnv({ STEPSTONE_WORKFLOWS: '{"workflows":["Orders"]}' })).toThrow(
      /STEPSTONE_WORKFLOWS must be \{"workflows": \{"<name>": "s3:\/\/<bucket>\/<key>"\}/,
    );
    expect(() => deployedWorkflowsFromEnv({ STEPSTONE_WORKFLOWS: 'Orders' })).toThrow(
      "STEPSTONE_WORKFLOWS is not JSON: 'Orders'",
    );
  });
});

describe('deployedWorkflowsRegistrar', () => {
  it('registers once for concurrent first requests, and tries again after a failure', async () => {
    const { runtime, store } = memoryRuntime();
    const env = { STEPSTONE_WORKFLOWS: JSON.stringify(DEPLOYED) };
    let failNext = true;
    const read = objects({ [URL]: DOCUMENT });
    const flaky: ReadObject = async (url) => {
      if (failNext) {
        failNext = false;
        throw new Error('SlowDown');
      }
      return read(url);
    };
    const register = deployedWorkflowsRegistrar(runtime, env, flaky);
    await expect(register?.(ACCOUNT)).rejects.toThrow('SlowDown');
    expect(await store.getStateMachine(ARN)).toBeUndefined();
    await Promise.all([register?.(ACCOUNT), register?.(ACCOUNT), register?.(ACCOUNT)]);
    await register?.(ACCOUNT);
    expect(read.reads).toBe(1);
    expect(await store.getStateMachine(ARN)).toMatchObject({ name: 'Orders' });
  });

  it('is undefined when no workflows are deployed with the engine', () => {
    expect(deployedWorkflowsRegistrar(memoryRuntime().runtime, {})).toBeUndefined();
  });
});
