/**
 * The example deployment: a Stepstone engine and the three workflows of `definitions/`, each task
 * handler of `functions/tasks/` deployed as its own function. One function per handler export keeps
 * every handler a plain exported function (Lambda calls `index.<Export>`), no switch to maintain, and
 * lets the worker's policy name exactly the functions each workflow invokes.
 */
import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { NodeFunction, PACKAGE_ROOT } from './node-function.js';
import { StepstoneEngine, type StepstoneEngineProps } from './stepstone-engine.js';
import { Workflow } from './workflow.js';
import { WorkflowDefinition } from './workflow-definition.js';

/** Each example task handler (the export's name, which the definitions' placeholders use) and its file. */
export const EXAMPLE_TASKS = {
  ReserveInventory: 'functions/tasks/order.ts',
  ChargePayment: 'functions/tasks/order.ts',
  ShipOrder: 'functions/tasks/order.ts',
  RefundPayment: 'functions/tasks/order.ts',
  ReleaseInventory: 'functions/tasks/order.ts',
  ResizeImage: 'functions/tasks/images.ts',
  RequestApproval: 'functions/tasks/approval.ts',
  NotifyManager: 'functions/tasks/approval.ts',
} as const;

/** A task handler's name. */
export type ExampleTask = keyof typeof EXAMPLE_TASKS;

/** The example workflows: state machine name, definition file, and the tasks it names. */
export const EXAMPLE_WORKFLOWS: readonly {
  readonly name: string;
  readonly file: string;
  readonly tasks: readonly ExampleTask[];
}[] = [
  {
    name: 'OrderSaga',
    file: 'definitions/order-saga.asl.json',
    tasks: ['ReserveInventory', 'ChargePayment', 'ShipOrder', 'RefundPayment', 'ReleaseInventory'],
  },
  { name: 'FanOut', file: 'definitions/fan-out.asl.json', tasks: ['ResizeImage'] },
  { name: 'HumanApproval', file: 'definitions/human-approval.asl.json', tasks: ['RequestApproval', 'NotifyManager'] },
];

/** Properties of a {@link StepstoneExampleStack}. */
export interface StepstoneExampleStackProps extends StackProps {
  /** Passed to the engine. @default the engine's defaults */
  readonly engine?: StepstoneEngineProps;
}

/** The engine, the example task functions and the example workflows, with their ARNs as outputs. */
export class StepstoneExampleStack extends Stack {
  /** The engine. */
  public readonly engine: StepstoneEngine;
  /** The task functions, by handler name. */
  public readonly tasks: Readonly<Record<ExampleTask, lambda.Function>>;
  /** The workflows, by state machine name. */
  public readonly workflows: Readonly<Record<string, Workflow>>;

  constructor(scope: Construct, id: string, props: StepstoneExampleStackProps = {}) {
    super(scope, id, props);
    this.engine = new StepstoneEngine(this, 'Engine', props.engine);
    const tasks = {} as Record<ExampleTask, lambda.Function>;
    for (const [name, file] of Object.entries(EXAMPLE_TASKS) as [ExampleTask, string][]) {
      tasks[name] = new NodeFunction(this, name, {
        entry: file,
        handler: name,
        description: `Stepstone example task ${name}`,
        timeout: Duration.seconds(10),
        memorySize: 256,
        logRetention: logs.RetentionDays.ONE_WEEK,
      }).function;
    }
    this.tasks = tasks;
    const workflows: Record<string, Workflow> = {};
    for (const example of EXAMPLE_WORKFLOWS) {
      const workflow = new Workflow(this, example.name, {
        engine: this.engine,
        definition: WorkflowDefinition.fromFile(join(PACKAGE_ROOT, example.file)),
        definitionSubstitutions: Object.fromEntries(example.tasks.map((task) => [task, tasks[task]])),
      });
      workflows[example.name] = workflow;
      new CfnOutput(this, `${example.name}Arn`, { value: workflow.stateMachineArn });
    }
    this.workflows = workflows;
    new CfnOutput(this, 'ApiUrl', { value: this.engine.apiUrl.url });
    new CfnOutput(this, 'TableName', { value: this.engine.table.tableName });
    new CfnOutput(this, 'QueueUrl', { value: this.engine.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.engine.deadLetterQueue.queueUrl });
  }
}
