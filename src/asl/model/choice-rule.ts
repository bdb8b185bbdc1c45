/**
 * Choice rules, in both query languages, parsed into a normalised form the interpreter evaluates
 * without looking at raw JSON again.
 *
 * A JSONPath rule is either a data test — `Variable` plus exactly one comparison operator — or a
 * boolean expression — `And` / `Or` (non-empty arrays of rules) or `Not` (one rule). Only the
 * top-level rule carries `Next` (and optionally `Assign`); nested rules must not. A JSONata rule is
 * `{ Condition, Next, Assign?, Output?, Comment? }`.
 *
 * Validation reports each problem at the field that causes it (`Choices/0/And/1/NumericEquals`) with
 * a message a person can act on.
 *
 * @see https://states-language.net/spec.html#choice-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
import { z } from 'zod';
import { type Instant, parseInstant } from '../timestamp.js';
import { JSONATA_EXPRESSION } from './common.js';

/** String comparisons (UTF-16 code-unit order, as Java's `String.compareTo`). */
export const STRING_OPERATORS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringLessThanEquals',
  'StringGreaterThanEquals',
] as const;
/** Numeric comparisons. */
export const NUMERIC_OPERATORS = [
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
] as const;
/** Timestamp comparisons (as instants, whatever the offset). */
export const TIMESTAMP_OPERATORS = [
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
] as const;
/** Type tests: the operand is `true` (the test must hold) or `false` (it must not). */
export const TYPE_TEST_OPERATORS = [
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const;

/** A string comparison operator. */
export type StringOperator = (typeof STRING_OPERATORS)[number];
/** A numeric comparison operator. */
export type NumericOperator = (typeof NUMERIC_OPERATORS)[number];
/** A timestamp comparison operator. */
export type TimestampOperator = (typeof TIMESTAMP_OPERATORS)[number];
/** A type-test operator. */
export type TypeTestOperator = (typeof TYPE_TEST_OPERATORS)[number];
/** An operator that also has a `…Path` form, comparing with another value of the input. */
export type PathableOperator = StringOperator | NumericOperator | TimestampOperator | 'BooleanEquals';
/** Any comparison operator, without the `Path` suffix. */
export type ChoiceOperator = PathableOperator | 'StringMatches' | TypeTestOperator;
/** A comparison field as written in a rule, e.g. `NumericEquals` or `NumericEqualsPath`. */
export type ChoiceOperatorField = ChoiceOperator | `${PathableOperator}Path`;

const PATHABLE_OPERATORS: readonly PathableOperator[] = [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...TIMESTAMP_OPERATORS,
  'BooleanEquals',
];

/** Every comparison field a data-test rule may use (39 of them). */
export const CHOICE_OPERATOR_FIELDS: readonly ChoiceOperatorField[] = [
  ...PATHABLE_OPERATORS,
  ...PATHABLE_OPERATORS.map((operator): ChoiceOperatorField => `${operator}Path`),
  'StringMatches',
  ...TYPE_TEST_OPERATORS,
];

const OPERATOR_FIELD_SET: ReadonlySet<string> = new Set(CHOICE_OPERATOR_FIELDS);
const PATHABLE_SET: ReadonlySet<string> = new Set(PATHABLE_OPERATORS);
const STRING_SET: ReadonlySet<string> = new Set(STRING_OPERATORS);
const NUMERIC_SET: ReadonlySet<string> = new Set(NUMERIC_OPERATORS);
const TIMESTAMP_SET: ReadonlySet<string> = new Set(TIMESTAMP_OPERATORS);

/** True when `field` is one of the comparison fields, e.g. `StringEquals` or `NumericLessThanPath`. */
export function isChoiceOperatorField(field: string): field is ChoiceOperatorField {
  return OPERATOR_FIELD_SET.has(field);
}

/** A literal operand: a string, number or boolean, by operator. */
export type ChoiceOperand = string | number | boolean;

/**
 * A data test: compares the value at `variable` with an operand.
 *
 * @example
 * // { "Variable": "$.value", "NumericGreaterThanPath": "$.limit" } parses to
 * // { kind: 'test', variable: '$.value', operator: 'NumericGreaterThan', field: 'NumericGreaterThanPath',
 * //   operand: '$.limit', operandIsPath: true }
 */
export interface ChoiceDataTest {
  readonly kind: 'test';
  /** The reference path of the value under test (`$.x`, `$$.Execution.Input.x`, `$var.x`). */
  readonly variable: string;
  /** The comparison, without any `Path` suffix. */
  readonly operator: ChoiceOperator;
  /** The field as written in the definition, for diagnostics (`NumericEqualsPath`). */
  readonly field: ChoiceOperatorField;
  /** The literal to compare with, or the reference path of that value when `operandIsPath`. */
  readonly operand: ChoiceOperand;
  /** True for the `…Path` forms: `operand` is a reference path resolved at run time. */
  readonly operandIsPath: boolean;
  /** A literal `Timestamp*` operand, parsed once. */
  readonly instant?: Instant;
  /** A `StringMatches` pattern split at its unescaped `*` wildcards, escapes resolved. */
  readonly pattern?: readonly string[];
  readonly comment?: string;
}
/** `And`: every rule holds (evaluated in order, stopping at the first that does not). */
export interface ChoiceAnd {
  readonly kind: 'and';
  readonly rules: readonly ChoiceCondition[];
  readonly comment?: string;
}
/** `Or`: some rule holds (evaluated in order, stopping at the first that does). */
export interface ChoiceOr {
  readonly kind: 'or';
  readonly rules: readonly ChoiceCondition[];
  readonly comment?: string;
}
/** `Not`: the rule does not hold. */
export interface ChoiceNot {
  readonly kind: 'not';
  readonly rule: ChoiceCondition;
  readonly comment?: string;
}
/** A JSONPath Choice rule's condition, normalised. */
export type ChoiceCondition = ChoiceDataTest | ChoiceAnd | ChoiceOr | ChoiceNot;

/** A top-level JSONPath Choice rule: a condition and the state to go to when it holds. */
export interface JsonPathChoiceRule {
  readonly queryLanguage: 'JSONPath';
  readonly condition: ChoiceCondition;
  readonly Next: string;
  readonly Comment?: string;
  /** Variables to assign when this rule is taken (JSONPath templates, `name.$` keys). */
  readonly Assign?: Readonly<Record<string, unknown>>;
}

/** A JSONata Choice rule. */
export interface JsonataChoiceRule {
  readonly queryLanguage: 'JSONata';
  /** A `{% … %}` expression that must evaluate to a boolean, or a literal boolean. */
  readonly Condition: string | boolean;
  readonly Next: string;
  readonly Comment?: string;
  /** Variables to assign when this rule is taken. */
  readonly Assign?: Readonly<Record<string, unknown>>;
  /** The state output when this rule is taken (replaces the state's own `Output`). */
  readonly Output?: unknown;
}

/** A parsed Choice rule of either query language. */
export type ChoiceRule = JsonPathChoiceRule | JsonataChoiceRule;

/** True when the rule is a JSONPath rule (`Variable`/`And`/`Or`/`Not`). */
export function isJsonPathChoiceRule(rule: ChoiceRule): rule is JsonPathChoiceRule {
  return rule.queryLanguage === 'JSONPath';
}

/** True when the rule is a JSONata rule (`Condition`). */
export function isJsonataChoiceRule(rule: ChoiceRule): rule is JsonataChoiceRule {
  return rule.queryLanguage === 'JSONata';
}

/**
 * Splits a `StringMatches` pattern at its wildcards. `*` matches any run of characters (even none);
 * `\*` is a literal `*` and `\\` a literal backslash (in JSON text: `"\\*"` and `"\\\\"`). A
 * backslash before any other character, or at the end, stands for itself.
 *
 * @returns the literal pieces between wildcards: one more than the number of wildcards.
 * @example
 * splitStringMatchesPattern('log-*.txt'); // ['log-', '.txt']
 * splitStringMatchesPattern('a\\*b*'); // ['a*b', '']
 */
export function splitStringMatchesPattern(pattern: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === '*' || next === '\\') {
        current += next;
        i++;
      } else {
        current += char;
      }
    } else if (char === '*') {
      pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}

/**
 * Checks a reference path — a path to a single value, as `Variable` and the `…Path` operands take.
 *
 * A local check until the JSONPath module's own one is wired in: it must start with `$` and must not
 * use wildcards, filters or `..`.
 *
 * @returns undefined when fine, else what is wrong.
 */
export function checkReferencePath(path: string): string | undefined {
  if (!path.startsWith('$')) return 'must start with $ (e.g. $.status, $$.Execution.Input.status, $myVariable)';
  const unquoted = path.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  if (unquoted.includes('..')) return "must be a reference path to one value: '..' is not allowed";
  if (unquoted.includes('*')) return 'must be a reference path to one value: wildcards (*) are not allowed';
  if (unquoted.includes('?(')) return 'must be a reference path to one value: filters are not allowed';
  if (/\[[^\]]*[:,][^\]]*\]/.test(unquoted)) {
    return 'must be a reference path to one value: slices and unions are not allowed';
  }
  if (/\s/.test(unquoted.replace(/\[\s*''\s*\]/g, ''))) return 'must not contain spaces outside quoted names';
  return undefined;
}

/** One problem found while parsing: a path relative to the rule, and a message. */
interface RuleIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Path = readonly (string | number)[];

const BOOLEAN_KEYS = ['And', 'Or', 'Not'] as const;
type BooleanKey = (typeof BOOLEAN_KEYS)[number];
const CONDITION_KEYS: ReadonlySet<string> = new Set([
  'Variable',
  'Comment',
  ...BOOLEAN_KEYS,
  ...CHOICE_OPERATOR_FIELDS,
]);
const JSONATA_RULE_KEYS: ReadonlySet<string> = new Set(['Condition', 'Next', 'Comment', 'Assign', 'Output']);
const FIELD_BY_LOWER_CASE: ReadonlyMap<string, string> = new Map(
  [...CONDITION_KEYS, 'Next', 'Assign'].map((key) => [key.toLowerCase(), key]),
);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function unknownFieldMessage(key: string, where: string): string {
  const suggestion = FIELD_BY_LOWER_CASE.get(key.toLowerCase());
  const hint = suggestion !== undefined && suggestion !== key ? ` (did you mean ${suggestion}?)` : '';
  return `unknown field ${JSON.stringify(key)} in ${where}${hint}`;
}

function baseOperator(field: ChoiceOperatorField): { operator: ChoiceOperator; isPath: boolean } {
  if (field.endsWith('Path')) {
    const base = field.slice(0, -'Path'.length);
    if (PATHABLE_SET.has(base)) return { operator: base as PathableOperator, isPath: true };
  }
  return { operator: field as ChoiceOperator, isPath: false };
}

/** Checks an operand's type; returns the message when it is wrong. */
function checkOperand(field: ChoiceOperatorField, operator: ChoiceOperator, isPath: boolean, value: unknown) {
  if (isPath) {
    if (typeof value !== 'string') return `${field} must be a reference path such as $.value, not ${describe(value)}`;
    const problem = checkReferencePath(value);
    return problem === undefined ? undefined : `${field} ${problem}`;
  }
  if (STRING_SET.has(operator)) {
    return typeof value === 'string' ? undefined : `${field} must be a string, not ${describe(value)}`;
  }
  if (operator === 'StringMatches') {
    return typeof value === 'string'
      ? undefined
      : `StringMatches must be a string pattern (* matches any characters), not ${describe(value)}`;
  }
  if (NUMERIC_SET.has(operator)) {
    return typeof value === 'number' && Number.isFinite(value)
      ? undefined
      : `${field} must be a number, not ${describe(value)}`;
  }
  if (TIMESTAMP_SET.has(operator)) {
    if (typeof value === 'string' && parseInstant(value) !== undefined) return undefined;
    return `${field} must be a timestamp such as 2016-08-18T17:33:00Z (RFC 3339, uppercase T, Z or a ±HH:MM offset), not ${describe(value)}`;
  }
  // BooleanEquals and the Is* tests
  return typeof value === 'boolean' ? undefined : `${field} must be true or false, not ${describe(value)}`;
}

function parseDataTest(
  rule: Record<string, unknown>,
  fields: readonly ChoiceOperatorField[],
  path: Path,
  issues: RuleIssue[],
): ChoiceDataTest | undefined {
  let ok = true;
  if (fields.length === 0) {
    issues.push({
      path,
      message:
        'a data-test rule needs exactly one comparison operator (such as StringEquals, NumericLessThan or IsPresent), found none',
    });
    ok = false;
  } else if (fields.length > 1) {
    issues.push({
      path,
      message: `a data-test rule needs exactly one comparison operator, found ${listNames(fields)}`,
    });
    ok = false;
  }
  const variable = rule.Variable;
  if (variable === undefined) {
    issues.push({
      path: [...path, 'Variable'],
      message: 'a data-test rule needs Variable, the reference path of the value to test (e.g. $.status)',
    });
    ok = false;
  } else if (typeof variable !== 'string') {
    issues.push({
      path: [...path, 'Variable'],
      message: `Variable must be a reference path such as $.status, not ${describe(variable)}`,
    });
    ok = false;
  } else {
    const problem = checkReferencePath(variable);
    if (problem !== undefined) {
      issues.push({ path: [...path, 'Variable'], message: `Variable ${problem}` });
      ok = false;
    }
  }
  for (const field of fields) {
    const { operator, isPath } = baseOperator(field);
    const message = checkOperand(field, operator, isPath, rule[field]);
    if (message !== undefined) {
      issues.push({ path: [...path, field], message });
      ok = false;
    }
  }
  const field = fields[0];
  if (!ok || field === undefined || typeof variable !== 'string') return undefined;
  const { operator, isPath } = baseOperator(field);
  const operand = rule[field] as ChoiceOperand;
  const test: {
    -readonly [K in keyof ChoiceDataTest]: ChoiceDataTest[K];
  } = { kind: 'test', variable, operator, field, operand, operandIsPath: isPath };
  if (!isPath && TIMESTAMP_SET.has(operator) && typeof operand === 'string') {
    const instant = parseInstant(operand);
    if (instant !== undefined) test.instant = instant;
  }
  if (operator === 'StringMatches' && typeof operand === 'string') {
    test.pattern = splitStringMatchesPattern(operand);
  }
  if (typeof rule.Comment === 'string') test.comment = rule.Comment;
  return test;
}

function parseBooleanExpression(
  rule: Record<string, unknown>,
  key: BooleanKey,
  path: Path,
  issues: RuleIssue[],
): ChoiceCondition | undefined {
  const value = rule[key];
  const comment = typeof rule.Comment === 'string' ? { comment: rule.Comment } : {};
  if (key === 'Not') {
    if (!isPlainObject(value)) {
      issues.push({
        path: [...path, 'Not'],
        message: `Not must be a single Choice rule (an object), not ${describe(value)}`,
      });
      return undefined;
    }
    const inner = parseCondition(value, [...path, 'Not'], 'nested', issues);
    return inner === undefined ? undefined : { kind: 'not', rule: inner, ...comment };
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({
      path: [...path, key],
      message: `${key} must be a non-empty array of Choice rules, not ${Array.isArray(value) ? 'an empty array' : describe(value)}`,
    });
    return undefined;
  }
  const rules: ChoiceCondition[] = [];
  let ok = true;
  value.forEach((element: unknown, index) => {
    const inner = parseCondition(element, [...path, key, index], 'nested', issues);
    if (inner === undefined) ok = false;
    else rules.push(inner);
  });
  if (!ok) return undefined;
  return { kind: key === 'And' ? 'and' : 'or', rules, ...comment };
}

/**
 * Parses a JSONPath rule's condition (everything but `Next` and `Assign`).
 * `level` says whether `Next` and `Assign` may appear beside it.
 */
function parseCondition(
  raw: unknown,
  path: Path,
  level: 'top' | 'nested',
  issues: RuleIssue[],
): ChoiceCondition | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `a Choice rule must be an object, not ${describe(raw)}` });
    return undefined;
  }
  const where = level === 'top' ? 'a Choice rule' : 'a nested Choice rule';
  let ok = true;
  const fields: ChoiceOperatorField[] = [];
  const booleanKeys: BooleanKey[] = [];
  for (const key of Object.keys(raw)) {
    if (isChoiceOperatorField(key)) fields.push(key);
    else if (key === 'And' || key === 'Or' || key === 'Not') booleanKeys.push(key);
    else if (key === 'Next' || key === 'Assign') {
      if (level === 'nested') {
        issues.push({
          path: [...path, key],
          message: `${key} is only allowed on a top-level Choice rule, not inside And, Or or Not`,
        });
        ok = false;
      }
    } else if (key === 'Comment') {
      if (typeof raw.Comment !== 'string') {
        issues.push({ path: [...path, 'Comment'], message: `Comment must be a string, not ${describe(raw.Comment)}` });
        ok = false;
      }
    } else if (key !== 'Variable') {
      issues.push({ path: [...path, key], message: unknownFieldMessage(key, where) });
      ok = false;
    }
  }
  const hasVariable = Object.hasOwn(raw, 'Variable');
  let condition: ChoiceCondition | undefined;
  if (booleanKeys.length > 0) {
    if (hasVariable || fields.length > 0) {
      const dataFields = [...(hasVariable ? ['Variable'] : []), ...fields];
      issues.push({
        path,
        message: `a Choice rule is either a data test (Variable and one comparison operator) or a boolean expression (And, Or or Not), not both: found ${listNames([...booleanKeys, ...dataFields])}`,
      });
      ok = false;
    }
    if (booleanKeys.length > 1) {
      issues.push({
        path,
        message: `a boolean rule has exactly one of And, Or and Not, found ${listNames(booleanKeys)}`,
      });
      ok = false;
    }
    const results = booleanKeys.map((key) => parseBooleanExpression(raw, key, path, issues));
    condition = results[0];
  } else if (!hasVariable && fields.length === 0) {
    issues.push({
      path,
      message: `${where} needs a Variable with one comparison operator (such as StringEquals or IsPresent), or And, Or or Not`,
    });
    ok = false;
  } else {
    condition = parseDataTest(raw, fields, path, issues);
  }
  return ok ? condition : undefined;
}

function checkNext(raw: Record<string, unknown>, path: Path, issues: RuleIssue[]): string | undefined {
  const next = raw.Next;
  if (typeof next === 'string' && next.length > 0) return next;
  issues.push({
    path: [...path, 'Next'],
    message:
      next === undefined
        ? 'a top-level Choice rule needs Next, the name of the state to go to when the rule matches'
        : `Next must be the name of a state, not ${describe(next)}`,
  });
  return undefined;
}

function checkAssign(raw: Record<string, unknown>, path: Path, issues: RuleIssue[]): boolean {
  if (raw.Assign === undefined || isPlainObject(raw.Assign)) return true;
  issues.push({
    path: [...path, 'Assign'],
    message: `Assign must be an object of variable names to values, not ${describe(raw.Assign)}`,
  });
  return false;
}

function parseJsonPathRule(raw: unknown, issues: RuleIssue[]): JsonPathChoiceRule | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path: [], message: `a Choice rule must be an object, not ${describe(raw)}` });
    return undefined;
  }
  const condition = parseCondition(raw, [], 'top', issues);
  const next = checkNext(raw, [], issues);
  const assignOk = checkAssign(raw, [], issues);
  if (condition === undefined || next === undefined || !assignOk) return undefined;
  return {
    queryLanguage: 'JSONPath',
    condition,
    Next: next,
    ...(typeof raw.Comment === 'string' ? { Comment: raw.Comment } : {}),
    ...(isPlainObject(raw.Assign) ? { Assign: raw.Assign } : {}),
  };
}

function parseJsonataRule(raw: unknown, issues: RuleIssue[]): JsonataChoiceRule | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path: [], message: `a Choice rule must be an object, not ${describe(raw)}` });
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (JSONATA_RULE_KEYS.has(key)) continue;
    const message = CONDITION_KEYS.has(key)
      ? `${key} is a JSONPath Choice field; a JSONata rule has only Condition, Next, Assign, Output and Comment`
      : unknownFieldMessage(key, 'a JSONata Choice rule');
    issues.push({ path: [key], message });
    ok = false;
  }
  const condition = raw.Condition;
  const conditionOk =
    typeof condition === 'boolean' || (typeof condition === 'string' && JSONATA_EXPRESSION.test(condition));
  if (!conditionOk) {
    issues.push({
      path: ['Condition'],
      message: `Condition must be a JSONata expression {% … %} that yields a boolean, or a boolean, not ${describe(condition)}`,
    });
    ok = false;
  }
  if (raw.Comment !== undefined && typeof raw.Comment !== 'string') {
    issues.push({ path: ['Comment'], message: `Comment must be a string, not ${describe(raw.Comment)}` });
    ok = false;
  }
  const next = checkNext(raw, [], issues);
  const assignOk = checkAssign(raw, [], issues);
  if (!ok || !assignOk || next === undefined || !conditionOk) return undefined;
  return {
    queryLanguage: 'JSONata',
    Condition: condition as string | boolean,
    Next: next,
    ...(typeof raw.Comment === 'string' ? { Comment: raw.Comment } : {}),
    ...(isPlainObject(raw.Assign) ? { Assign: raw.Assign } : {}),
    ...(Object.hasOwn(raw, 'Output') ? { Output: raw.Output } : {}),
  };
}

/** Wraps a hand-written parser as a zod schema, reporting each problem at its own path. */
function ruleSchema<T>(parse: (raw: unknown, issues: RuleIssue[]) => T | undefined) {
  return z.unknown().transform((raw, ctx): T => {
    const issues: RuleIssue[] = [];
    const parsed = parse(raw, issues);
    if (issues.length > 0 || parsed === undefined) {
      for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
      if (issues.length === 0) ctx.addIssue({ code: 'custom', message: 'invalid Choice rule' });
      return z.NEVER;
    }
    return parsed;
  });
}

/**
 * A nested JSONPath rule's condition (inside `And`, `Or`, `Not`): no `Next`, no `Assign`.
 *
 * @example
 * ChoiceConditionSchema.parse({ Variable: '$.n', NumericLessThan: 30 });
 * // { kind: 'test', variable: '$.n', operator: 'NumericLessThan', field: 'NumericLessThan', operand: 30, operandIsPath: false }
 */
export const ChoiceConditionSchema = ruleSchema((raw, issues) => parseCondition(raw, [], 'nested', issues));

/**
 * A top-level JSONPath Choice rule.
 *
 * @example
 * JsonPathChoiceRuleSchema.parse({ Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' });
 */
export const JsonPathChoiceRuleSchema = ruleSchema(parseJsonPathRule);

/**
 * A JSONata Choice rule: `{ Condition: '{% … %}', Next, Assign?, Output?, Comment? }`.
 *
 * @example
 * JsonataChoiceRuleSchema.parse({ Condition: '{% $states.input.value = 0 %}', Next: 'ValueIsZero' });
 */
export const JsonataChoiceRuleSchema = ruleSchema(parseJsonataRule);

/**
 * A Choice rule of either query language: a rule with `Condition` is parsed as JSONata, any other as
 * JSONPath. Whether the rule's language matches the state's `QueryLanguage` is for validation to check
 * (see {@link isJsonataChoiceRule}).
 */
export const ChoiceRuleSchema = ruleSchema((raw, issues): ChoiceRule | undefined =>
  isPlainObject(raw) && Object.hasOwn(raw, 'Condition')
    ? parseJsonataRule(raw, issues)
    : parseJsonPathRule(raw, issues),
);
