/**
 * A validation diagnostic: one problem in a definition, with a stable code and a precise location.
 */
/**
 * How bad a problem is: an `error` makes the definition invalid (Step Functions would refuse it); a
 * `warning` leaves it valid but says what will not work as written (a resource Stepstone cannot run).
 * Strict validation (`stepstone validate --strict`) treats warnings as errors.
 */
export type DiagnosticSeverity = 'error' | 'warning';

/** One problem found in a definition. */
export interface Diagnostic {
  /** Stable code, SCREAMING_SNAKE, e.g. 'SCHEMA_UNKNOWN_FIELD', 'NEXT_NOT_FOUND', 'UNREACHABLE_STATE'. Documented in docs/validation.md. */
  readonly code: string;
  /** @default 'error' (a diagnostic without a severity is an error) */
  readonly severity?: DiagnosticSeverity;
  /** A sentence a person can act on: names the state, the field and the reason. */
  readonly message: string;
  /** JSON pointer (RFC 6901) into the definition, e.g. '/States/Charge/Retry/0/ErrorEquals'. */
  readonly pointer: string;
  /** The innermost state the problem is in (for nested Parallel/Map states, the nested state's name). */
  readonly state?: string;
  /** The ASL field at fault, verbatim (e.g. 'ResultPath'). */
  readonly field?: string;
  /** 1-based, when source text was given. */
  readonly line?: number;
  readonly column?: number;
}

/** A diagnostic as a rule reports it, before a location in the source text is attached. */
export interface DiagnosticDraft {
  /** A code of `DiagnosticCodes`, or of a rule given to validation by a later layer (documented in docs/validation.md too). */
  readonly code: string;
  /** @default 'error' */
  readonly severity?: DiagnosticSeverity;
  readonly message: string;
  readonly pointer: string;
  readonly state?: string;
  readonly field?: string;
}

/** Starts a message with a capital letter, as a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a diagnostic is an error (the default when it has no severity). */
export function isError(diagnostic: Pick<Diagnostic, 'severity'>): boolean {
  return diagnostic.severity !== 'warning';
}

/**
 * Formats a diagnostic on one line: `line:column  State 'X' › Field: message [CODE]`, a warning with
 * `warning: ` before the state.
 *
 * @example
 * formatDiagnostic({ code: 'NEXT_NOT_FOUND', message: "…", pointer: '/States/A/Next', state: 'A', field: 'Next', line: 4, column: 7 });
 * // "4:7  State 'A' › Next: … [NEXT_NOT_FOUND]"
 * formatDiagnostic({ code: 'UNSUPPORTED_RESOURCE', severity: 'warning', message: "…", pointer: '/States/Q/Resource', state: 'Q', field: 'Resource', line: 9, column: 19 });
 * // "9:19  warning: State 'Q' › Resource: … [UNSUPPORTED_RESOURCE]"
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const location =
    diagnostic.line !== undefined && diagnostic.column !== undefined
      ? `${diagnostic.line}:${diagnostic.column}`
      : diagnostic.pointer === ''
        ? '/'
        : diagnostic.pointer;
  const subject = [
    diagnostic.state !== undefined ? `State '${diagnostic.state}'` : undefined,
    diagnostic.field !== undefined ? diagnostic.field : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' › ');
  const marker = isError(diagnostic) ? '' : 'warning: ';
  return `${location}  ${marker}${subject === '' ? '' : `${subject}: `}${diagnostic.message} [${diagnostic.code}]`;
}
