/**
 * Loading a definition for the embedded engine: JSON or YAML text, or an object, its `${Name}`
 * placeholders substituted as CloudFormation's `DefinitionSubstitutions` would (in the text, before
 * it is read: see `asl/placeholders.ts`), then validated into the model.
 */
import type { StateMachine } from '../asl/model/index.js';
import { type PlaceholderResolver, resolverOf, type SubstitutionValue, substituteValue } from '../asl/placeholders.js';
import { readDefinitionSource } from '../asl/validate/definition-source.js';
import { InvalidDefinitionError, parseDefinition, validateDefinition } from '../asl/validate/index.js';

/** How `${Name}` placeholders resolve. */
export interface SubstitutionOptions {
  /** Explicit values by placeholder name: strings, numbers or booleans, as CloudFormation takes them. */
  readonly substitutions?: Readonly<Record<string, SubstitutionValue>> | undefined;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Each placeholder's text: `substitutions[Name]` when given, else the ARN of a Lambda function called
 * `Name` — so `"Resource": "${ChargeCard}"` runs the task handler registered as `ChargeCard`.
 */
export function placeholderResolver(options: SubstitutionOptions): PlaceholderResolver {
  return resolverOf(
    options.substitutions,
    (name) => `arn:aws:lambda:${options.region}:${options.accountId}:function:${name}`,
  );
}

/** Replaces `${Name}` in every string of a definition object (see {@link placeholderResolver}). */
export function substitute(value: unknown, options: SubstitutionOptions): unknown {
  return substituteValue(value, placeholderResolver(options));
}

/**
 * Reads, substitutes and validates a definition; throws `InvalidDefinitionError` listing every
 * problem (with lines and columns of the text as written). Returns the substituted definition as
 * JSON text (what a state machine stores) and its model.
 */
export function loadDefinition(
  definition: StateMachine | object | string,
  options: SubstitutionOptions,
): { text: string; model: StateMachine } {
  if (typeof definition !== 'string') {
    const text = JSON.stringify(substitute(definition, options));
    return { text, model: parseDefinition(text) };
  }
  const resolve = placeholderResolver(options);
  const result = validateDefinition(definition, { resolve });
  if (!result.ok) throw new InvalidDefinitionError(result.diagnostics);
  const read = readDefinitionSource(definition, resolve);
  if (!read.ok) throw new Error('a definition that validated could not be read again');
  const text = JSON.stringify(read.source.value);
  return { text, model: parseDefinition(text) };
}

export { InvalidDefinitionError };
