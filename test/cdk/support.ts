/**
 * Helpers of the CDK tests: an app that skips bundling (the tests read templates, not bundles; `npm
 * run synth` bundles), and the CloudFormation references a template uses for a construct.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

/**
 * An app for tests: it bundles no asset (`aws:cdk:bundling-stacks` empty) and skips the built-in
 * CloudFormation schema validation (seconds per synth; `npm run synth` runs both).
 */
export function testApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
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
