/**
 * How Step Functions prints JSON values inside error causes.
 *
 * AWS renders the state input in causes such as "…could not be found in the input '{"a":1}'" as
 * compact JSON: no spaces after `:` or `,`, keys in document order.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

/**
 * Serialises a JSON value the way AWS prints it inside a cause: compact, one line. `undefined`
 * (a value that does not exist) prints as `null`.
 *
 * @example
 * compactJson({ 'int-literal': 0, list: [1, 2] }); // '{"int-literal":0,"list":[1,2]}'
 */
export function compactJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : text;
}

/**
 * Prints a value the way Java's `toString` of a Jayway JSON model does in Jayway's own messages
 * ("Current context is: …"): strings bare, everything else as compact JSON.
 *
 * @example
 * javaText('abc'); // 'abc'
 * javaText({ a: 1 }); // '{"a":1}'
 */
export function javaText(value: unknown): string {
  return typeof value === 'string' ? value : compactJson(value);
}
