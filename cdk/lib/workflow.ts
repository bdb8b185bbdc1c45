/**
 * The `Workflow` construct: one state machine of a {@link StepstoneEngine}. Its definition is
 * validated at synth with the diagnostics of `stepstone validate`, its `${Name}` placeholders are
 * bound to Lambda functions, the engine's worker may invoke exactly those functions and call exactly
 * the service actions its Task states need on the resources they name, and deploying it registers
 * the definition version in the engine's table: the definition travels as an S3 asset and the
 * engine's API function registers it on its first request after the deployment (no custom
 * resource: see src/aws/deployed-workflows.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, ArnFormat, type Duration, FileSystem, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { SubstitutionValue } from '../../src/asl/placeholders.js';
import type { WorkflowDocument } from '../../src/aws/deployed-workflows.js';
import { definitionPermissions, type TaskPermissions } from '../../src/integrations/definition-permissions.js';
import type { ExecutionQuotas } from '../../src/runtime/quotas.js';
import { retentionProblem } from '../../src/runtime/retention.js';
import type { StepstoneEngine } from './stepstone-engine.js';
import { lambdaTargetsOf, placeholdersOf, type WorkflowDefinition } from './workflow-definition.js';

/** A state machine name, as Step Functions allows it here. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Properties of a {@link Workflow}. */
export interface WorkflowProps {
  /** The engine that runs the workflow. */
  readonly engine: StepstoneEngine;
  /** The ASL definition: `WorkflowDefinition.fromFile(…)`, `.fromString(…)` or `.fromObject(…)`. */
  readonly definition: WorkflowDefinition;
  /**
   * What each `${Name}` placeholder of the definition stands for, as Step Functions'
   * `DefinitionSubstitutions`: a function becomes its ARN, and the worker may invoke it when a Task
   * state names it; a string, number or boolean is substituted in the definition's text, so that a
   * placeholder where a whole value goes takes its type (`Seconds: ${Timeout}` with `Timeout: 60`).
   * @default no placeholders
   */
  readonly definitionSubstitutions?: Readonly<Record<string, lambda.IFunction | SubstitutionValue>>;
  /**
   * The state machine's name (letters, digits, `-` and `_`, at most 80): its ARN is
   * `arn:<partition>:states:<region>:<account>:stateMachine:<name>`.
   * @default the construct id
   */
  readonly stateMachineName?: string;
  /**
   * @default 'STANDARD'
   */
  readonly stateMachineType?: 'STANDARD' | 'EXPRESS';
  /**
   * AWS's execution quotas lifted for this state machine's executions: `{ historyLimit: false }`
   * lets a STANDARD execution's history grow past 25,000 events, `{ durationLimit: false }` lets an
   * EXPRESS one run past 5 minutes. Lift them only for a workflow that must: they end runaway loops.
   * @default every quota holds, as on AWS
   */
  readonly quotas?: ExecutionQuotas;
  /**
   * How long its executions are kept once they have ended — the execution, its history and every
   * record of it — before DynamoDB's TTL deletes them: from 1 hour to 3,650 days, whole seconds.
   * @default the engine's: 90 days, as Step Functions keeps closed executions
   */
  readonly retention?: Duration;
  /**
   * The resources of Task states that the definition computes at run time (`"TableName.$":
   * "$.table"`), by state name: the worker may call the state's actions on these ARNs. The same for
   * a distributed Map whose `ItemReader` or `ResultWriter` computes its bucket (`"Bucket.$":
   * "$.bucket"`): name the objects (`<bucket arn>/*`) and, for a `listObjectsV2` reader, the bucket.
   * The state's resources named literally need no entry; a state that computes one and has none is a
   * synth warning, and its calls are denied until you name them (here or with
   * {@link Workflow.grantTaskResource}).
   *
   * @example
   * taskResources: { SaveOrder: [ordersTable.tableArn], Notify: [topic.topicArn], Each: [`${bucket.bucketArn}/*`] }
   * @default none
   */
  readonly taskResources?: Readonly<Record<string, readonly string[]>>;
  /**
   * Fail the synth when a Task's resource is one Stepstone cannot run (`UNSUPPORTED_RESOURCE`, as
   * `stepstone validate --strict` does). Otherwise each is a synth-time warning annotation.
   * @default false
   */
  readonly strict?: boolean;
}

/**
 * A workflow of a Stepstone engine.
 *
 * @example
 * const saga = new Workflow(this, 'OrderSaga', {
 *   engine,
 *   definition: WorkflowDefinition.fromFile('definitions/order-saga.asl.json'),
 *   definitionSubstitutions: { ReserveInventory: reserveFn, ChargePayment: chargeFn },
 * });
 * new CfnOutput(this, 'OrderSagaArn', { value: saga.stateMachineArn });
 */
export class Workflow extends Construct {
  /** The engine that runs it. */
  public readonly engine: StepstoneEngine;
  /** The state machine's name. */
  public readonly stateMachineName: string;
  /** The state machine's ARN: what `StartExecution` takes. */
  public readonly stateMachineArn: string;
  /**
   * What the engine's API registers: the definition with its function placeholders, its type,
   * quotas and retention (`functions` numbers the placeholders' functions as the API's `STEPSTONE_WORKFLOWS` lists them).
   */
  public readonly document: WorkflowDocument;
  /** The S3 asset that carries {@link document} to the API. */
  public readonly documentAsset: s3assets.Asset;
  /** What each Task state's service integration needs, as granted to the engine's worker. */
  public readonly taskPermissions: readonly TaskPermissions[];

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.engine = props.engine;
    this.stateMachineName = props.stateMachineName ?? id;
    this.stateMachineArn = props.engine.stateMachineArn(this.stateMachineName);
    const substitutions = props.definitionSubstitutions ?? {};
    const functions: Record<string, lambda.IFunction> = {};
    const values: Record<string, SubstitutionValue> = {};
    for (const [name, value] of Object.entries(substitutions)) {
      if (typeof value === 'object') functions[name] = value;
      else values[name] = value;
    }

    const problems = props.definition.problems(values, { strict: props.strict === true });
    if (props.strict !== true) {
      for (const warning of props.definition.warnings(values)) {
        Annotations.of(this).addWarningV2('@stepstone/cdk:unsupportedResource', warning);
      }
    }
    const retentionSeconds = props.retention?.toSeconds({ integral: false });
    const retention = retentionSeconds === undefined ? undefined : retentionProblem(retentionSeconds);
    if (retention !== undefined) problems.push(`Workflow '${this.stateMachineName}': ${retention}`);
    if (!NAME.test(this.stateMachineName)) {
      problems.push(`State machine name '${this.stateMachineName}' must be 1–80 letters, digits, '-' and '_'`);
    }
    const used = placeholdersOf(props.definition.parsed());
    const parsed = props.definition.parsed(values);
    for (const name of used) {
      if (!Object.hasOwn(substitutions, name)) {
        problems.push(`${props.definition.source}: placeholder \${${name}} has no entry in definitionSubstitutions`);
      }
    }
    if (problems.length > 0) {
      const count = problems.length;
      const message = `Invalid state machine definition of '${this.stateMachineName}' (${count} problem${count === 1 ? '' : 's'}):\n${problems.join('\n')}`;
      this.node.addValidation({ validate: () => [message] });
    }
    for (const name of Object.keys(substitutions)) {
      if (!used.has(name)) {
        Annotations.of(this).addWarningV2(
          '@stepstone/cdk:unusedSubstitution',
          `definitionSubstitutions.${name} is not used by the definition`,
        );
      }
    }

    const targets = lambdaTargetsOf(parsed);
    for (const name of targets.placeholders) {
      const fn = functions[name];
      if (fn !== undefined) props.engine.addTaskFunction(fn.functionArn);
    }
    for (const literal of targets.literals) props.engine.addTaskFunction(this.functionArnOf(literal));
    for (const state of targets.dynamic) {
      Annotations.of(this).addWarningV2(
        '@stepstone/cdk:dynamicFunction',
        `State '${state}' chooses its function at run time: the worker may not invoke it until you call engine.addTaskFunction(fn.functionArn)`,
      );
    }

    const template = JSON.stringify(parsed ?? {});
    let text = template;
    for (const [name, fn] of Object.entries(functions)) text = text.split(`\${${name}}`).join(fn.functionArn);
    const stack = Stack.of(this);
    this.taskPermissions = definitionPermissions(JSON.parse(text), {
      partition: stack.partition,
      region: stack.region,
      account: stack.account,
    });
    this.grantTaskPermissions(props.taskResources ?? {});

    const references: Record<string, number> = {};
    for (const [name, fn] of Object.entries(functions)) {
      if (used.has(name)) references[name] = props.engine.functionReference(fn);
    }
    this.document = {
      definition: template,
      type: props.stateMachineType ?? 'STANDARD',
      ...(props.quotas === undefined ? {} : { quotas: props.quotas }),
      ...(retentionSeconds === undefined ? {} : { retentionSeconds }),
      functions: references,
    };
    const file = join(FileSystem.mkdtemp('stepstone-workflow-'), `${this.stateMachineName}.json`);
    writeFileSync(file, `${JSON.stringify(this.document, null, 2)}\n`);
    this.documentAsset = new s3assets.Asset(this, 'Document', { path: file });
    props.engine.addWorkflow(this.stateMachineName, this.documentAsset);
  }

  /**
   * Lets the worker call the actions of Task state `state` on `resourceArns`: the resources the
   * definition computes at run time (the `taskResources` prop does the same at construction).
   *
   * @example
   * // "SaveOrder": { "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
   * //                "Parameters": { "TableName.$": "$.table", "Item.$": "$.item" }, "End": true }
   * workflow.grantTaskResource('SaveOrder', ordersTable.tableArn, archiveTable.tableArn);
   */
  public grantTaskResource(state: string, ...resourceArns: string[]): iam.Grant {
    const task = this.taskPermissions.find((t) => t.state === state);
    const open = task?.statements.filter((s) => s.unresolved.length > 0) ?? [];
    if (task === undefined || open.length === 0) {
      throw new Error(
        task === undefined
          ? `State '${state}' of workflow '${this.stateMachineName}' calls no service integration (a Task, or a distributed Map's ItemReader or ResultWriter)`
          : `State '${state}' of workflow '${this.stateMachineName}' names all its resources in the definition`,
      );
    }
    return open
      .map((statement) =>
        iam.Grant.addToPrincipal({
          grantee: this.engine.workerFunction,
          actions: [...statement.actions],
          resourceArns,
        }),
      )
      .reduce((all, grant) => all.combine(grant));
  }

  /** Lets `grantee` start executions (through the engine's API; see `StepstoneEngine.grantStartExecution`). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.engine.grantStartExecution(grantee);
  }

  /** Lets `grantee` read executions (through the engine's API; see `StepstoneEngine.grantRead`). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.engine.grantRead(grantee);
  }

  /**
   * Grants the worker each statement the definition names resources for, the `taskResources` for the
   * rest, and warns of each state whose resources are computed and not named.
   */
  private grantTaskPermissions(taskResources: Readonly<Record<string, readonly string[]>>): void {
    for (const task of this.taskPermissions) {
      for (const statement of task.statements) this.engine.addTaskPermission(statement.actions, statement.resources);
      const open = task.statements.filter((statement) => statement.unresolved.length > 0);
      if (open.length === 0) continue;
      const named = taskResources[task.state];
      if (named !== undefined) {
        this.grantTaskResource(task.state, ...named);
        continue;
      }
      const fields = [...new Set(open.flatMap((statement) => statement.unresolved))].join(', ');
      const actions = [...new Set(open.flatMap((statement) => statement.actions))].join(', ');
      Annotations.of(this).addWarningV2(
        '@stepstone/cdk:taskResources',
        `State '${task.state}' computes ${fields} at run time: the worker may not call ${actions} until you name the resources in taskResources: { '${task.state}': [arn, …] } or with workflow.grantTaskResource('${task.state}', arn)`,
      );
    }
    for (const state of Object.keys(taskResources)) {
      if (!this.taskPermissions.some((task) => task.state === state)) {
        this.node.addValidation({
          validate: () => [
            `taskResources names '${state}', which is no state of the definition that calls a service integration (a Task, or a distributed Map's ItemReader or ResultWriter)`,
          ],
        });
      }
    }
  }

  /** A literal function reference (name, `name:qualifier`, partial or full ARN) as an ARN. */
  private functionArnOf(literal: string): string {
    if (literal.startsWith('arn:')) return literal;
    const stack = Stack.of(this);
    if (/^\d{12}:function:/.test(literal)) return `arn:${stack.partition}:lambda:${stack.region}:${literal}`;
    return stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: literal,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
