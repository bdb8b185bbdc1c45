/**
 * Parsing JSONata expressions once: a bounded cache of compiled expressions, shared by every
 * evaluation (the interpreter evaluates the same `{% %}` strings over and over), and the parse
 * check that validation uses.
 *
 * AWS parses every expression when a definition is created and refuses one that does not parse:
 * `INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/Main/Output` (measured by
 * the Floci project): the parser's message, without JSONata's error code.
 */

import jsonata from 'jsonata';
import { jsonataBodyOrText } from './expression.js';
import { type EvaluationBudget, JSONATA_EVALUATION_KEY, type JsonataFrame } from './limits.js';

/** A parse failure: JSONata's code, message and the character offset where parsing stopped. */
export interface JsonataSyntaxError {
  /** e.g. `S0203`. */
  readonly code: string;
  /** e.g. `Expected "]" before end of expression`. */
  readonly message: string;
  /** Character offset in the expression body (without the `{% %}` delimiters). */
  readonly position: number;
  /** The token at which parsing stopped, when the parser names one. */
  readonly token: string | undefined;
}

/** A compiled expression, or why it does not compile. */
export type CompiledJsonata =
  | { readonly ok: true; readonly expression: jsonata.Expression }
  | { readonly ok: false; readonly error: JsonataSyntaxError };

/** How many compiled expressions the cache keeps before forgetting the least recently used. */
export const JSONATA_CACHE_SIZE = 2_000;

const cache = new Map<string, CompiledJsonata>();

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');

function budgetOf(frame: JsonataFrame): EvaluationBudget | undefined {
  return frame.lookup(JSONATA_EVALUATION_KEY) as EvaluationBudget | undefined;
}

function onEntry(_node: unknown, _input: unknown, frame: JsonataFrame): void {
  budgetOf(frame)?.enter(frame);
}

function onExit(_node: unknown, _input: unknown, frame: JsonataFrame, result: unknown): void {
  budgetOf(frame)?.exit(result);
}

function toSyntaxError(err: unknown): JsonataSyntaxError {
  const record = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  return {
    code: typeof record.code === 'string' ? record.code : 'S0000',
    message: typeof record.message === 'string' ? record.message : String(err),
    position: typeof record.position === 'number' ? record.position : 0,
    token: typeof record.token === 'string' ? record.token : undefined,
  };
}

function compileUncached(body: string): CompiledJsonata {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(body);
  } catch (err) {
    return { ok: false, error: toSyntaxError(err) };
  }
  // The hooks find each evaluation's budget through a binding, so one compiled expression serves
  // concurrent evaluations.
  const assign = expression.assign as (this: jsonata.Expression, name: string | symbol, value: unknown) => void;
  assign.call(expression, ENTRY_HOOK, onEntry);
  assign.call(expression, EXIT_HOOK, onExit);
  return { ok: true, expression };
}

/**
 * The compiled form of an expression body (no delimiters), from the cache when it was seen before.
 *
 * @example
 * const compiled = compileJsonata('$states.input.a');
 * if (compiled.ok) await compiled.expression.evaluate(undefined, { states: { input: { a: 1 } } });
 */
export function compileJsonata(body: string): CompiledJsonata {
  const cached = cache.get(body);
  if (cached !== undefined) {
    cache.delete(body);
    cache.set(body, cached);
    return cached;
  }
  const compiled = compileUncached(body);
  cache.set(body, compiled);
  if (cache.size > JSONATA_CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return compiled;
}

/**
 * The parse failure of an expression, with its position, or `undefined` when it parses.
 * Accepts `{% … %}` text or a bare body.
 *
 * @example
 * diagnoseJsonata('{% [1, 2 %}'); // { code: 'S0203', message: 'Expected "]" before end of expression', position: 4, token: '(end)' }
 */
export function diagnoseJsonata(text: string): JsonataSyntaxError | undefined {
  const compiled = compileJsonata(jsonataBodyOrText(text));
  return compiled.ok ? undefined : compiled.error;
}

/**
 * Parse check for validation: `undefined` when the expression parses, else the parser's message
 * as AWS reports it after `INVALID_JSONATA_EXPRESSION: ` (no JSONata code; the position is in
 * {@link diagnoseJsonata}). Accepts `{% … %}` text or a bare body.
 *
 * @example
 * checkJsonata('{% $states.input %}'); // undefined
 * checkJsonata('{% 1 + %}'); // 'Unexpected end of expression'
 */
export function checkJsonata(text: string): string | undefined {
  return diagnoseJsonata(text)?.message;
}
