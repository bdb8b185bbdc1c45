/**
 * The CDK app: the Stepstone engine and the example workflows, as the stack `Stepstone`.
 * The account and region come from the CLI's credentials (`CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`);
 * without any, the stack synthesizes for 123456789012 in us-east-1, so `cdk synth` needs no account.
 */
import { App } from 'aws-cdk-lib';
import { StepstoneExampleStack } from '../lib/example-stack.js';

const app = new App();
new StepstoneExampleStack(app, 'Stepstone', {
  description: 'Stepstone: ASL workflows on DynamoDB, SQS and Lambda (engine and example workflows)',
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
  },
});
app.synth();
