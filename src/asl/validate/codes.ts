/**
 * The stable codes of validation diagnostics. Each is documented, with an example, in
 * `docs/validation.md`; tools may match on them, so a code is never renamed or reused.
 */
export const DiagnosticCodes = {
  /** The text is not JSON (it starts with `{` or `[`). */
  INVALID_JSON: 'INVALID_JSON',
  /** The text is not YAML (a definition that does not start with `{` or `[` is read as YAML). */
  INVALID_YAML: 'INVALID_YAML',
  /** A field that the state type (or the rule, or the state machine) does not have. */
  SCHEMA_UNKNOWN_FIELD: 'SCHEMA_UNKNOWN_FIELD',
  /** A required field is absent (`StartAt`, `Type`, `Resource`, …). */
  SCHEMA_MISSING_FIELD: 'SCHEMA_MISSING_FIELD',
  /** A field holds the wrong JSON type (a string where a number is expected, …). */
  SCHEMA_WRONG_TYPE: 'SCHEMA_WRONG_TYPE',
  /** A field has the right type but a value outside what ASL allows (range, enumeration, format). */
  SCHEMA_INVALID_VALUE: 'SCHEMA_INVALID_VALUE',
  /** `Type` names no ASL state type. */
  SCHEMA_UNKNOWN_STATE_TYPE: 'SCHEMA_UNKNOWN_STATE_TYPE',
  /** A Choice rule is malformed (operators, nesting, operand types). */
  CHOICE_RULE_INVALID: 'CHOICE_RULE_INVALID',
  /** `StartAt` names no state of its state machine. */
  START_AT_NOT_FOUND: 'START_AT_NOT_FOUND',
  /** `Next`, `Default` or a Catch or Choice rule's `Next` names no state of the same state machine. */
  NEXT_NOT_FOUND: 'NEXT_NOT_FOUND',
  /** No path of transitions leads from `StartAt` to the state. */
  UNREACHABLE_STATE: 'UNREACHABLE_STATE',
  /** A Pass, Task, Wait, Parallel or Map state has neither `Next` nor `"End": true`. */
  MISSING_TRANSITION: 'MISSING_TRANSITION',
  /** A state has both `Next` and `End`. */
  CONFLICTING_TRANSITION: 'CONFLICTING_TRANSITION',
  /** A Choice, Succeed or Fail state has `Next` or `End`. */
  TERMINAL_STATE_TRANSITION: 'TERMINAL_STATE_TRANSITION',
  /** A state sets `"QueryLanguage": "JSONPath"` inside a JSONata state machine. */
  QUERY_LANGUAGE_CONFLICT: 'QUERY_LANGUAGE_CONFLICT',
  /** A JSONPath-only field (`InputPath`, `Parameters`, `ResultPath`, `…Path`, …) in a JSONata state. */
  JSONPATH_ONLY_FIELD: 'JSONPATH_ONLY_FIELD',
  /** A JSONata-only field (`Arguments`, `Output`, `Items`, `Condition`) in a JSONPath state. */
  JSONATA_ONLY_FIELD: 'JSONATA_ONLY_FIELD',
  /** A `{% … %}` expression where a JSONPath state needs a literal (e.g. `TimeoutSeconds`). */
  JSONATA_EXPRESSION_IN_JSONPATH_STATE: 'JSONATA_EXPRESSION_IN_JSONPATH_STATE',
  /** In a JSONata state, a string where only a `{% … %}` expression is allowed. */
  JSONATA_EXPRESSION_REQUIRED: 'JSONATA_EXPRESSION_REQUIRED',
  /** A `{% … %}` expression that does not parse. */
  INVALID_JSONATA: 'INVALID_JSONATA',
  /** A JSONPath field that is not a valid path. */
  INVALID_PATH: 'INVALID_PATH',
  /** A field that needs a reference path (one value, no wildcards or filters) holds another kind of path. */
  INVALID_REFERENCE_PATH: 'INVALID_REFERENCE_PATH',
  /** A payload template key ending in `.$` whose value is neither a path nor an intrinsic function call. */
  INVALID_PAYLOAD_TEMPLATE: 'INVALID_PAYLOAD_TEMPLATE',
  /** An intrinsic function call that does not parse, or has the wrong number of arguments. */
  INVALID_INTRINSIC: 'INVALID_INTRINSIC',
  /** `States.ALL` shares its `ErrorEquals` with other error names. */
  STATES_ALL_NOT_ALONE: 'STATES_ALL_NOT_ALONE',
  /** A Retry or Catch rule with `States.ALL` is followed by another rule. */
  STATES_ALL_NOT_LAST: 'STATES_ALL_NOT_LAST',
  /** Two fields of which at most one may be given (e.g. `TimeoutSeconds` and `TimeoutSecondsPath`). */
  EXCLUSIVE_FIELDS: 'EXCLUSIVE_FIELDS',
  /** A Wait state with none of `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`. */
  WAIT_DURATION_MISSING: 'WAIT_DURATION_MISSING',
  /** A literal timestamp that is not RFC 3339 as Step Functions accepts it. */
  INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  /** A Task whose `HeartbeatSeconds` is not less than its `TimeoutSeconds`. */
  HEARTBEAT_NOT_BELOW_TIMEOUT: 'HEARTBEAT_NOT_BELOW_TIMEOUT',
  /** A Map state without `ItemProcessor` (or the legacy `Iterator`). */
  MAP_PROCESSOR_MISSING: 'MAP_PROCESSOR_MISSING',
  /** `ItemReader`, `ItemBatcher` or `ResultWriter` on a Map whose processor is not `DISTRIBUTED`. */
  DISTRIBUTED_MAP_ONLY_FIELD: 'DISTRIBUTED_MAP_ONLY_FIELD',
  /**
   * A `ResultWriter` that is empty, or names a bucket (`Resource` and `Parameters`/`Arguments`) only
   * in part.
   */
  RESULT_WRITER_INCOMPLETE: 'RESULT_WRITER_INCOMPLETE',
  /** A state name that is empty or longer than 80 characters. */
  INVALID_STATE_NAME: 'INVALID_STATE_NAME',
  /** An `Assign` key that is not a valid variable name. */
  INVALID_VARIABLE_NAME: 'INVALID_VARIABLE_NAME',
  /** An `Assign` key that is a reserved name (`states`). */
  RESERVED_VARIABLE_NAME: 'RESERVED_VARIABLE_NAME',
} as const;

/** One of the {@link DiagnosticCodes}. */
export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];
