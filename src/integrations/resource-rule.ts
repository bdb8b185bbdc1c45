/**
 * Validation rule `unsupported-resources`: a Task whose `Resource` Stepstone cannot run — an unknown
 * service or action, a pattern its integration lacks, a `.sync` job Stepstone does not run, an
 * activity, an `aws-sdk` service with no AWS SDK client package — is reported as a warning
 * (`UNSUPPORTED_RESOURCE`; an error with `strict`), naming the state and the resource. It reads the
 * same table the invoker dispatches on (`resourceSupport`), so it warns of exactly what would fail
 * with `States.Runtime` at run time.
 *
 * The rule lives here, not in `src/asl/validate`, because the definition model cannot see the
 * integration table: `validateDefinition` runs it as one of its `rules`.
 *
 * @see docs/validation.md (`UNSUPPORTED_RESOURCE`)
 */
import {
  describeState,
  type Rule,
  type ValidateOptions,
  type ValidationResult,
  validateDefinition,
} from '../asl/validate/index.js';
import { classifyResource } from '../engine/states/task.js';
import { sdkCommandOf } from './aws-sdk.js';
import { AwsClients } from './clients.js';
import { isKnownSdkService, sdkPackageOf } from './sdk-packages.js';
import { resourceSupport } from './support.js';

/** The diagnostic code of this rule (docs/validation.md). */
export const UNSUPPORTED_RESOURCE = 'UNSUPPORTED_RESOURCE';

/** Loads SDK client packages for the `aws-sdk` checks (once each). */
const packages = new AwsClients();

/** Why Stepstone cannot run `resource`, or undefined when it can. */
export function unsupportedResourceDetail(resource: string): string | undefined {
  const kind = classifyResource(resource);
  const support = resourceSupport({ resource, integration: kind.integration, pattern: kind.pattern });
  if (!support.supported) return support.detail;
  if (support.runner.kind !== 'aws-sdk') return undefined;
  const { service, action } = support.runner;
  const found = sdkCommandOf((name) => packages.module(name), service, action);
  if (found.ok) return undefined;
  if (!found.missingPackage) return `it ${found.problem}`;
  // Not installed here: a service the SDK has runs on Lambda, whose runtime ships every client.
  if (isKnownSdkService(service)) return undefined;
  return `the AWS SDK has no service '${service}' (no package ${sdkPackageOf(service)}); Step Functions spells a service as its SDK module, e.g. 'sfn', 'secretsmanager', 'elasticloadbalancingv2'`;
}

/** The rule (see the module comment). */
export const unsupportedResources: Rule = {
  name: 'unsupported-resources',
  check(context) {
    for (const state of context.tree.states) {
      const resource = state.value.Resource;
      // A placeholder is bound when the definition is deployed or run: its value is judged then.
      if (state.type !== 'Task' || typeof resource !== 'string' || resource.includes('${')) continue;
      const detail = unsupportedResourceDetail(resource);
      if (detail === undefined) continue;
      context.report({
        code: UNSUPPORTED_RESOURCE,
        severity: 'warning',
        message: `Resource of ${describeState(state)} is '${resource}', which Stepstone cannot run: ${detail}`,
        path: [...state.path, 'Resource'],
        state,
        field: 'Resource',
      });
    }
  },
};

/**
 * Validates a definition as Step Functions does and, beyond that, reports the Task resources
 * Stepstone cannot run (warnings; errors with `strict`): what `stepstone validate`, `loadWorkflow` and
 * the CDK `Workflow` construct check.
 *
 * @example
 * const result = validateWorkflowDefinition(text, { strict: true });
 * if (!result.ok) for (const d of result.diagnostics) console.log(formatDiagnostic(d));
 */
export function validateWorkflowDefinition(
  source: string | unknown,
  options: Omit<ValidateOptions, 'rules'> = {},
): ValidationResult {
  return validateDefinition(source, { ...options, rules: [unsupportedResources] });
}
