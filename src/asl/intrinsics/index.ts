/**
 * Intrinsic functions (`States.Format(...)`, `States.Array(...)`, …) of the JSONPath query
 * language: recognising a call, checking it when a definition is validated, evaluating it when a
 * state runs.
 *
 * @see https://states-language.net/spec.html#appendix-b
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
export { checkIntrinsic, MAX_INTRINSIC_NESTING } from './check.js';
export { evaluateIntrinsic } from './evaluate.js';
export type { IntrinsicEnv } from './function.js';

/**
 * True when the text is an intrinsic function call, e.g. `States.Format('{}', $.a)`: it starts
 * with a `States.` name and an opening parenthesis. Whether the rest is well formed is for
 * {@link checkIntrinsic} to say.
 *
 * @example
 * isIntrinsicCall("States.Format('{}', $.a)") // true
 * isIntrinsicCall('$.a') // false
 */
export function isIntrinsicCall(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}
