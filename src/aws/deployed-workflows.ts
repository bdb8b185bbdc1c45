/**
 * The state machines a CDK deployment brings (the `Workflow` construct), registered by the API
 * and worker functions themselves on their first request or batch after a deployment — with no
 * CloudFormation custom resource, so a stack registers its workflows the same way on AWS and on LocalStack's free edition (which
 * does not run custom resources).
 *
 * What travels where:
 * - each workflow's {@link WorkflowDocument} is a file asset of the stack (an S3 object named by the
 *   hash of its content): the definition with its function placeholders (`${ChargeCard}`) still in
 *   the text, its type and quotas;
 * - the API's and the worker's environment variable `STEPSTONE_WORKFLOWS` holds what only CloudFormation
 *   knows: where each document is, and the functions the placeholders stand for
 *   ({@link DeployedWorkflows}).
 *
 * Registration is idempotent and keeps the content-hash versions of `registerStateMachine`: the
 * definition with every placeholder resolved is stored by its hash, and the state machine points at
 * it. Each state machine records the deployment that registered it (a hash of the resolved
 * definition, type and quotas), so a cold start registers only a deployment the table has not seen:
 * a change made through the API (`UpdateStateMachine`) lasts until a deployment changes the workflow.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { definitionHash, registerStateMachine } from '../runtime/lifecycle.js';
import type { Account } from '../runtime/names.js';
import type { ExecutionQuotas } from '../runtime/quotas.js';
import type { Runtime } from '../runtime/runtime.js';
import { ConfigurationError } from './errors.js';

/** The environment variable of the API function that lists the deployed workflows. */
export const DEPLOYED_WORKFLOWS_ENV = 'STEPSTONE_WORKFLOWS';

/** A workflow as the stack deploys it: the content of its S3 document. */
export interface WorkflowDocument {
  /** The definition as JSON text, every placeholder substituted but those of {@link functions}. */
  readonly definition: string;
  /** @default 'STANDARD' */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** AWS's execution quotas lifted for the state machine. @default every quota holds */
  readonly quotas?: ExecutionQuotas;
  /** Seconds its executions are kept once ended. @default the engine's (90 days) */
  readonly retentionSeconds?: number;
  /**
   * Each placeholder that stands for a function (`ChargeCard` for `${ChargeCard}`), and the index of
   * that function in {@link DeployedWorkflows.functions}.
   */
  readonly functions: Readonly<Record<string, number>>;
}

/** What `STEPSTONE_WORKFLOWS` holds (JSON). */
export interface DeployedWorkflows {
  /** Each state machine's name and the `s3://<bucket>/<key>` of its {@link WorkflowDocument}. */
  readonly workflows: Readonly<Record<string, string>>;
  /**
   * The functions the documents' placeholders stand for: a function's ARN, or the name of a function
   * in the API function's own account and region (shorter: Lambda's environment holds 4 KB in all).
   */
  readonly functions: readonly string[];
}

/** Reads `STEPSTONE_WORKFLOWS`; `undefined` when it is not set (a deployment with no workflows). */
export function deployedWorkflowsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DeployedWorkflows | undefined {
  const text = env[DEPLOYED_WORKFLOWS_ENV];
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${DEPLOYED_WORKFLOWS_ENV} is not JSON: '${text.slice(0, 80)}'`);
  }
  const { workflows, functions } = (value ?? {}) as Partial<DeployedWorkflows>;
  const strings = (values: unknown[]) => values.every((entry) => typeof entry === 'string');
  if (
    typeof workflows !== 'object' ||
    workflows === null ||
    !strings(Object.values(workflows)) ||
    !Array.isArray(functions) ||
    !strings(functions)
  ) {
    throw new ConfigurationError(
      `${DEPLOYED_WORKFLOWS_ENV} must be {"workflows": {"<name>": "s3://<bucket>/<key>"}, "functions": ["<name or ARN>"]}`,
    );
  }
  return { workflows, functions };
}

/** The definition of a document with its function placeholders replaced by the functions' ARNs. */
export function resolveDefinition(document: WorkflowDocument, functions: readonly string[], account: Account): string {
  let text = document.definition;
  for (const [placeholder, index] of Object.entries(document.functions)) {
    const fn = functions[index];
    if (fn === undefined) {
      throw new ConfigurationError(
        `placeholder \${${placeholder}} names function ${index} of ${DEPLOYED_WORKFLOWS_ENV}, which lists ${functions.length}`,
      );
    }
    const arn = fn.startsWith('arn:')
      ? fn
      : `arn:${account.partition ?? 'aws'}:lambda:${account.region}:${account.accountId}:function:${fn}`;
    text = text.split(`\${${placeholder}}`).join(arn);
  }
  return text;
}

/** Reads the text of `s3://<bucket>/<key>`. */
export type ReadObject = (url: string) => Promise<string>;

/** Options of {@link registerDeployedWorkflows}. */
export interface RegisterDeployedOptions {
  /** The account, region and partition of the state machines' and functions' ARNs. */
  readonly account: Account;
  /** @default a GetObject with an S3 client built from the standard SDK configuration */
  readonly read?: ReadObject;
}

/** One state machine's outcome: registered now, or already registered by this deployment. */
export interface DeployedRegistration {
  readonly stateMachineArn: string;
  readonly definitionHash: string;
  readonly registered: boolean;
}

/**
 * Registers each deployed workflow the table has not seen in this deployment (see the module
 * comment); the others cost one read of their document and one of their state machine.
 */
export async function registerDeployedWorkflows(
  runtime: Runtime,
  deployed: DeployedWorkflows,
  options: RegisterDeployedOptions,
): Promise<DeployedRegistration[]> {
  const read = options.read ?? readS3Object();
  const { account } = options;
  return Promise.all(
    Object.entries(deployed.workflows).map(async ([name, url]) => {
      const document = parseDocument(await read(url), url);
      const definition = resolveDefinition(document, deployed.functions, account);
      const type = document.type ?? 'STANDARD';
      const deployment = definitionHash(
        JSON.stringify({
          definition,
          type,
          quotas: document.quotas ?? {},
          ...(document.retentionSeconds === undefined ? {} : { retentionSeconds: document.retentionSeconds }),
        }),
      );
      const stateMachineArn = `arn:${account.partition ?? 'aws'}:states:${account.region}:${account.accountId}:stateMachine:${name}`;
      const existing = await runtime.deps.store.getStateMachine(stateMachineArn);
      if (existing !== undefined && existing.deployment === deployment) {
        return { stateMachineArn, definitionHash: existing.definitionHash, registered: false };
      }
      const registered = await registerStateMachine(runtime, {
        stateMachineArn,
        definition,
        type,
        quotas: document.quotas,
        ...(document.retentionSeconds === undefined ? {} : { retentionSeconds: document.retentionSeconds }),
        deployment,
      });
      return { stateMachineArn, definitionHash: registered.definitionHash, registered: true };
    }),
  );
}

/**
 * The account, region and partition a Lambda function runs in, read from the ARN it was invoked by
 * (`context.invokedFunctionArn`).
 *
 * @example accountOfFunction('arn:aws:lambda:eu-west-1:123456789012:function:api') // { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' }
 */
export function accountOfFunction(
  invokedFunctionArn: string,
  defaultRegion = process.env.AWS_REGION ?? 'us-east-1',
): Account {
  const [, partition = 'aws', , region = defaultRegion, accountId = ''] = invokedFunctionArn.split(':');
  return { partition, region, accountId };
}

/**
 * Registration once per process: the API and worker functions call the result before each request or
 * batch (the worker, so that a workflow added by a deployment can be started by a `states:startExecution`
 * task before the API has answered anyone); the first
 * call registers (see {@link registerDeployedWorkflows}) and later calls wait for it or return at
 * once. A failure is thrown to that request and the next request tries again.
 *
 * @returns `undefined` when the environment names no deployed workflows
 */
export function deployedWorkflowsRegistrar(
  runtime: Runtime,
  env: Readonly<Record<string, string | undefined>> = process.env,
  read?: ReadObject,
): ((account: Account) => Promise<void>) | undefined {
  const deployed = deployedWorkflowsFromEnv(env);
  if (deployed === undefined) return undefined;
  let done: Promise<void> | undefined;
  return (account) => {
    done ??= registerDeployedWorkflows(runtime, deployed, { account, read }).then(
      () => undefined,
      (error: unknown) => {
        done = undefined;
        throw error;
      },
    );
    return done;
  };
}

function parseDocument(text: string, url: string): WorkflowDocument {
  let value: Partial<WorkflowDocument>;
  try {
    value = JSON.parse(text) as Partial<WorkflowDocument>;
  } catch {
    throw new ConfigurationError(`the workflow document ${url} is not JSON`);
  }
  if (typeof value?.definition !== 'string' || typeof value.functions !== 'object' || value.functions === null) {
    throw new ConfigurationError(`the workflow document ${url} has no definition text or no functions`);
  }
  return value as WorkflowDocument;
}

/**
 * Reads `s3://<bucket>/<key>` with an S3 client from the standard SDK configuration; by path, not by
 * host name, when the configuration names an endpoint (an emulator: LocalStack, moto).
 */
function readS3Object(env: Readonly<Record<string, string | undefined>> = process.env): ReadObject {
  const emulated = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const client = new S3Client(emulated ? { forcePathStyle: true } : {});
  return async (url) => {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
    if (match === null) throw new ConfigurationError(`'${url}' is not an s3://<bucket>/<key> URL`);
    const reply = await client.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    if (reply.Body === undefined) throw new ConfigurationError(`${url} has no content`);
    return reply.Body.transformToString();
  };
}
