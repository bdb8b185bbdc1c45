/**
 * Evaluation of JSONPath Choice rules, with Step Functions' semantics:
 *
 * - a comparison whose value has the wrong type is simply false (`NumericEquals` on a string, a
 *   `Timestamp*` test on a string that is not a timestamp);
 * - `IsPresent` tests whether `Variable` selects anything; every other test on a `Variable` that
 *   selects nothing — and every `…Path` operand that selects nothing — fails the state with
 *   `States.Runtime`;
 * - strings order by UTF-16 code units (Java's `String.compareTo`), numbers by value (`1` equals
 *   `1.0`), timestamps as instants to the nanosecond;
 * - `And` and `Or` stop at the first rule that decides them.
 *
 * @see https://states-language.net/spec.html#choice-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
import { StatesError, StatesErrors } from '../../asl/errors.js';
import { NOT_FOUND } from '../../asl/jsonpath/evaluate.js';
import { lookupPathExpression, type PathScope, resolvePathExpression } from '../../asl/jsonpath/scope.js';
import type {
  ChoiceCondition,
  ChoiceDataTest,
  ChoiceOperator,
  JsonPathChoiceRule,
  TypeTestOperator,
} from '../../asl/model/choice-rule.js';
import { splitStringMatchesPattern } from '../../asl/model/choice-rule.js';
import { compareInstants, type Instant, isTimestamp, parseInstant } from '../../asl/timestamp.js';
import { matchesStringPattern } from './string-matches.js';

/**
 * The cause AWS reports when a Choice rule's `Variable` (or a `…Path` operand) selects nothing. The
 * state pipeline prefixes it with "An error occurred while executing the state '…' (entered at the
 * event id #…). ", as for every runtime error.
 *
 * @example
 * invalidChoicePathCause('$.type'); // "Invalid path '$.type': The choice state's condition path references an invalid value."
 */
export function invalidChoicePathCause(path: string): string {
  return `Invalid path '${path}': The choice state's condition path references an invalid value.`;
}

/**
 * Evaluates a JSONPath Choice rule (a top-level rule or a nested condition) against the state's
 * effective input, the Context object and the workflow variables.
 *
 * @throws StatesError `States.Runtime` when a path the rule needs selects nothing (see module doc).
 * @example
 * const rule = JsonPathChoiceRuleSchema.parse({ Variable: '$.value', NumericLessThan: 30, Next: 'Low' });
 * evaluateChoiceRule(rule, { input: { value: 22 }, context: {}, variables: {} }); // true
 */
export function evaluateChoiceRule(rule: ChoiceCondition | JsonPathChoiceRule, scope: PathScope): boolean {
  return evaluateCondition('condition' in rule ? rule.condition : rule, scope);
}

function evaluateCondition(condition: ChoiceCondition, scope: PathScope): boolean {
  switch (condition.kind) {
    case 'and':
      for (const rule of condition.rules) if (!evaluateCondition(rule, scope)) return false;
      return true;
    case 'or':
      for (const rule of condition.rules) if (evaluateCondition(rule, scope)) return true;
      return false;
    case 'not':
      return !evaluateCondition(condition.rule, scope);
    case 'test':
      return evaluateDataTest(condition, scope);
    default: {
      const unexpected: never = condition;
      throw new Error(`unknown Choice condition ${JSON.stringify(unexpected)}`);
    }
  }
}

function resolveOrFail(path: string, scope: PathScope): unknown {
  const value = lookupPathExpression(path, scope);
  if (value === NOT_FOUND) throw new StatesError(StatesErrors.Runtime, invalidChoicePathCause(path));
  return value;
}

function evaluateDataTest(test: ChoiceDataTest, scope: PathScope): boolean {
  if (test.operator === 'IsPresent') {
    return resolvePathExpression(test.variable, scope).found === test.operand;
  }
  const value = resolveOrFail(test.variable, scope);
  const operand =
    test.operandIsPath && typeof test.operand === 'string' ? resolveOrFail(test.operand, scope) : test.operand;
  switch (test.operator) {
    case 'IsNull':
    case 'IsNumeric':
    case 'IsString':
    case 'IsBoolean':
    case 'IsTimestamp':
      return typeTest(test.operator, value) === operand;
    case 'StringEquals':
      return typeof value === 'string' && typeof operand === 'string' && value === operand;
    case 'StringLessThan':
    case 'StringGreaterThan':
    case 'StringLessThanEquals':
    case 'StringGreaterThanEquals':
      return typeof value === 'string' && typeof operand === 'string' && holds(test.operator, order(value, operand));
    case 'StringMatches':
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      return matchesStringPattern(value, test.pattern ?? splitStringMatchesPattern(operand));
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericGreaterThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThanEquals':
      return typeof value === 'number' && typeof operand === 'number' && holds(test.operator, order(value, operand));
    case 'BooleanEquals':
      return typeof value === 'boolean' && typeof operand === 'boolean' && value === operand;
    case 'TimestampEquals':
    case 'TimestampLessThan':
    case 'TimestampGreaterThan':
    case 'TimestampLessThanEquals':
    case 'TimestampGreaterThanEquals': {
      const left = typeof value === 'string' ? parseInstant(value) : undefined;
      const right = operandInstant(test, operand);
      return left !== undefined && right !== undefined && holds(test.operator, compareInstants(left, right));
    }
    default: {
      const unexpected: never = test.operator;
      throw new Error(`unknown Choice operator ${String(unexpected)}`);
    }
  }
}

function operandInstant(test: ChoiceDataTest, operand: unknown): Instant | undefined {
  if (!test.operandIsPath && test.instant !== undefined) return test.instant;
  return typeof operand === 'string' ? parseInstant(operand) : undefined;
}

function typeTest(operator: Exclude<TypeTestOperator, 'IsPresent'>, value: unknown): boolean {
  switch (operator) {
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    case 'IsTimestamp':
      return isTimestamp(value);
    default: {
      const unexpected: never = operator;
      throw new Error(`unknown type test ${String(unexpected)}`);
    }
  }
}

/** -1, 0 or 1. For strings, `<` compares UTF-16 code units, exactly as Java's `compareTo`. */
function order<T extends string | number>(left: T, right: T): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Whether an ordering satisfies the operator's relation (by its name's ending). */
function holds(operator: ChoiceOperator, ordering: number): boolean {
  if (operator.endsWith('LessThanEquals')) return ordering <= 0;
  if (operator.endsWith('GreaterThanEquals')) return ordering >= 0;
  if (operator.endsWith('LessThan')) return ordering < 0;
  if (operator.endsWith('GreaterThan')) return ordering > 0;
  return ordering === 0;
}
