/**
 * Helpers of the CDK tests: an app that skips bundling (the tests read templates, not bundles; `npm
 * run synth` bundles), and the CloudFormation references a template uses for a construct.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Stage } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';
import type { StepstoneEngine } from '../../cdk/lib/stepstone-engine.js';
import type { Workflow } from '../../cdk/lib/workflow.js';
import {
  DEPLOYED_WORKFLOWS_ENV,
  type DeployedWorkflows,
  deployedWorkflowsFromEnv,
  type ReadObject,
  registerDeployedWorkflows,
} from '../../src/aws/deployed-workflows.js';
import { virtualClock } from '../../src/local/clock.js';
import { MemoryQueue } from '../../src/local/memory-queue.js';
import { MemoryStore } from '../../src/local/memory-store.js';
import { Runtime } from '../../src/runtime/runtime.js';

/** The apps made by {@link testApp} since the last {@link expectNoWildcardActions}. */
const apps: App[] = [];

/**
 * An app for tests: it bundles no asset (`aws:cdk:bundling-stacks` empty) and skips the built-in
 * CloudFormation schema validation (seconds per synth; `npm run synth` runs both).
 */
export function testApp(): App {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  apps.push(app);
  return app;
}

/** A policy document as a template renders it. */
interface RenderedPolicyDocument {
  readonly Statement: readonly { readonly Effect: string; readonly Action?: string | readonly string[] }[];
}

/**
 * Every action every IAM policy of a synthesized template allows (identity and resource policies),
 * with where it is. `Deny` statements are left out: a wildcard there takes away (the queues' deny of
 * `sqs:*` without TLS).
 */
export function policyActions(template: {
  Resources?: Record<string, { Type: string; Properties?: never }>;
}): string[] {
  const found: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const properties = (resource.Properties ?? {}) as {
      PolicyDocument?: RenderedPolicyDocument;
      AssumeRolePolicyDocument?: RenderedPolicyDocument;
      Policies?: { PolicyDocument: RenderedPolicyDocument }[];
    };
    const documents = [
      properties.PolicyDocument,
      properties.AssumeRolePolicyDocument,
      ...(properties.Policies ?? []).map((policy) => policy.PolicyDocument),
    ];
    for (const document of documents) {
      for (const statement of document?.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        const actions = statement.Action === undefined ? [] : [statement.Action].flat();
        for (const action of actions) found.push(`${id}: ${action}`);
      }
    }
  }
  return found;
}

/**
 * Synthesizes every app {@link testApp} made since the last call (an app whose synthesis fails, as
 * tests of synth errors expect, has no template) and expects no IAM policy in any stack to allow a
 * wildcard action: permissions are always exact actions. Run after each CDK test.
 */
export function expectNoWildcardActions(): void {
  const made = apps.splice(0);
  for (const app of made) {
    let stacks: { stackName: string; template: never }[];
    try {
      stacks = app.synth().stacks as never;
    } catch {
      continue;
    }
    for (const stack of stacks) {
      expect(policyActions(stack.template).filter((entry) => entry.includes('*'))).toEqual([]);
    }
  }
}

/** A stack of a {@link testApp}, in a fixed account and region. */
export function testStack(): Stack {
  const app = testApp();
  return new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

/** `{ "Fn::GetAtt": [<logical id>, <attribute>] }`. */
export function getAtt(construct: IConstruct, attribute = 'Arn'): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [logicalId(construct), attribute] };
}

/** `{ Ref: <logical id> }`. */
export function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalId(construct) };
}

/** A policy statement as a template renders it. */
export interface RenderedStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

/** The statements of every `AWS::IAM::Policy` attached to the role, in order. */
export function roleStatements(template: Template, role: IConstruct): RenderedStatement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const roleRef = logicalId(role);
  return Object.values(policies)
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((attached) => attached.Ref === roleRef))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as RenderedStatement[]);
}

/**
 * A CloudFormation value as the text it becomes at deploy, each reference shown as `<LogicalId>`
 * (`Ref`), `<LogicalId.Attribute>` (`Fn::GetAtt`) or `<AWS::AccountId>` (a pseudo parameter in
 * `Fn::Sub`).
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as {
    'Fn::Join'?: [string, unknown[]];
    Ref?: string;
    'Fn::GetAtt'?: [string, string];
    'Fn::Sub'?: string;
  };
  if (intrinsic['Fn::Join'] !== undefined) {
    const [separator, parts] = intrinsic['Fn::Join'];
    return parts.map(renderValue).join(separator);
  }
  if (intrinsic.Ref !== undefined) return `<${intrinsic.Ref}>`;
  if (intrinsic['Fn::GetAtt'] !== undefined) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  if (intrinsic['Fn::Sub'] !== undefined) return intrinsic['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/**
 * What the engine's API function finds at deploy: its `STEPSTONE_WORKFLOWS` as the template renders
 * it, and a reader that answers each workflow's `s3://` URL with the file its asset staged.
 */
export function deployedWorkflowsOf(
  template: Template,
  engine: StepstoneEngine,
  workflows: readonly Workflow[],
): { deployed: DeployedWorkflows; read: ReadObject } {
  const api = template.findResources('AWS::Lambda::Function')[logicalId(engine.apiFunction)];
  const variable = api?.Properties.Environment.Variables[DEPLOYED_WORKFLOWS_ENV];
  const deployed = deployedWorkflowsFromEnv({ [DEPLOYED_WORKFLOWS_ENV]: renderValue(variable) });
  if (deployed === undefined) throw new Error(`the API function has no ${DEPLOYED_WORKFLOWS_ENV}`);
  const files = new Map<string, string>();
  for (const workflow of workflows) {
    const stack = Stack.of(workflow);
    const url = renderValue(stack.resolve(workflow.documentAsset.s3ObjectUrl));
    files.set(url, join(Stage.of(stack)?.outdir ?? '', workflow.documentAsset.assetPath));
  }
  const read: ReadObject = async (url) => {
    const file = files.get(url);
    if (file === undefined) throw new Error(`no asset is deployed at ${url}`);
    return readFileSync(file, 'utf8');
  };
  return { deployed, read };
}

/** The account of the test stacks, as the API function finds it in its own ARN. */
export const TEST_ACCOUNT = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' } as const;

/**
 * Registers the workflows as the engine's API function does on its first request after the
 * deployment, on an in-memory store; returns the store.
 */
export async function registerAsDeployed(
  template: Template,
  engine: StepstoneEngine,
  workflows: readonly Workflow[],
): Promise<MemoryStore> {
  const { deployed, read } = deployedWorkflowsOf(template, engine, workflows);
  const store = new MemoryStore();
  const clock = virtualClock(Date.parse('2026-01-01T00:00:00Z'));
  const runtime = new Runtime({
    store,
    queue: new MemoryQueue({ now: () => clock.now() }),
    invoker: { invoke: async () => ({ ok: false, error: 'States.Runtime', cause: 'no task runs here' }) },
    clock,
  });
  await registerDeployedWorkflows(runtime, deployed, { account: TEST_ACCOUNT, read });
  return store;
}
