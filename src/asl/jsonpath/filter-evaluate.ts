/**
 * Evaluates a compiled filter predicate against one item, with the comparison rules of Jayway's
 * evaluators:
 *
 * - `==` between a number and a string compares them as numbers when the left side is a number
 *   and as text when the left side is a string (`'5' == 5` and `5 == '5'` are both true);
 * - `<`, `<=`, `>`, `>=` compare numbers by value, strings by UTF-16 code units, and a number
 *   with a string as text; anything else is false;
 * - a path that selects nothing equals nothing (so `!=` is true for it);
 * - `=~` must match the whole string (a number matches through its text);
 * - `in`/`nin` need an array on the right.
 *
 * @see https://github.com/json-path/JsonPath#filter-operators
 */
import { isJsonObject, NOT_FOUND, readPath } from './evaluate.js';
import type { FilterExpression, FilterOperand, FilterPathOperand, RelationalOperator } from './tokens.js';

/** Marks a filter operand whose path selected nothing. */
const UNDEFINED: unique symbol = Symbol('jsonpath.undefined');

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'json' | 'undefined';

function kindOf(value: unknown): Kind {
  if (value === UNDEFINED || value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/**
 * True when `item` satisfies the predicate. `root` is the document `$` refers to inside it.
 *
 * @example
 * const token = compilePath('$[?(@.price < 10)]').tokens[0]; // a FilterToken
 * testFilter(token.predicate, { price: 8 }, document); // true
 */
export function testFilter(expression: FilterExpression, item: unknown, root: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return testFilter(expression.left, item, root) && testFilter(expression.right, item, root);
    case 'or':
      return testFilter(expression.left, item, root) || testFilter(expression.right, item, root);
    case 'not':
      return !testFilter(expression.operand, item, root);
    case 'exists':
      return exists(expression.operand, item, root) === expression.shouldExist;
    case 'compare':
      return compare(expression.operator, expression.left, expression.right, item, root);
    default: {
      const unexpected: never = expression;
      throw new Error(`unknown filter ${JSON.stringify(unexpected)}`);
    }
  }
}

function exists(operand: FilterPathOperand, item: unknown, root: unknown): boolean {
  const value = readPath(operand.path, operand.relative ? item : root);
  if (value === NOT_FOUND) return false;
  return operand.path.definite || (Array.isArray(value) && value.length > 0);
}

interface Operand {
  readonly value: unknown;
  /** For number literals, the text as written. */
  readonly numberText: string | undefined;
}

function operandValue(operand: FilterOperand, item: unknown, root: unknown): unknown {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'regex':
      return UNDEFINED;
    case 'path': {
      const value = readPath(operand.path, operand.relative ? item : root);
      return value === NOT_FOUND ? UNDEFINED : value;
    }
    default: {
      const unexpected: never = operand;
      throw new Error(`unknown operand ${JSON.stringify(unexpected)}`);
    }
  }
}

function compare(
  operator: RelationalOperator,
  leftOperand: FilterOperand,
  rightOperand: FilterOperand,
  item: unknown,
  root: unknown,
): boolean {
  if (operator === '=~') return matchesRegex(leftOperand, rightOperand, item, root);
  const left: Operand = { value: operandValue(leftOperand, item, root), numberText: numberTextOf(leftOperand) };
  const right: Operand = { value: operandValue(rightOperand, item, root), numberText: numberTextOf(rightOperand) };
  switch (operator) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '===':
      return kindOf(left.value) === kindOf(right.value) && equal(left, right);
    case '!==':
      return !(kindOf(left.value) === kindOf(right.value) && equal(left, right));
    case '<':
      return order(left, right, (c) => c < 0);
    case '<=':
      return order(left, right, (c) => c <= 0);
    case '>':
      return order(left, right, (c) => c > 0);
    case '>=':
      return order(left, right, (c) => c >= 0);
    case 'IN':
      return isIn(left, right) === true;
    case 'NIN': {
      const found = isIn(left, right);
      return found !== undefined && !found;
    }
    case 'CONTAINS':
      return contains(left, right);
    case 'ALL':
      return all(left, right);
    case 'SIZE':
      return size(left, right);
    case 'EMPTY':
      return empty(left, right);
    case 'SUBSETOF':
      return listsRelate(left, right, (l, r) => l.every((a) => r.some((b) => equalValues(a, b))));
    case 'ANYOF':
      return listsRelate(left, right, (l, r) => l.some((a) => r.some((b) => equalValues(a, b))));
    case 'NONEOF':
      return listsRelate(left, right, (l, r) => !l.some((a) => r.some((b) => equalValues(a, b))));
    default: {
      const unexpected: never = operator;
      throw new Error(`unknown operator ${String(unexpected)}`);
    }
  }
}

function numberTextOf(operand: FilterOperand): string | undefined {
  return operand.kind === 'literal' ? operand.numberText : undefined;
}

/** A number as Jayway prints it when it compares it with a string. */
function numberText(operand: Operand): string {
  return operand.numberText ?? String(operand.value);
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function equal(left: Operand, right: Operand): boolean {
  const l = kindOf(left.value);
  const r = kindOf(right.value);
  switch (l) {
    case 'string':
      if (r === 'string') return left.value === right.value;
      return r === 'number' && left.value === numberText(right);
    case 'number':
      if (r === 'number') return left.value === right.value;
      return r === 'string' && NUMERIC_TEXT.test(String(right.value)) && Number(right.value) === left.value;
    case 'boolean':
      return r === 'boolean' && left.value === right.value;
    case 'null':
      return r === 'null';
    case 'json':
      return r === 'json' && deepEqual(left.value, right.value);
    default:
      return false;
  }
}

/** Equality of two JSON values as Jayway's value lists compare their elements. */
function equalValues(a: unknown, b: unknown): boolean {
  return equal({ value: a, numberText: undefined }, { value: b, numberText: undefined });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((value, index) => deepEqual(value, b[index]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

function order(left: Operand, right: Operand, test: (comparison: number) => boolean): boolean {
  const l = kindOf(left.value);
  const r = kindOf(right.value);
  if (l === 'number' && r === 'number') return test(Math.sign(Number(left.value) - Number(right.value)));
  if (l === 'string' && r === 'string') return test(compareText(String(left.value), String(right.value)));
  if (l === 'string' && r === 'number') return test(compareText(String(left.value), numberText(right)));
  if (l === 'number' && r === 'string') return test(compareText(numberText(left), String(right.value)));
  return false;
}

/** Java's `String.compareTo`: UTF-16 code units. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text a regex is matched against: strings and numbers as text, booleans as words, else ''. */
function regexInput(value: unknown, operand: FilterOperand): string {
  switch (kindOf(value)) {
    case 'string':
      return String(value);
    case 'number':
      return numberText({ value, numberText: numberTextOf(operand) });
    case 'boolean':
      return String(value);
    default:
      return '';
  }
}

function matchesRegex(left: FilterOperand, right: FilterOperand, item: unknown, root: unknown): boolean {
  let pattern: RegExp;
  let other: FilterOperand;
  if (left.kind === 'regex' && right.kind !== 'regex') {
    pattern = left.regex;
    other = right;
  } else if (right.kind === 'regex' && left.kind !== 'regex') {
    pattern = right.regex;
    other = left;
  } else {
    return false;
  }
  const value = operandValue(other, item, root);
  if (Array.isArray(value)) return value.some((element) => pattern.test(regexInput(element, other)));
  return pattern.test(regexInput(value, other));
}

/** `in`: true/false, or undefined when Jayway fails the predicate (the right side is no list). */
function isIn(left: Operand, right: Operand): boolean | undefined {
  if (Array.isArray(right.value))
    return right.value.some((element) => equal(left, { value: element, numberText: undefined }));
  return kindOf(right.value) === 'json' ? false : undefined;
}

function contains(left: Operand, right: Operand): boolean {
  if (typeof left.value === 'string') return typeof right.value === 'string' && left.value.includes(right.value);
  if (Array.isArray(left.value))
    return left.value.some((element) => equal(right, { value: element, numberText: undefined }));
  return false;
}

function all(left: Operand, right: Operand): boolean {
  if (!Array.isArray(right.value) || kindOf(left.value) !== 'json') return false;
  const have = left.value;
  if (!Array.isArray(have)) return true;
  return right.value.every((required) => have.some((element) => equalValues(element, required)));
}

function size(left: Operand, right: Operand): boolean {
  if (typeof right.value !== 'number') return false;
  const expected = Math.trunc(right.value);
  if (typeof left.value === 'string') return left.value.length === expected;
  if (kindOf(left.value) === 'json') return (Array.isArray(left.value) ? left.value.length : -1) === expected;
  return false;
}

function empty(left: Operand, right: Operand): boolean {
  if (typeof right.value !== 'boolean') return false;
  if (typeof left.value === 'string') return (left.value.length === 0) === right.value;
  if (Array.isArray(left.value)) return (left.value.length === 0) === right.value;
  if (isJsonObject(left.value)) return (Object.keys(left.value).length === 0) === right.value;
  return false;
}

function listsRelate(left: Operand, right: Operand, test: (l: unknown[], r: unknown[]) => boolean): boolean {
  if (!Array.isArray(left.value) || !Array.isArray(right.value)) return false;
  return test(left.value, right.value);
}
