/**
 * Helpers of the CDK tests: an app that skips bundling (the tests read templates, not bundles; `npm
 * run synth` bundles), and the CloudFormation references a template uses for a construct.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';

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
