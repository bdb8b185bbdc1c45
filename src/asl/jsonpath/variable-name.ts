/**
 * The names of workflow variables (`Assign`), as JSONPath expressions reference them (`$name`).
 *
 * AWS: a variable name starts with a Unicode identifier-start character (or `_`), continues with
 * identifier characters, and is at most 80 characters long.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */

const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Longest variable name AWS accepts. */
export const MAX_VARIABLE_NAME_LENGTH = 80;

/**
 * True when `name` (without the `$`) is a valid workflow variable name.
 *
 * @example
 * isValidVariableName('orderId'); // true
 * isValidVariableName('9lives'); // false
 */
export function isValidVariableName(name: string): boolean {
  return name.length <= MAX_VARIABLE_NAME_LENGTH && VARIABLE_NAME.test(name);
}
