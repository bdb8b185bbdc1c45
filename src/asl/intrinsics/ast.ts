/**
 * The syntax tree of an intrinsic function call such as `States.Format('{}', $.a)`.
 *
 * @see https://states-language.net/spec.html#appendix-b
 */

/** A literal argument: a string in single quotes, a number, `true`, `false` or `null`. */
export interface IntrinsicLiteral {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  /**
   * For a string literal, the text between the quotes with its escapes still in place
   * (`Hello \{\}`). `States.Format` needs it: an escaped `\{` is a literal brace, not a placeholder.
   */
  readonly source?: string;
}

/** A path argument: `$…` into the state input, `$$…` into the Context object, `$name…` a variable. */
export interface IntrinsicPath {
  readonly kind: 'path';
  readonly path: string;
}

/** A call of a `States.*` function, with its arguments in order. */
export interface IntrinsicCall {
  readonly kind: 'call';
  /** The full name, e.g. `States.Format`. */
  readonly name: string;
  readonly args: readonly IntrinsicNode[];
}

/** One node of an intrinsic expression. */
export type IntrinsicNode = IntrinsicLiteral | IntrinsicPath | IntrinsicCall;
