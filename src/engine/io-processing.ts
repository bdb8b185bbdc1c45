/**
 * Input and output processing, written once for every state: JSONPath (`InputPath`, `Parameters`,
 * `ResultSelector`, `ResultPath`, `OutputPath`, `Assign`) and JSONata (`Arguments`, `Output`,
 * `Assign`, `$states`).
 *
 * @see https://states-language.net/spec.html#filters
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import { StatesError, StatesErrors } from '../asl/errors.js';
import {
  evaluateJsonata,
  type JsonataBindings,
  type JsonataResultType,
  resolveJsonataTemplate,
} from '../asl/jsonata/index.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  pathNotFoundError,
  selectsWhole,
} from '../asl/jsonpath/index.js';
import { type PathScope, resolvePathExpression } from '../asl/jsonpath/scope.js';
import { resolvePayloadTemplate } from '../asl/payload-template.js';
import { keepShape } from './keep-shapes.js';
import type { Stepper } from './step.js';

/** Errors whose cause AWS prefixes with the state and the event id it was entered at. */
const STATE_SCOPED_ERRORS: ReadonlySet<string> = new Set([
  StatesErrors.Runtime,
  StatesErrors.QueryEvaluationError,
  StatesErrors.IntrinsicFailure,
]);

/**
 * Prefixes a runtime error's cause as AWS does:
 * `An error occurred while executing the state 'X' (entered at the event id #N). …`.
 */
export function withCause(error: StatesError, stateName: string, enteredEventId: number): StatesError {
  if (!STATE_SCOPED_ERRORS.has(error.error) || error.cause?.startsWith('An error occurred while executing the state')) {
    return error;
  }
  return new StatesError(
    error.error,
    `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${error.cause ?? ''}`,
  );
}

/**
 * A JSONPath scope whose Context object is built on first read: most states never read `$$`. A class,
 * so that the getter sits on the prototype (an object literal with a getter is slow to create).
 */
class LazyPathScope implements PathScope {
  private built: Record<string, unknown> | undefined;

  constructor(
    private readonly stepper: Stepper,
    readonly input: unknown,
    readonly variables: Readonly<Record<string, unknown>>,
  ) {}

  get context(): Record<string, unknown> {
    this.built ??= this.stepper.context();
    return this.built;
  }
}

keepShape(new LazyPathScope({} as Stepper, undefined, {}));

/** The JSONPath scope of the current state over `input`. */
export function pathScope(stepper: Stepper, input: unknown, context?: Record<string, unknown>): PathScope {
  if (context !== undefined) return { input, context, variables: stepper.frame.variables };
  return new LazyPathScope(stepper, input, stepper.frame.variables);
}

/** `$states` and variables for a JSONata expression of the current state. */
export function jsonataBindings(
  stepper: Stepper,
  states: { input: unknown; result?: unknown; errorOutput?: unknown; context?: Record<string, unknown> },
): JsonataBindings {
  const bound: { input: unknown; context: unknown; result?: unknown; errorOutput?: unknown } = {
    input: states.input,
    context: states.context ?? stepper.context(),
  };
  if ('result' in states) bound.result = states.result;
  if ('errorOutput' in states) bound.errorOutput = states.errorOutput;
  return { states: bound, variables: stepper.frame.variables };
}

/** The injected sources JSONata and intrinsics draw on. */
export function evalEnv(stepper: Stepper): { uuid(): string; random(): number; now(): number } {
  return stepper.env;
}

/** Where a JSONata expression of the current state sits, for AWS's error causes. */
function location(stepper: Stepper, field: string) {
  return { field, state: { name: stepper.frame.state, enteredEventId: stepper.frame.enteredEventId } };
}

/** Evaluates a JSONata template (`Output`, `Arguments`, `ItemSelector`, …) of the current state. */
export function jsonataTemplate(
  stepper: Stepper,
  template: unknown,
  bindings: JsonataBindings,
  field: string,
): Promise<unknown> {
  return resolveJsonataTemplate(template, bindings, evalEnv(stepper), location(stepper, field));
}

/** Evaluates one `{% … %}` field of the current state, checking the result's type. */
export function jsonataField(
  stepper: Stepper,
  expression: string,
  bindings: JsonataBindings,
  field: string,
  expect: JsonataResultType = 'any',
): Promise<unknown> {
  return evaluateJsonata(expression, bindings, evalEnv(stepper), { ...location(stepper, field), expect });
}

/** Evaluates the `Output` template of the current state. */
export function outputOf(stepper: Stepper, template: unknown, bindings: JsonataBindings): Promise<unknown> {
  return jsonataTemplate(stepper, template, bindings, 'Output');
}

/** `InputPath` applied to the state's raw input. */
export function effectiveInput(
  stepper: Stepper,
  state: { InputPath?: string | null | undefined },
  context?: Record<string, unknown>,
): unknown {
  // The common case needs no scope.
  if (selectsWhole(state.InputPath)) return stepper.frame.input;
  return applyInputPath(stepper.frame.input, state.InputPath, pathScope(stepper, stepper.frame.input, context));
}

/** A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`) over `input`. */
export function payloadOf(
  stepper: Stepper,
  template: unknown,
  input: unknown,
  field: string,
  context?: Record<string, unknown>,
): unknown {
  return resolvePayloadTemplate(template, pathScope(stepper, input, context), evalEnv(stepper), field);
}

/** `ResultPath`: where the result goes in the raw input. */
export function applyResultPathValue(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  return applyResultPath(input, result, resultPath);
}

/** `OutputPath` over the state's output. */
export function outputPathOf(stepper: Stepper, output: unknown, path: string | null | undefined): unknown {
  if (selectsWhole(path)) return output;
  return applyOutputPath(output, path, pathScope(stepper, output));
}

/**
 * Resolves a `…Path` field (`ItemsPath`, `SecondsPath`, `ErrorPath`, …) to its value; a path that
 * matches nothing raises `States.Runtime` as AWS words it for that field.
 */
export function fieldValue(
  stepper: Stepper,
  field: string,
  path: string,
  input: unknown,
  context?: Record<string, unknown>,
): unknown {
  const scope = pathScope(stepper, input, context);
  const result = resolvePathExpression(path, scope);
  if (!result.found) throw pathNotFoundError(field, path, scope);
  return result.value;
}

/**
 * Resolves a numeric `…Path` field (`MaxConcurrencyPath`, `ToleratedFailureCountPath`,
 * `ToleratedFailurePercentagePath`, `TimeoutSecondsPath`, `HeartbeatSecondsPath`) to its number. AWS
 * reads the value as Java parses a number, so a numeric string is accepted too; anything else fails
 * with AWS's wording (recorded: `The ToleratedFailurePercentagePath field refers to value "NoNumber"
 * which is not a valid float: $.ToleratedFailurePercentage`).
 *
 * @param field The field as written, e.g. `MaxConcurrencyPath`.
 * @param kind `int` for a count or a number of seconds, `float` for a percentage.
 * @throws StatesError `States.Runtime` when the path selects nothing (see {@link fieldValue}) or the
 *   value is not a number of that kind.
 */
export function numberAtPath(
  stepper: Stepper,
  field: string,
  path: string,
  input: unknown,
  kind: 'int' | 'float',
): number {
  const value = fieldValue(stepper, field, path, input);
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || (kind === 'int' && !Number.isInteger(number))) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    throw runtimeError(
      `The ${field} field refers to value "${text}" which is not a valid ${kind === 'int' ? 'integer' : 'float'}: ${path}`,
    );
  }
  return number;
}

/**
 * Evaluates a JSONata state's `Assign` to the variables it sets, from the values before the state.
 */
export async function assignJsonata(
  stepper: Stepper,
  assign: Readonly<Record<string, unknown>>,
  bindings: JsonataBindings,
): Promise<Record<string, unknown>> {
  return (await jsonataTemplate(stepper, assign, bindings, 'Assign')) as Record<string, unknown>;
}

/** Evaluates a JSONPath state's `Assign` to the variables it sets; `$` is `input`. */
export function assignJsonPath(
  stepper: Stepper,
  assign: Readonly<Record<string, unknown>>,
  input: unknown,
): Record<string, unknown> {
  return payloadOf(stepper, assign, input, 'Assign') as Record<string, unknown>;
}

/**
 * The end of a JSONPath state that produced `result`: `ResultSelector`, `Assign` (`$` is the result),
 * `ResultPath` into the raw input, then `OutputPath`.
 */
export function finishJsonPath(
  stepper: Stepper,
  result: unknown,
  fields: {
    ResultSelector?: unknown;
    ResultPath?: string | null | undefined;
    OutputPath?: string | null | undefined;
    Assign?: Readonly<Record<string, unknown>> | undefined;
  },
): { output: unknown; assigned: Record<string, unknown> | undefined } {
  const selected =
    fields.ResultSelector === undefined ? result : payloadOf(stepper, fields.ResultSelector, result, 'ResultSelector');
  const assigned = fields.Assign === undefined ? undefined : assignJsonPath(stepper, fields.Assign, selected);
  const combined = applyResultPathValue(stepper.frame.input, selected, fields.ResultPath);
  const output = outputPathOf(stepper, combined, fields.OutputPath);
  return { output, assigned };
}

/**
 * The end of a JSONata state: `Output` (default: `defaultOutput`) and `Assign`, both evaluated with
 * the variables as they were before the state.
 */
export async function finishJsonata(
  stepper: Stepper,
  bindings: JsonataBindings,
  fields: { Output?: unknown; Assign?: Readonly<Record<string, unknown>> | undefined },
  defaultOutput: unknown,
): Promise<{ output: unknown; assigned: Record<string, unknown> | undefined }> {
  const [output, assigned] = await Promise.all([
    fields.Output === undefined ? defaultOutput : outputOf(stepper, fields.Output, bindings),
    fields.Assign === undefined ? undefined : assignJsonata(stepper, fields.Assign, bindings),
  ]);
  return { output, assigned };
}

/** Raises `States.Runtime` with `message` as its cause. */
export function runtimeError(message: string): StatesError {
  return new StatesError(StatesErrors.Runtime, message);
}
