/**
 * One way to build every Lambda function of Stepstone: a `NodejsFunction` bundled locally by esbuild
 * (no Docker), arm64, with its own log group (retention set, no `logs:CreateLogGroup` needed) and its
 * own role that may write to that log group and nothing else until a grant adds more. The managed
 * policy `AWSLambdaBasicExecutionRole` is deliberately not used: it allows logging to every log group
 * (`Resource: "*"`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The root of the Stepstone package: where `package.json`, `functions/` and `src/` are. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The Lambda runtime every Stepstone function uses unless told otherwise: the Node.js the project develops on. */
export const DEFAULT_NODE_RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * esbuild output as an ES module. Some dependencies (jsonata, parts of the SDK) are CommonJS and call
 * `require` for Node's built-ins, which an ES module lacks: the banner defines it.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __stepstoneRequire } from 'node:module'; const require = __stepstoneRequire(import.meta.url);";

/** Properties of a {@link NodeFunction}. */
export interface NodeFunctionProps {
  /** The TypeScript entry file, absolute or relative to the package root. */
  readonly entry: string;
  /**
   * The name of the exported handler in the entry file.
   * @default 'handler'
   */
  readonly handler?: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** How long one invocation may run. */
  readonly timeout: Duration;
  /**
   * Memory in MB (CPU grows with it).
   * @default 1024
   */
  readonly memorySize?: number;
  /** Environment variables. @default none */
  readonly environment?: Record<string, string>;
  /** How long the function's logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Whether the log group is deleted with the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default lambda.Runtime.NODEJS_22_X */
  readonly runtime?: lambda.Runtime;
  /**
   * What Lambda does when it sees the function in a recursive loop (SQS → function → same queue).
   * @default lambda.RecursiveLoop.TERMINATE
   */
  readonly recursiveLoop?: lambda.RecursiveLoop;
}

/**
 * A Node.js Lambda function with its log group and a role of its own.
 *
 * @example
 * const fn = new NodeFunction(this, 'Worker', {
 *   entry: 'functions/worker.ts', description: 'Stepstone step worker',
 *   timeout: Duration.minutes(1), logRetention: logs.RetentionDays.ONE_MONTH,
 * });
 * table.grantReadData(fn.function);
 */
export class NodeFunction extends Construct {
  /** The function. */
  public readonly function: nodejs.NodejsFunction;
  /** Its execution role: may write its logs, and whatever grants add. */
  public readonly role: iam.Role;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // `arn:…:log-group:<name>:*`: the streams of this one group, the form CloudWatch Logs requires.
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const lockFile = join(PACKAGE_ROOT, 'package-lock.json');
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: resolve(PACKAGE_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: props.runtime ?? DEFAULT_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 1024,
      environment: props.environment,
      role: this.role,
      logGroup: this.logGroup,
      recursiveLoop: props.recursiveLoop,
      ...(existsSync(lockFile) ? { projectRoot: PACKAGE_ROOT, depsLockFilePath: lockFile } : {}),
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The SDK version the project pins and tests, not whichever the Lambda runtime ships, for the
        // clients the code imports (DynamoDB, SQS, Lambda, SNS, EventBridge, S3). The client of any
        // other service an `aws-sdk:*` task calls is loaded by name at run time (a `require` esbuild
        // leaves alone): on Lambda it resolves through NODE_PATH to the SDK the Node.js runtime ships.
        bundleAwsSDK: true,
        minify: true,
        // Error classes are told apart by name.
        keepNames: true,
        sourceMap: false,
      },
    });
  }
}
