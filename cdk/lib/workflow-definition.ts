/**
 * A workflow's definition as the `Workflow` construct takes it (a JSON or YAML file or text, or an
 * object), and what synth reads from it: the diagnostics `stepstone validate` reports, the `${Name}`
 * placeholders, and the Lambda functions its Task states invoke.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolverOf, type SubstitutionValue, substituteValue } from '../../src/asl/placeholders.js';
import { readDefinitionSource } from '../../src/asl/validate/definition-source.js';
import { type Diagnostic, formatDiagnostic, isError, type ValidationResult } from '../../src/asl/validate/index.js';
import { validateWorkflowDefinition } from '../../src/integrations/resource-rule.js';

/** A `DefinitionSubstitutions`-style placeholder: `${Name}`. */
const PLACEHOLDER = /\$\{([^}\s]+)\}/g;

/** Resources that invoke the function named in `Parameters.FunctionName` / `Arguments.FunctionName`. */
const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

/**
 * An ASL definition: where it comes from and its content.
 *
 * @example
 * WorkflowDefinition.fromFile('definitions/order-saga.asl.json');
 * WorkflowDefinition.fromObject({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
 */
export class WorkflowDefinition {
  /**
   * A definition file — JSON (`.asl.json`) or YAML (`.asl.yaml`, `.asl.yml`) — relative to the
   * working directory or absolute. Read at synth.
   */
  public static fromFile(path: string): WorkflowDefinition {
    const absolute = resolve(path);
    return new WorkflowDefinition(readFileSync(absolute, 'utf8'), path);
  }

  /** A definition as JSON or YAML text. */
  public static fromString(text: string): WorkflowDefinition {
    return new WorkflowDefinition(text, '<definition>');
  }

  /** A definition as an object (as `JSON.parse` would return it). */
  public static fromObject(definition: object): WorkflowDefinition {
    return new WorkflowDefinition(definition, '<definition>');
  }

  private constructor(
    /** The text (diagnostics then carry line and column) or the object. */
    public readonly content: string | object,
    /** The file it came from, or `<definition>`: how diagnostics name it. */
    public readonly source: string,
  ) {}

  /**
   * Validates as `stepstone validate` does (`--strict` with `strict`), with the placeholders that
   * have a value in `values` substituted as CloudFormation does (in the text: `Seconds: ${Timeout}`
   * with `Timeout: 60` is a number). Returns one line per error, formatted as that command prints it
   * (`<source>:<line>:<column>  State 'X' › Field: message [CODE]`); empty when valid.
   */
  public problems(
    values: Readonly<Record<string, SubstitutionValue>> = {},
    options: { readonly strict?: boolean } = {},
  ): string[] {
    const result = this.validate(values, options.strict === true);
    return result.ok ? [] : this.lines(result.diagnostics.filter(isError));
  }

  /** What `stepstone validate` warns of (a Task resource Stepstone cannot run), one line each. */
  public warnings(values: Readonly<Record<string, SubstitutionValue>> = {}): string[] {
    return this.lines(this.validate(values, false).diagnostics.filter((d) => !isError(d)));
  }

  private validate(values: Readonly<Record<string, SubstitutionValue>>, strict: boolean): ValidationResult {
    const resolve = resolverOf(values);
    return typeof this.content === 'string'
      ? validateWorkflowDefinition(this.content, { resolve, strict })
      : validateWorkflowDefinition(substituteValue(this.content, resolve), { strict });
  }

  private lines(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map((d) => `${this.source}:${formatDiagnostic(d)}`);
  }

  /**
   * The definition as a value, with the placeholders that have a value in `values` substituted (the
   * others left as `${Name}` strings); undefined when the text is neither JSON nor YAML.
   */
  public parsed(values: Readonly<Record<string, SubstitutionValue>> = {}): unknown {
    const resolve = resolverOf(values);
    if (typeof this.content !== 'string') return substituteValue(this.content, resolve);
    const read = readDefinitionSource(this.content, resolve);
    return read.ok ? read.source.value : undefined;
  }
}

/** What the Task states of a definition invoke. */
export interface LambdaTargets {
  /** Placeholders in a function position (`Resource`, or `FunctionName` of `lambda:invoke`). */
  readonly placeholders: ReadonlySet<string>;
  /** Function names or ARNs written out literally in a function position. */
  readonly literals: ReadonlySet<string>;
  /** States whose function is chosen at run time (`FunctionName.$`, a JSONata expression). */
  readonly dynamic: readonly string[];
}

/** Every `${Name}` placeholder anywhere in the definition. */
export function placeholdersOf(definition: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1]!);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(key);
        visit(child);
      }
    }
  };
  visit(definition);
  return names;
}

/** The Lambda functions the definition's Task states invoke, at any depth (Parallel branches, Map). */
export function lambdaTargetsOf(definition: unknown): LambdaTargets {
  const placeholders = new Set<string>();
  const literals = new Set<string>();
  const dynamic: string[] = [];
  const target = (state: string, value: unknown): void => {
    if (typeof value !== 'string' || value.startsWith('{%')) {
      dynamic.push(state);
      return;
    }
    const named = [...value.matchAll(PLACEHOLDER)].map((match) => match[1]!);
    if (named.length > 0) for (const name of named) placeholders.add(name);
    else literals.add(value);
  };
  forEachState(definition, (name, state) => {
    if (state.Type !== 'Task' || typeof state.Resource !== 'string') return;
    if (LAMBDA_INVOKE.test(state.Resource)) {
      const args = isObject(state.Parameters) ? state.Parameters : isObject(state.Arguments) ? state.Arguments : {};
      if (Object.hasOwn(args, 'FunctionName')) target(name, args.FunctionName);
      else dynamic.push(name);
    } else if (state.Resource.includes('${') || /^arn:[^:]+:lambda:/.test(state.Resource)) {
      target(name, state.Resource);
    }
  });
  return { placeholders, literals, dynamic };
}

/** Calls `visit` for every state, including those of Parallel branches and Map item processors. */
function forEachState(machine: unknown, visit: (name: string, state: Record<string, unknown>) => void): void {
  if (!isObject(machine) || !isObject(machine.States)) return;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isObject(state)) continue;
    visit(name, state);
    if (Array.isArray(state.Branches)) for (const branch of state.Branches) forEachState(branch, visit);
    forEachState(state.ItemProcessor, visit);
    forEachState(state.Iterator, visit);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
