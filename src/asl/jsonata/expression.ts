/**
 * The `{% … %}` delimiters of a JSONata expression in a JSONata state.
 *
 * AWS evaluates a string only when the whole string is one expression: it must begin with `{%`
 * and end with `%}`, with nothing before or after. Whitespace inside the delimiters is fine; a
 * string that merely contains `{%` (`" {% $x %} "`, `"a {% $x %}"`) is a literal.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

const OPEN = '{%';
const CLOSE = '%}';

/**
 * True when the value is a JSONata expression string: it starts with `{%` and ends with `%}`.
 *
 * @example
 * isJsonataExpression('{% $states.input.a %}'); // true
 * isJsonataExpression(' {% $states.input.a %} '); // false: a literal (v2_arguments … BASE_LAMBDA_LITERALS)
 */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && hasDelimiters(value);
}

function hasDelimiters(text: string): boolean {
  return text.length >= OPEN.length + CLOSE.length && text.startsWith(OPEN) && text.endsWith(CLOSE);
}

/**
 * The expression inside the delimiters, trimmed: the text AWS quotes in its causes.
 *
 * @example
 * jsonataBody('{%  $doesNotExist %}'); // '$doesNotExist'
 * @throws Error when `text` is not a `{% … %}` string.
 */
export function jsonataBody(text: string): string {
  if (!hasDelimiters(text)) {
    throw new Error(`Not a JSONata expression (expected '{% … %}'): ${JSON.stringify(text)}`);
  }
  return text.slice(OPEN.length, text.length - CLOSE.length).trim();
}

/** The body of `{% … %}` text, or the text itself (trimmed) when it carries no delimiters. */
export function jsonataBodyOrText(text: string): string {
  return hasDelimiters(text) ? jsonataBody(text) : text.trim();
}
