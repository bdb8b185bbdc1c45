/**
 * The `StepstoneEngine` construct: everything that runs workflows on AWS — the table, the step queue
 * and its dead-letter queue, the worker and API functions, alarms — with least-privilege roles.
 *
 * @see docs/architecture.md ("DynamoDB table design") for the table layout.
 */
import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEPLOYED_WORKFLOWS_ENV } from '../../src/aws/deployed-workflows.js';
import { NodeFunction } from './node-function.js';

/**
 * Deliveries after which a step message is poison, by default: the runtime's `maxReceives` fails the
 * execution on that delivery, and the queue's redrive policy dead-letters the message.
 */
export const DEFAULT_MAX_RECEIVES = 5;

/** Lambda's limit on a function's environment variables, in bytes (names and values together). */
const LAMBDA_ENVIRONMENT_BYTES = 4096;

/**
 * What the functions' environments hold besides `STEPSTONE_WORKFLOWS`, at most: the table and the queue
 * URL, the account (both functions), and the worker's receive limit.
 */
const ENVIRONMENT_BESIDES_WORKFLOWS = 576;

/** The GSI that lists a state machine's executions and indexes paged histories by event id (`gsi1pk`/`gsi1sk`). */
export const EXECUTIONS_INDEX = 'gsi1';

/** The TTL attribute of finished executions' items (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The DynamoDB actions the store (`src/aws/dynamo-store.ts`) calls on the table. Transactions need no
 * action of their own: each Put/Update inside one is authorised as PutItem/UpdateItem.
 */
export const STORE_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

/**
 * What the worker calls on the table beyond the store: the registry puts an activity task and its
 * pointer with one `BatchWriteItem` (src/aws/dynamo-registry.ts).
 */
export const WORKER_REGISTRY_TABLE_ACTIONS = ['dynamodb:BatchWriteItem'] as const;

/**
 * What the API calls on the table beyond the store: the control plane deletes state machines,
 * versions, aliases and activities, and writes tags in batches (src/aws/dynamo-registry.ts).
 */
export const API_REGISTRY_TABLE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'] as const;

/** What the worker calls on the step queue; Lambda's event source needs `GetQueueAttributes` too. */
export const WORKER_QUEUE_ACTIONS = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ReceiveMessage',
  'sqs:SendMessage',
] as const;

/** Properties of a {@link StepstoneEngine}. */
export interface StepstoneEngineProps {
  /**
   * How long one worker invocation may run. A Task state's function runs inside it, so it must
   * exceed the longest task; the step queue's visibility timeout is six times this.
   * @default Duration.minutes(1)
   */
  readonly workerTimeout?: Duration;
  /**
   * Memory of the worker in MB.
   * @default 1024
   */
  readonly workerMemorySize?: number;
  /**
   * Deliveries after which a step message is poison: the step queue's `maxReceiveCount`, and the
   * worker's `STEPSTONE_MAX_RECEIVES` (on that delivery the runtime fails the message's execution).
   * @default 5
   */
  readonly maxReceives?: number;
  /**
   * Step messages per worker invocation (1–10: the worker reports failures per message).
   * @default 10
   */
  readonly workerBatchSize?: number;
  /**
   * Most concurrent worker invocations the queue's event source starts (2–1000).
   * @default 10
   */
  readonly workerMaxConcurrency?: number;
  /**
   * How long one API request may run.
   * @default Duration.seconds(30)
   */
  readonly apiTimeout?: Duration;
  /**
   * Memory of the API function in MB.
   * @default 512
   */
  readonly apiMemorySize?: number;
  /**
   * How long the functions' logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the table (and so every execution's history) when the engine is removed.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The Lambda runtime of the engine's functions.
   * @default lambda.Runtime.NODEJS_22_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Lifts Step Functions' 256 KiB limit on payloads: table items over 256 KiB keep their payloads as
   * objects of an S3 bucket (docs/large-payloads.md). `true` creates the bucket (public access
   * blocked, SSL only, S3-managed encryption, objects expiring after 4,015 days — the longest a record
   * naming one may be kept — and the table's removal policy); or give one. The worker and the API may get and put its `payloads/*`
   * objects (and use its KMS key, if it has one).
   * @default false — the 256 KiB limit and `States.DataLimitExceeded`, as on AWS
   */
  readonly largePayloads?: boolean | { readonly bucket: s3.IBucket };
}

/**
 * Days a payload object is kept: at least as long as any record naming it, which was written with it
 * and expires at most 3,650 days (the longest retention) after its execution ends, itself at most
 * 365 days after the record was written.
 */
const PAYLOAD_RETENTION_DAYS = 3650 + 365;

/**
 * The Stepstone engine: a DynamoDB table (on-demand, point-in-time recovery, TTL, the executions
 * GSI), a standard SQS step queue with a dead-letter queue, the step worker on that queue (partial
 * batch responses), the API behind a function URL with IAM auth, and alarms on the dead-letter queue
 * and on each function's errors. Add workflows with {@link Workflow}.
 *
 * @example
 * const engine = new StepstoneEngine(this, 'Engine', { workerMaxConcurrency: 20 });
 * engine.grantStartExecution(myRole);
 * new Workflow(this, 'OrderSaga', { engine, definition: WorkflowDefinition.fromFile('definitions/order-saga.asl.json'),
 *   definitionSubstitutions: { ChargePayment: chargeFn } });
 */
export class StepstoneEngine extends Construct {
  /** The single table: executions, frame logs, joins, task tokens, definitions, state machines. */
  public readonly table: dynamodb.Table;
  /** The standard queue of step messages. */
  public readonly queue: sqs.Queue;
  /** Where a step message lands after `maxReceives` failed deliveries. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The step worker (`functions/worker.ts`). */
  public readonly workerFunction: lambda.Function;
  /** The worker's subscription to the step queue. */
  public readonly workerEventSource: lambda.EventSourceMapping;
  /** The API (`functions/api.ts`): Step Functions' API in its own protocol (AWS JSON 1.0); `stepstone/client` calls it. */
  public readonly apiFunction: lambda.Function;
  /** The API's function URL (IAM auth: requests are signed with SigV4 for service `lambda`). */
  public readonly apiUrl: lambda.FunctionUrl;
  /** In alarm when any message sits in the dead-letter queue. */
  public readonly deadLetterQueueAlarm: cloudwatch.Alarm;
  /** In alarm when the worker reports an invocation error. */
  public readonly workerErrorsAlarm: cloudwatch.Alarm;
  /** In alarm when the API function reports an invocation error. */
  public readonly apiErrorsAlarm: cloudwatch.Alarm;
  /** The bucket of payloads over 256 KiB, when {@link StepstoneEngineProps.largePayloads} is on. */
  public readonly payloadBucket: s3.IBucket | undefined;

  private readonly logRetention: logs.RetentionDays;
  private readonly runtime: lambda.Runtime | undefined;
  private readonly workerRole: iam.Role;
  private readonly apiRole: iam.Role;
  /** What the API's `STEPSTONE_WORKFLOWS` lists. */
  private readonly deployed: { workflows: Record<string, string>; functions: string[] } = {
    workflows: {},
    functions: [],
  };
  /** The longest each of `deployed.functions` can be: 64 for a name, 140 for an ARN. */
  private readonly functionBounds: number[] = [];
  private workflowRead: iam.PolicyStatement | undefined;
  private taskInvokeStatement: iam.PolicyStatement | undefined;
  private readonly taskFunctionArns = new Set<string>();
  /** The worker's statements for service integrations, one per set of actions. */
  private readonly taskStatements = new Map<string, iam.PolicyStatement>();

  constructor(scope: Construct, id: string, props: StepstoneEngineProps = {}) {
    super(scope, id);
    const workerTimeout = props.workerTimeout ?? Duration.minutes(1);
    const maxReceives = props.maxReceives ?? DEFAULT_MAX_RECEIVES;
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.runtime = props.runtime;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Projects only `status` (the status filter of ListExecutions), as src/aws/dynamo-table.ts does.
    this.table.addGlobalSecondaryIndex({
      indexName: EXECUTIONS_INDEX,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['status'],
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'StepQueue', {
      // AWS's advice for a queue that feeds a function: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: maxReceives },
    });

    this.payloadBucket = this.payloadBucketOf(props);
    const environment = {
      STEPSTONE_TABLE: this.table.tableName,
      STEPSTONE_QUEUE_URL: this.queue.queueUrl,
      ...(this.payloadBucket === undefined ? {} : { STEPSTONE_PAYLOAD_BUCKET: this.payloadBucket.bucketName }),
    };
    const worker = new NodeFunction(this, 'Worker', {
      entry: 'functions/worker.ts',
      description: 'Stepstone step worker',
      timeout: workerTimeout,
      memorySize: props.workerMemorySize ?? 1024,
      // The account of the state machines its `aws-sdk:sfn:createStateMachine` tasks create.
      environment: {
        ...environment,
        STEPSTONE_MAX_RECEIVES: String(maxReceives),
        STEPSTONE_ACCOUNT_ID: Stack.of(this).account,
      },
      logRetention: this.logRetention,
      runtime: props.runtime,
      // The worker sends step messages to the queue it is triggered by, by design: without this,
      // Lambda stops a chain of about 16 steps as a runaway loop.
      recursiveLoop: lambda.RecursiveLoop.ALLOW,
    });
    this.workerFunction = worker.function;
    this.workerRole = worker.role;
    this.workerEventSource = new lambda.EventSourceMapping(this, 'WorkerEventSource', {
      target: this.workerFunction,
      eventSourceArn: this.queue.queueArn,
      batchSize: props.workerBatchSize ?? 10,
      reportBatchItemFailures: true,
      maxConcurrency: props.workerMaxConcurrency ?? 10,
    });
    // The event source must not be created before its role may read the queue.
    this.workerEventSource.node.addDependency(worker.role);
    this.grantStore(worker.role, [...STORE_TABLE_ACTIONS, ...WORKER_REGISTRY_TABLE_ACTIONS], false);
    worker.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...WORKER_QUEUE_ACTIONS], resources: [this.queue.queueArn] }),
    );

    const api = new NodeFunction(this, 'Api', {
      entry: 'functions/api.ts',
      description: 'Stepstone API',
      timeout: props.apiTimeout ?? Duration.seconds(30),
      memorySize: props.apiMemorySize ?? 512,
      // It runs first steps too (functions/api.ts): their `aws-sdk:sfn:createStateMachine` tasks' account.
      environment: { ...environment, STEPSTONE_ACCOUNT_ID: Stack.of(this).account },
      logRetention: this.logRetention,
      runtime: props.runtime,
    });
    this.apiFunction = api.function;
    this.apiRole = api.role;
    this.apiUrl = this.apiFunction.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    // Only the API lists executions, state machines and activities and reads paged histories, so only it
    // may query the index.
    this.grantStore(api.role, [...STORE_TABLE_ACTIONS, ...API_REGISTRY_TABLE_ACTIONS], true);
    api.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );

    this.grantPayloads(worker.role);
    this.grantPayloads(api.role);

    this.deadLetterQueueAlarm = new cloudwatch.Alarm(this, 'DeadLetterQueueAlarm', {
      alarmDescription: 'Stepstone: step messages were dead-lettered (their executions failed as poisoned).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.workerErrorsAlarm = this.errorsAlarm('WorkerErrorsAlarm', this.workerFunction, 'the step worker');
    this.apiErrorsAlarm = this.errorsAlarm('ApiErrorsAlarm', this.apiFunction, 'the API');
  }

  /**
   * Lets `grantee` start executions: invoke the API's function URL (IAM auth). A function URL is
   * authorised as a whole, so this is the same permission as {@link grantRead}: every action of the
   * API. Put the API behind API Gateway to authorise actions one by one.
   */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.grantApi(grantee);
  }

  /**
   * Lets `grantee` describe executions and read their history through the API's function URL. The
   * same permission as {@link grantStartExecution} (see there).
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantApi(grantee);
  }

  /**
   * Lets the worker invoke a task function: exactly `lambda:InvokeFunction` on its ARN (as given: a
   * version's or an alias's ARN is qualified), in one statement that lists every task function. The
   * API function gets the same statement: its `StartExecution` runs an execution's first step itself
   * (src/aws/config.ts, `API_START_STEP_MILLISECONDS`).
   * {@link Workflow} calls this for each function its definition names; call it yourself for a
   * function a definition chooses at run time.
   *
   * @param functionArn a function's ARN, e.g. `fn.functionArn`.
   */
  public addTaskFunction(functionArn: string): void {
    if (this.taskFunctionArns.has(functionArn)) return;
    this.taskFunctionArns.add(functionArn);
    if (this.taskInvokeStatement === undefined) {
      this.taskInvokeStatement = new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'] });
      this.stepRoles(this.taskInvokeStatement);
    }
    this.taskInvokeStatement.addResources(functionArn);
  }

  /**
   * Lets the worker (and the API function, which runs first steps) call `actions` on `resources` for
   * a Task's service integration, in one statement per set of actions. {@link Workflow} calls this with the statements its definitions' integrations
   * declare; an action is always exact (`dynamodb:PutItem`), never a wildcard.
   *
   * @example engine.addTaskPermission(['dynamodb:PutItem'], [ordersTable.tableArn]);
   */
  public addTaskPermission(actions: readonly string[], resources: readonly string[]): void {
    const wildcard = actions.find((action) => action.includes('*'));
    if (wildcard !== undefined)
      throw new Error(`A task permission names the action '${wildcard}': actions must be exact`);
    if (resources.length === 0) return;
    const key = [...actions].sort().join(',');
    let statement = this.taskStatements.get(key);
    if (statement === undefined) {
      statement = new iam.PolicyStatement({ actions: [...actions].sort() });
      this.taskStatements.set(key, statement);
      this.stepRoles(statement);
    }
    const present = new Set(statement.resources);
    for (const arn of resources) if (!present.has(arn)) statement.addResources(arn);
  }

  /**
   * Deploys a state machine with the engine: the API and worker functions register it from `document`
   * (an S3 asset) on their first request or batch after the deployment (src/aws/deployed-workflows.ts),
   * and may read exactly that object. {@link Workflow} calls this; `functions` are what the document's
   * placeholders stand for, as {@link functionReference} numbered them.
   */
  public addWorkflow(stateMachineName: string, document: s3assets.Asset): void {
    if (Object.hasOwn(this.deployed.workflows, stateMachineName)) {
      throw new Error(`The engine already has a workflow named '${stateMachineName}'`);
    }
    if (this.workflowRead === undefined) {
      this.workflowRead = new iam.PolicyStatement({ actions: ['s3:GetObject'] });
      const stack = Stack.of(this);
      const deployed = Lazy.string({ produce: () => stack.toJsonString(this.deployed) });
      // Both register: the worker may start a workflow of this deployment before the API answered once.
      for (const fn of [this.apiFunction, this.workerFunction]) fn.addEnvironment(DEPLOYED_WORKFLOWS_ENV, deployed);
      this.apiRole.addToPrincipalPolicy(this.workflowRead);
      this.workerRole.addToPrincipalPolicy(this.workflowRead);
      this.node.addValidation({ validate: () => this.checkEnvironmentSize() });
    }
    this.deployed.workflows[stateMachineName] = document.s3ObjectUrl;
    this.workflowRead.addResources(document.bucket.arnForObjects(document.s3ObjectKey));
  }

  /**
   * The number by which deployed workflows' documents refer to `fn` (see {@link addWorkflow}): a
   * function of this stack by its name (the API resolves it in its own account and region), any
   * other by its ARN.
   */
  public functionReference(fn: lambda.IFunction): number {
    const reference =
      fn instanceof lambda.Function && Stack.of(fn) === Stack.of(this) ? fn.functionName : fn.functionArn;
    const known = this.deployed.functions.indexOf(reference);
    if (known >= 0) return known;
    this.deployed.functions.push(reference);
    this.functionBounds.push(reference === fn.functionArn ? 140 : 64);
    return this.deployed.functions.length - 1;
  }

  /**
   * The ARN a state machine of this engine has: the API takes it as `stateMachineArn`.
   *
   * @example engine.stateMachineArn('OrderSaga'); // arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga
   */
  public stateMachineArn(name: string): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * Lambda refuses a function whose environment exceeds 4 KB, at deploy. The names and URLs are
   * tokens at synth: check the longest they can be (a function name 64 characters, an ARN 140, an
   * asset's URL 150) and fail the synth instead when even that may not fit.
   */
  private checkEnvironmentSize(): string[] {
    const longest = (value: string, bound: number) => (Token.isUnresolved(value) ? bound : value.length);
    let size = JSON.stringify({ workflows: {}, functions: [] }).length + ENVIRONMENT_BESIDES_WORKFLOWS;
    for (const [name, url] of Object.entries(this.deployed.workflows)) size += name.length + 6 + longest(url, 150);
    this.deployed.functions.forEach((fn, index) => {
      size += 3 + longest(fn, this.functionBounds[index] ?? 140);
    });
    if (size <= LAMBDA_ENVIRONMENT_BYTES) return [];
    return [
      `The functions' environments may exceed Lambda's ${LAMBDA_ENVIRONMENT_BYTES} bytes (up to ${size}) with ${Object.keys(this.deployed.workflows).length} workflows and ${this.deployed.functions.length} task functions: deploy the workflows on more than one engine`,
    ];
  }

  /** Adds a task's statement to the roles of the functions that run steps: the worker and the API. */
  private stepRoles(statement: iam.PolicyStatement): void {
    this.workerRole.addToPrincipalPolicy(statement);
    this.apiRole.addToPrincipalPolicy(statement);
  }

  private grantApi(grantee: iam.IGrantable): iam.Grant {
    // Both `lambda:InvokeFunctionUrl` (auth type AWS_IAM) and, as AWS now requires for function
    // URLs, `lambda:InvokeFunction` conditioned on `lambda:InvokedViaFunctionUrl`.
    return this.apiFunction.grantInvokeUrl(grantee);
  }

  /** The payload bucket the props ask for: created, given, or none. */
  private payloadBucketOf(props: StepstoneEngineProps): s3.IBucket | undefined {
    const option = props.largePayloads;
    if (option === undefined || option === false) return undefined;
    if (option !== true) return option.bucket;
    return new s3.Bucket(this, 'PayloadBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ prefix: 'payloads/', expiration: Duration.days(PAYLOAD_RETENTION_DAYS) }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** Lets `role` get and put the payload objects (and use the bucket's key). */
  private grantPayloads(role: iam.IRole): void {
    const bucket = this.payloadBucket;
    if (bucket === undefined) return;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.arnForObjects('payloads/*')],
      }),
    );
    if (bucket.encryptionKey !== undefined) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [bucket.encryptionKey.keyArn],
        }),
      );
    }
  }

  private grantStore(role: iam.IRole, actions: readonly string[], queryIndex: boolean): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions].sort(), resources: [this.table.tableArn] }),
    );
    if (!queryIndex) return;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.table.tableArn}/index/${EXECUTIONS_INDEX}`],
      }),
    );
  }

  private errorsAlarm(id: string, fn: lambda.IFunction, what: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: `Stepstone: ${what} reported invocation errors.`,
      metric: fn.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
