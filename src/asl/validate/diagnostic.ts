/**
 * A validation diagnostic: one problem in a definition, with a stable code and a precise location.
 */
import type { DiagnosticCode } from './codes.js';

/** One problem found in a definition. */
export interface Diagnostic {
  /** Stable code, SCREAMING_SNAKE, e.g. 'SCHEMA_UNKNOWN_FIELD', 'NEXT_NOT_FOUND', 'UNREACHABLE_STATE'. Documented in docs/validation.md. */
  readonly code: string;
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
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly pointer: string;
  readonly state?: string;
  readonly field?: string;
}

/** Starts a message with a capital letter, as a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Formats a diagnostic on one line: `line:column  State 'X' › Field: message [CODE]`.
 *
 * @example
 * formatDiagnostic({ code: 'NEXT_NOT_FOUND', message: "…", pointer: '/States/A/Next', state: 'A', field: 'Next', line: 4, column: 7 });
 * // "4:7  State 'A' › Next: … [NEXT_NOT_FOUND]"
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
  return `${location}  ${subject === '' ? '' : `${subject}: `}${diagnostic.message} [${diagnostic.code}]`;
}
