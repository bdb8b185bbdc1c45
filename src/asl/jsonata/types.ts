/**
 * The values a JSONata expression in a state sees, and the injected non-determinism it may use.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */

/** What an expression sees: the reserved `$states` variable and the workflow variables. */
export interface JsonataBindings {
  /**
   * `$states`: `{ input, context, result?, errorOutput? }` as AWS defines it per field
   * (`result` only in a Task/Map/Parallel's `Output` and `Assign`, `errorOutput` only in a `Catch`).
   */
  readonly states: {
    readonly input: unknown;
    readonly context: unknown;
    readonly result?: unknown;
    readonly errorOutput?: unknown;
  };
  /** Workflow variables visible to the state, bound as `$name`. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/**
 * Injected non-determinism. `asl/` reads no clock and no randomness of its own: `$now()`,
 * `$millis()`, unseeded `$random()` and `$uuid()` all come from here.
 */
export interface JsonataEnv {
  /** A version 4 UUID, for `$uuid()`. */
  uuid(): string;
  /** A number in [0, 1), for an unseeded `$random()`. */
  random(): number;
  /** epoch ms, the engine's clock */
  now(): number;
}

/**
 * The JSON type a field requires of its expression's result, checked after evaluation.
 * `integer` is a number with no fractional part. `any` accepts every JSON value.
 */
export type JsonataResultType = 'any' | 'array' | 'object' | 'string' | 'number' | 'integer' | 'boolean';

/** Where an expression sits, so that a failure's cause names it the way AWS does. */
export interface JsonataLocation {
  /**
   * The field as AWS names it in the cause and in `EvaluationFailed.location`, relative to the
   * state: `Output`, `Assign/total`, `Arguments/Payload[0]`, `Items`, `Choices[1]/Condition`,
   * `Catch[0]/Output/error`. Omitted: the cause names no field.
   */
  readonly field?: string;
  /**
   * The state and the id of its `…StateEntered` event. Given: the cause opens with AWS's
   * `An error occurred while executing the state '<name>' (entered at the event id #<id>). `.
   */
  readonly state?: { readonly name: string; readonly enteredEventId: number };
}

/** Options of one evaluation: where the expression sits and what type the field needs. */
export interface JsonataEvaluationOptions extends JsonataLocation {
  /** @default 'any' */
  readonly expect?: JsonataResultType;
}
