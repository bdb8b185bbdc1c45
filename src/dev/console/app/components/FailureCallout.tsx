/**
 * An error and its cause, as a state or an execution reports them. A Lambda function's cause is
 * JSON (`errorMessage`, `errorType`, `stackTrace`): its message is shown first, then the whole cause.
 */
import type { Failure } from '../model/execution-model.js';
import { Field } from './common.js';

/** Props of {@link FailureCallout}. */
export interface FailureCalloutProps {
  readonly failure: Pick<Failure, 'error' | 'cause'>;
  /** A caught error (a Catch went on) is drawn in orange, a failure in red. */
  readonly caught: boolean;
  readonly title?: string;
}

/** The error callout. */
export function FailureCallout({ failure, caught, title }: FailureCalloutProps) {
  const message = errorMessage(failure.cause);
  const heading = title ?? (caught ? 'Caught error — a Catch went on' : 'Failed');
  return (
    <section class={`failure ${caught ? 'failure-caught' : 'failure-failed'}`} aria-label={heading}>
      <p class="failure-title">
        <span aria-hidden="true">{caught ? '!' : '✕'} </span>
        {heading}
      </p>
      <dl class="fields">
        <Field label="Error">
          <code class="failure-error">{failure.error === '' ? '(none)' : failure.error}</code>
        </Field>
        <Field label="Cause">
          {message !== undefined && <p class="failure-message">{message}</p>}
          {failure.cause === '' ? <span class="muted">(none)</span> : <Cause cause={failure.cause} />}
        </Field>
      </dl>
    </section>
  );
}

/** A cause, indented when it is JSON, in a scrolling box. */
export function Cause({ cause }: { cause: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with the keyboard
    <pre class="failure-cause" tabIndex={0}>
      {prettyCause(cause)}
    </pre>
  );
}

/** A Lambda error's `errorMessage`, when the cause is its JSON. */
export function errorMessage(cause: string): string | undefined {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined;
  } catch {
    return undefined;
  }
}

function prettyCause(cause: string): string {
  try {
    return JSON.stringify(JSON.parse(cause), null, 2);
  } catch {
    return cause;
  }
}
