/**
 * What runs a Task resource, or why nothing does: one reading of the integration tables (table.ts),
 * shared by the {@link IntegrationInvoker}, which dispatches on it, and by validation
 * (resource-rule.ts), which reports at `stepstone validate`, `loadWorkflow` and `cdk synth` what the
 * invoker would refuse at run time — so that the two can never disagree.
 *
 * @see docs/integrations.md ("Errors") and docs/validation.md (`UNSUPPORTED_RESOURCE`)
 */
import type { TaskInvocation } from '../engine/types.js';
import type { IntegrationPattern, ServiceIntegration, SyncJob } from './integration.js';
import { AWS_SDK_PATTERNS, LAMBDA_INTEGRATIONS, OPTIMISED_INTEGRATIONS, SYNC_JOBS } from './table.js';

/** What runs a supported resource. */
export type ResourceRunner =
  | { readonly kind: 'lambda' }
  | { readonly kind: 'activity' }
  | { readonly kind: 'aws-sdk'; readonly service: string; readonly action: string }
  | { readonly kind: 'optimised'; readonly integration: ServiceIntegration }
  | { readonly kind: 'sync'; readonly job: SyncJob; readonly variant: 'sync' | 'sync:2' };

/** Whether Stepstone runs a resource: what runs it, or what is unsupported (a sentence). */
export type ResourceSupport =
  | { readonly supported: true; readonly runner: ResourceRunner }
  | {
      readonly supported: false;
      /** The cause of the `States.Runtime` failure: `The resource '…' is not supported: <detail>`. */
      readonly reason: string;
      /** What is unsupported, without the resource: `Stepstone runs no .sync job for glue:startJobRun`. */
      readonly detail: string;
    };

/** Options of {@link resourceSupport}. */
export interface ResourceSupportOptions {
  /** Whether activities run (an activity invoker was given). @default false */
  readonly activities?: boolean;
}

/** How each pattern is written in a resource. */
export const PATTERN_SUFFIX: Readonly<Record<IntegrationPattern, string>> = {
  RESPONSE: 'request-response',
  SYNC: '.sync',
  WAIT_FOR_TASK_TOKEN: '.waitForTaskToken',
};

/** The task fields support depends on: the engine's classification of the resource (`classifyResource`). */
export type ResourceTask = Pick<TaskInvocation, 'resource' | 'integration' | 'pattern'>;

function no(task: ResourceTask, detail: string): ResourceSupport {
  return { supported: false, reason: `The resource '${task.resource}' is not supported: ${detail}`, detail };
}

function patterns(list: readonly IntegrationPattern[]): string {
  return list.map((p) => PATTERN_SUFFIX[p]).join(' and ');
}

/**
 * Whether Stepstone runs `task`'s resource, and with what. Unsupported: an unknown service or action,
 * a pattern the integration lacks, a `.sync` with no job in `SYNC_JOBS`, an activity without an
 * activity invoker. An `aws-sdk` resource is supported here whatever its service: whether its client
 * package exists is known only by loading it (`sdkCommandOf`).
 *
 * @example
 * resourceSupport({ resource: 'arn:aws:states:::dynamodb:scan', integration: 'dynamodb:scan', pattern: 'RESPONSE' });
 * // { supported: false, reason: "The resource '…' is not supported: the dynamodb integration has no action 'scan' (…)" }
 */
export function resourceSupport(task: ResourceTask, options: ResourceSupportOptions = {}): ResourceSupport {
  const { integration, pattern } = task;
  if (integration === 'lambda' || integration === 'lambda:invoke') {
    const entry = integration === 'lambda' ? LAMBDA_INTEGRATIONS.function : LAMBDA_INTEGRATIONS.invoke;
    if (!(entry.patterns as readonly IntegrationPattern[]).includes(pattern)) {
      return no(task, `lambda:invoke supports ${patterns(entry.patterns)}, not ${PATTERN_SUFFIX[pattern]}`);
    }
    return { supported: true, runner: { kind: 'lambda' } };
  }
  if (integration === 'activity') {
    if (options.activities === true) return { supported: true, runner: { kind: 'activity' } };
    return {
      supported: false,
      reason: `The resource '${task.resource}' is an activity, and Stepstone runs no activity workers yet`,
      detail: 'it is an activity, and Stepstone runs no activity workers yet',
    };
  }
  const sdk = /^aws-sdk:([^:]+):(.+)$/.exec(integration);
  if (sdk !== null) {
    if (!(AWS_SDK_PATTERNS as readonly string[]).includes(pattern)) {
      return no(task, `aws-sdk integrations support ${patterns(AWS_SDK_PATTERNS)}, not ${PATTERN_SUFFIX[pattern]}`);
    }
    return { supported: true, runner: { kind: 'aws-sdk', service: sdk[1]!, action: sdk[2]! } };
  }
  if (pattern === 'SYNC') {
    const variant = task.resource.endsWith('.sync:2') ? 'sync:2' : 'sync';
    const job = SYNC_JOBS.get(integration);
    if (job === undefined) return no(task, `Stepstone runs no .sync job for ${integration}`);
    if (!job.variants.includes(variant)) {
      return no(task, `${integration} runs as ${job.variants.map((v) => `.${v}`).join(' and ')}, not .${variant}`);
    }
    return { supported: true, runner: { kind: 'sync', job, variant } };
  }
  const found = OPTIMISED_INTEGRATIONS.get(integration);
  if (found === undefined) {
    const service = integration.split(':')[0] ?? '';
    const known = [
      ...(service === 'lambda' ? ['lambda:invoke'] : []),
      ...[...OPTIMISED_INTEGRATIONS.keys()].filter((name) => name.startsWith(`${service}:`)),
    ];
    return no(
      task,
      known.length > 0
        ? `the ${service} integration has no action '${integration.slice(service.length + 1)}' (Stepstone runs ${known.join(', ')}; any other action through arn:aws:states:::aws-sdk:${service}:<action>)`
        : `Stepstone has no optimised integration for the service '${service}' (supported: lambda, ${[...new Set([...OPTIMISED_INTEGRATIONS.keys()].map((n) => n.split(':')[0]))].join(', ')}; other services through arn:aws:states:::aws-sdk:<service>:<action>)`,
    );
  }
  if (!found.patterns.includes(pattern)) {
    return no(task, `${found.name} supports ${patterns(found.patterns)}, not ${PATTERN_SUFFIX[pattern]}`);
  }
  return { supported: true, runner: { kind: 'optimised', integration: found } };
}
