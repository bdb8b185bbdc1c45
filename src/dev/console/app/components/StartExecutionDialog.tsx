/**
 * Starts an execution: a name (optional) and an input editor that checks the input is JSON before
 * anything is sent (`StartExecution` would answer `InvalidExecutionInput`).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, sfn } from '../api.js';
import { ErrorMessage } from './common.js';

/** Props of {@link StartExecutionDialog}. */
export interface StartExecutionDialogProps {
  /** A state machine, version or alias ARN. */
  readonly stateMachineArn: string;
  /** The input the editor starts with. */
  readonly initialInput: string;
  readonly onClose: () => void;
  readonly onStarted: (executionArn: string) => void;
}

/** The characters Step Functions refuses in an execution name. */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;

/** Why a name is refused (undefined when it is fine or empty). */
export function nameProblem(name: string): string | undefined {
  if (name === '') return undefined;
  if ([...name].length > 80) return 'A name has at most 80 characters.';
  const bad = BAD_NAME.exec(name);
  if (bad !== null) return `A name cannot contain ${/\s/.test(bad[0]) ? 'white space' : `'${bad[0]}'`}.`;
  return undefined;
}

/** Why an input is refused (undefined when it is JSON). */
export function inputProblem(input: string): string | undefined {
  if (input.trim() === '') return 'The input is empty: an execution takes a JSON value ({} for none).';
  try {
    JSON.parse(input);
    return undefined;
  } catch (error) {
    return `The input is not JSON: ${(error as Error).message}`;
  }
}

/** A modal dialog (the browser's `<dialog>`: focus stays inside, Escape closes it). */
export function StartExecutionDialog(props: StartExecutionDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [input, setInput] = useState(props.initialInput);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<Error | undefined>();
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);
  const inputError = inputProblem(input);
  const nameError = nameProblem(name);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (inputError !== undefined || nameError !== undefined) return;
    setSending(true);
    setFailure(undefined);
    try {
      const started = await sfn<{ executionArn: string }>('StartExecution', {
        stateMachineArn: props.stateMachineArn,
        input,
        ...(name === '' ? {} : { name }),
      });
      dialog.current?.close();
      props.onStarted(started.executionArn);
    } catch (error) {
      setFailure(error instanceof Error ? error : new ApiError('Error', String(error)));
    } finally {
      setSending(false);
    }
  };
  const format = () => {
    if (inputError === undefined) setInput(JSON.stringify(JSON.parse(input), null, 2));
  };
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="start-title" onClose={props.onClose}>
      <form onSubmit={submit} class="dialog-form">
        <h2 id="start-title">Start execution</h2>
        <label class="form-field">
          <span>
            Name <span class="muted">(optional: a unique id is made when empty)</span>
          </span>
          <input
            type="text"
            name="name"
            value={name}
            maxLength={80}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={nameError !== undefined}
            aria-describedby={nameError === undefined ? undefined : 'start-name-error'}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {nameError !== undefined && (
            <span class="field-error" id="start-name-error">
              {nameError}
            </span>
          )}
        </label>
        <label class="form-field">
          <span>Input (JSON)</span>
          <textarea
            name="input"
            rows={14}
            spellcheck={false}
            class="code-input"
            value={input}
            aria-invalid={inputError !== undefined}
            aria-describedby="start-input-status"
            onInput={(e) => setInput(e.currentTarget.value)}
          />
          <span
            id="start-input-status"
            class={inputError === undefined ? 'field-ok' : 'field-error'}
            role={inputError === undefined ? undefined : 'alert'}
          >
            {inputError ?? 'Valid JSON.'}
          </span>
        </label>
        {failure !== undefined && <ErrorMessage error={failure} title="Step Functions refused the execution" />}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={format} disabled={inputError !== undefined}>
            Format JSON
          </button>
          <span class="spacer" />
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            class="button button-primary"
            disabled={sending || inputError !== undefined || nameError !== undefined}
          >
            {sending ? 'Starting…' : 'Start execution'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
