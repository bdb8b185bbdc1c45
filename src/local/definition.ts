/**
 * Loading a definition for the embedded engine: JSON text or an object, `${Name}` placeholders
 * substituted as CloudFormation's `DefinitionSubstitutions` would, then validated into the model.
 */
import type { StateMachine } from '../asl/model/index.js';
import { InvalidDefinitionError, parseDefinition } from '../asl/validate/index.js';

/** How `${Name}` placeholders resolve. */
export interface SubstitutionOptions {
  /** Explicit values by placeholder name. */
  readonly substitutions?: Readonly<Record<string, string>> | undefined;
  readonly region: string;
  readonly accountId: string;
}

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_-]*)\}/g;

/**
 * Replaces `${Name}` in every string of the definition: with `substitutions[Name]` when given, else
 * with the ARN of a Lambda function called `Name` — so `"Resource": "${ChargeCard}"` runs the task
 * handler registered as `ChargeCard`.
 */
export function substitute(value: unknown, options: SubstitutionOptions): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(
      PLACEHOLDER,
      (_match, name: string) =>
        options.substitutions?.[name] ?? `arn:aws:lambda:${options.region}:${options.accountId}:function:${name}`,
    );
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, options));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, options)]));
  }
  return value;
}

/**
 * Parses, substitutes and validates a definition; throws `InvalidDefinitionError` listing every
 * problem. Returns the substituted definition as JSON text (what a state machine stores) and its model.
 */
export function loadDefinition(
  definition: StateMachine | object | string,
  options: SubstitutionOptions,
): { text: string; model: StateMachine } {
  let value: unknown = definition;
  if (typeof definition === 'string') {
    try {
      value = JSON.parse(definition);
    } catch {
      // Not JSON: let validation report where.
      return { text: definition, model: parseDefinition(definition) };
    }
    // Validate the text as written first, so that diagnostics carry its lines and columns.
    parseDefinition(definition);
  }
  const text = JSON.stringify(substitute(value, options));
  return { text, model: parseDefinition(text) };
}

export { InvalidDefinitionError };
